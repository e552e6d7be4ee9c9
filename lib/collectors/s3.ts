import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type { ReadError, Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { s3BucketFromConfigItem } from './s3-config-item.ts';
import { NO_PUBLIC_ACCESS_BLOCK, parsePolicy, regionFromLocation, toPublicAccessBlock } from './s3-state.ts';
import { type S3BucketState, type S3Facet } from '../model/states/s3.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';


/** Config resource type and snapshot kind name of an S3 bucket. */
export const S3_BUCKET_TYPE = 'AWS::S3::Bucket';

/**
 * S3 buckets (id = bucket name). The bucket itself must be readable (GetBucketLocation); a failed
 * tag read is `tagsError` (PHI scope unknown, which runCheck handles); each other facet
 * (encryption, policy, public access block, logging) fails on its own into `state.facetErrors`,
 * so one missing permission only turns the check that needs it into `error`.
 *
 * @example
 * const snapshot = await s3BucketKind.collect({ clients, account: '111122223333', region: 'us-east-1' }, 'scans');
 */
export const s3BucketKind: SnapshotKind<S3BucketState> = {
  kind: 's3-bucket',
  resourceType: S3_BUCKET_TYPE,
  collect: collectBucket,
  enumerate: listBuckets,
  enumerateAccount: listAccountBuckets,
  fromConfigItem: s3BucketFromConfigItem,
  idsFromEvent: bucketsFromEvent,
};

async function collectBucket(ctx: CollectContext, bucket: string): Promise<Snapshot<S3BucketState>> {
  const { s3, s3control } = ctx.clients;
  const base = {
    kind: 's3-bucket',
    resource: { type: S3_BUCKET_TYPE, id: bucket, arn: `arn:aws:s3:::${bucket}` },
    account: ctx.account,
    source: 'api' as const,
  };

  const location = await read('GetBucketLocation', () => s3.send(new GetBucketLocationCommand({ Bucket: bucket })));
  if (isFailure(location)) {
    if (location.error.name === 'NoSuchBucket') return { ...base, region: ctx.region, deleted: true };
    return { ...base, region: ctx.region, error: location.error };
  }
  const region = regionFromLocation(location.LocationConstraint);

  // Every facet is read even when another fails: one denied API must not hide the others.
  const [tagging, encryption, policy, bucketBlock, accountBlock, logging] = await Promise.all([
    read('GetBucketTagging', () => s3.send(new GetBucketTaggingCommand({ Bucket: bucket })), { names: ['NoSuchTagSet'], fallback: null }),
    read('GetBucketEncryption', () => s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })), {
      names: ['ServerSideEncryptionConfigurationNotFoundError'],
      fallback: null,
    }),
    read('GetBucketPolicy', () => s3.send(new GetBucketPolicyCommand({ Bucket: bucket })), { names: ['NoSuchBucketPolicy'], fallback: null }),
    read('GetPublicAccessBlock', () => s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })), {
      names: ['NoSuchPublicAccessBlockConfiguration'],
      fallback: null,
    }),
    read('s3control:GetPublicAccessBlock', () => s3control.send(new GetAccountPublicAccessBlockCommand({ AccountId: ctx.account })), {
      names: ['NoSuchPublicAccessBlockConfiguration'],
      fallback: null,
    }),
    read('GetBucketLogging', () => s3.send(new GetBucketLoggingCommand({ Bucket: bucket }))),
  ]);

  // A bucket deleted between the two reads answers NoSuchBucket here: that is a deletion too.
  if (isFailure(tagging) && tagging.error.name === 'NoSuchBucket') return { ...base, region, deleted: true };
  const tags = isFailure(tagging) ? { tagsError: tagging.error } : { tags: tagsFromList(tagging?.TagSet) };

  const facetErrors: Partial<Record<S3Facet, ReadError>> = {};
  const state: S3BucketState = { bucket, region, facetErrors };

  if (isFailure(encryption)) facetErrors.encryption = encryption.error;
  else
    state.encryptionRules = (encryption?.ServerSideEncryptionConfiguration?.Rules ?? []).flatMap((rule) => {
      const byDefault = rule.ApplyServerSideEncryptionByDefault;
      if (!byDefault?.SSEAlgorithm) return [];
      return [{ sseAlgorithm: byDefault.SSEAlgorithm, kmsMasterKeyId: byDefault.KMSMasterKeyID, bucketKeyEnabled: rule.BucketKeyEnabled }];
    });

  if (isFailure(policy)) facetErrors.policy = policy.error;
  else if (!policy?.Policy) state.policy = null;
  else {
    try {
      state.policy = parsePolicy(policy.Policy);
    } catch (error) {
      facetErrors.policy = { operation: 'GetBucketPolicy', code: 'MALFORMED_RESPONSE', name: 'ParseError', message: `policy is not valid JSON: ${(error as Error).message}` };
    }
  }

  if (isFailure(bucketBlock)) facetErrors.publicAccessBlock = bucketBlock.error;
  else state.publicAccessBlock = bucketBlock ? toPublicAccessBlock(bucketBlock.PublicAccessBlockConfiguration) : null;

  if (isFailure(accountBlock)) facetErrors.accountPublicAccessBlock = accountBlock.error;
  else state.accountPublicAccessBlock = accountBlock ? toPublicAccessBlock(accountBlock.PublicAccessBlockConfiguration) : { ...NO_PUBLIC_ACCESS_BLOCK };

  if (isFailure(logging)) facetErrors.logging = logging.error;
  else {
    const target = logging.LoggingEnabled;
    state.logging = target?.TargetBucket ? { targetBucket: target.TargetBucket, targetPrefix: target.TargetPrefix ?? '' } : null;
  }

  return { ...base, region, ...tags, state };
}

/**
 * Buckets located in the context's region. ListBuckets is global; filtering by BucketRegion makes
 * each regional sweep own its buckets, so none is evaluated twice or read through the wrong region.
 */
function listBuckets(ctx: CollectContext): AsyncIterable<string> {
  return idsFromPages(paginateListBuckets({ client: ctx.clients.s3 }, { BucketRegion: ctx.region }), (page) => page.Buckets, (bucket) => bucket.Name);
}

/**
 * Every bucket of the account with the region it lives in (ListBuckets without a region filter
 * names each one's BucketRegion), for an account-level change such as the account's Block Public
 * Access: each bucket is then read through its own region.
 */
function listAccountBuckets(ctx: CollectContext): AsyncIterable<{ id: string; region: string }> {
  return idsFromPages(paginateListBuckets({ client: ctx.clients.s3 }, {}), (page) => page.Buckets, (bucket) =>
    bucket.Name ? { id: bucket.Name, region: bucket.BucketRegion ?? ctx.region } : undefined,
  );
}

/**
 * The bucket an S3 management event names (`requestParameters.bucketName`, on every bucket-level
 * call). Account-level Block Public Access events (PutAccountPublicAccessBlock, sent to
 * `<account>.s3-control.<region>.amazonaws.com`) name no bucket: the check's trigger fans them out
 * to every bucket of the account.
 */
function bucketsFromEvent(record: CloudTrailRecord): string[] {
  const name = record.requestParameters?.bucketName;
  if (typeof name === 'string' && name) return [name];
  if (Array.isArray(name) && typeof name[0] === 'string' && name[0]) return [name[0]];
  return [];
}
