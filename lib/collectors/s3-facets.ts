/**
 * The facets of an S3 bucket snapshot (lib/model/states/s3.ts), each with the IAM action that
 * reads it: the S3 collector reads only the facets the checks at hand declare in their metadata
 * `reads`, and each facet fails on its own into `state.facetErrors`.
 */
import { GetBucketEncryptionCommand, GetBucketLoggingCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { S3BucketState, S3Facet } from '../model/states/s3.ts';
import { isFailure, read, ReadFailure } from './read.ts';
import { readOncePerRun } from './run-memo.ts';
import { NO_PUBLIC_ACCESS_BLOCK, parsePolicy, toPublicAccessBlock } from './s3-state.ts';
import type { CollectContext } from './types.ts';

/** What one facet adds to the state, or why it could not be read. */
type FacetAnswer = Partial<S3BucketState> | ReadFailure;

interface FacetReader {
  /** The IAM action a check declares (metadata `reads`) when it needs this facet. */
  action: string;
  read(ctx: CollectContext, bucket: string): Promise<FacetAnswer>;
}

async function encryption(ctx: CollectContext, bucket: string): Promise<FacetAnswer> {
  const out = await read('GetBucketEncryption', () => ctx.clients.get(S3Client).send(new GetBucketEncryptionCommand({ Bucket: bucket })), {
    names: ['ServerSideEncryptionConfigurationNotFoundError'],
    fallback: null,
  });
  if (isFailure(out)) return out;
  const encryptionRules = (out?.ServerSideEncryptionConfiguration?.Rules ?? []).flatMap((rule) => {
    const byDefault = rule.ApplyServerSideEncryptionByDefault;
    if (!byDefault?.SSEAlgorithm) return [];
    return [{ sseAlgorithm: byDefault.SSEAlgorithm, kmsMasterKeyId: byDefault.KMSMasterKeyID, bucketKeyEnabled: rule.BucketKeyEnabled }];
  });
  return { encryptionRules };
}

async function policy(ctx: CollectContext, bucket: string): Promise<FacetAnswer> {
  const out = await read('GetBucketPolicy', () => ctx.clients.get(S3Client).send(new GetBucketPolicyCommand({ Bucket: bucket })), { names: ['NoSuchBucketPolicy'], fallback: null });
  if (isFailure(out)) return out;
  if (!out?.Policy) return { policy: null };
  try {
    return { policy: parsePolicy(out.Policy) };
  } catch (error) {
    return new ReadFailure({ operation: 'GetBucketPolicy', code: 'MALFORMED_RESPONSE', name: 'ParseError', message: `policy is not valid JSON: ${(error as Error).message}` });
  }
}

async function bucketBlock(ctx: CollectContext, bucket: string): Promise<FacetAnswer> {
  const out = await read('GetPublicAccessBlock', () => ctx.clients.get(S3Client).send(new GetPublicAccessBlockCommand({ Bucket: bucket })), {
    names: ['NoSuchPublicAccessBlockConfiguration'],
    fallback: null,
  });
  if (isFailure(out)) return out;
  return { publicAccessBlock: out ? toPublicAccessBlock(out.PublicAccessBlockConfiguration) : null };
}

/** The account's setting is the same for every bucket: read once per account and region per run. */
async function accountBlock(ctx: CollectContext): Promise<FacetAnswer> {
  const out = await readOncePerRun(ctx, `s3control:GetPublicAccessBlock:${ctx.account}:${ctx.region}`, () =>
    read('s3control:GetPublicAccessBlock', () => ctx.clients.get(S3ControlClient).send(new GetAccountPublicAccessBlockCommand({ AccountId: ctx.account })), {
      names: ['NoSuchPublicAccessBlockConfiguration'],
      fallback: null,
    }),
  );
  if (isFailure(out)) return out;
  return { accountPublicAccessBlock: out ? toPublicAccessBlock(out.PublicAccessBlockConfiguration) : { ...NO_PUBLIC_ACCESS_BLOCK } };
}

async function logging(ctx: CollectContext, bucket: string): Promise<FacetAnswer> {
  const out = await read('GetBucketLogging', () => ctx.clients.get(S3Client).send(new GetBucketLoggingCommand({ Bucket: bucket })));
  if (isFailure(out)) return out;
  const target = out.LoggingEnabled;
  return { logging: target?.TargetBucket ? { targetBucket: target.TargetBucket, targetPrefix: target.TargetPrefix ?? '' } : null };
}

const FACETS: Record<S3Facet, FacetReader> = {
  encryption: { action: 's3:GetEncryptionConfiguration', read: encryption },
  policy: { action: 's3:GetBucketPolicy', read: policy },
  publicAccessBlock: { action: 's3:GetBucketPublicAccessBlock', read: bucketBlock },
  accountPublicAccessBlock: { action: 's3:GetAccountPublicAccessBlock', read: accountBlock },
  logging: { action: 's3:GetBucketLogging', read: logging },
};

/**
 * Read the facets the context's checks need (all of them without `ctx.reads`), each on its own:
 * one denied API must not hide the others. A facet not needed stays undefined, without an error.
 *
 * @example const facets = await readFacets(ctx, 'scans'); // facets.policy, facets.facetErrors.policy
 */
export async function readFacets(ctx: CollectContext, bucket: string): Promise<Pick<S3BucketState, 'facetErrors'> & Partial<S3BucketState>> {
  const needed = (Object.keys(FACETS) as S3Facet[]).filter((facet) => !ctx.reads || ctx.reads.has(FACETS[facet].action));
  const answers = await Promise.all(needed.map((facet) => FACETS[facet].read(ctx, bucket)));
  const state: Pick<S3BucketState, 'facetErrors'> & Partial<S3BucketState> = { facetErrors: {} };
  needed.forEach((facet, i) => {
    const answer = answers[i]!;
    if (isFailure(answer)) state.facetErrors[facet] = answer.error;
    else Object.assign(state, answer);
  });
  return state;
}
