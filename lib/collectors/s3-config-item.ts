import type { Snapshot } from '../model/check.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import type { ConfigItem } from '../model/config-item.ts';
import { parsePolicy, toPublicAccessBlock } from './s3-state.ts';
import { allBlocked, type S3BucketState, type S3EncryptionRule } from '../model/states/s3.ts';

/**
 * Build an S3 bucket snapshot from an AWS::S3::Bucket configuration item, without an API call.
 *
 * Config keeps each bucket sub-configuration in `supplementaryConfiguration`, as an object
 * (invokingEvent shape) or as a JSON string (history/snapshot shape). Returns undefined when the
 * item lacks a fact a check needs, so the pipeline reads the live bucket instead:
 * - no ServerSideEncryptionConfiguration, BucketPolicy or BucketLoggingConfiguration entry;
 * - bucket-level Block Public Access not fully on: then the account-level setting decides, and a
 *   bucket item does not carry it.
 */
export function s3BucketFromConfigItem(item: ConfigItem): Snapshot<S3BucketState> | undefined {
  const bucket = item.resourceName ?? item.resourceId;
  // Tags only with a state: a deleted bucket's snapshot carries none.
  const base = snapshotFromItem<S3BucketState>('s3-bucket', item, {
    resource: { type: 'AWS::S3::Bucket', id: bucket, arn: item.arn ?? `arn:aws:s3:::${bucket}` },
    tags: null,
  });
  if (isGoneItem(item)) return { ...base, deleted: true };

  const supplementary = item.supplementaryConfiguration ?? {};
  const encryption = decode(supplementary.ServerSideEncryptionConfiguration);
  const policy = decode(supplementary.BucketPolicy);
  const logging = decode(supplementary.BucketLoggingConfiguration);
  const block = decode(supplementary.PublicAccessBlockConfiguration);
  if (!isObject(encryption) || !isObject(policy) || !isObject(logging)) return undefined;

  const publicAccessBlock = isObject(block) ? toPublicAccessBlock(block) : null;
  if (!allBlocked(publicAccessBlock)) return undefined;

  const policyText = policy.policyText;
  let parsedPolicy: S3BucketState['policy'];
  try {
    parsedPolicy = typeof policyText === 'string' && policyText ? parsePolicy(policyText) : null;
  } catch {
    return undefined; // an unreadable policy in the item: let the live read report it properly
  }

  const target = logging.destinationBucketName;
  return {
    ...base,
    tags: item.tags ?? {},
    state: {
      bucket,
      region: item.awsRegion,
      encryptionRules: encryptionRules(encryption),
      policy: parsedPolicy,
      publicAccessBlock,
      logging: typeof target === 'string' && target ? { targetBucket: target, targetPrefix: String(logging.logFilePrefix ?? '') } : null,
      facetErrors: {},
    },
  };
}

/** Config writes `{rules: [{applyServerSideEncryptionByDefault: {sseAlgorithm, kmsMasterKeyID}, bucketKeyEnabled}]}`. */
function encryptionRules(config: Record<string, unknown>): S3EncryptionRule[] {
  const rules = (config.rules ?? config.Rules) as unknown;
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule: Record<string, unknown>) => {
    const byDefault = (rule?.applyServerSideEncryptionByDefault ?? rule?.ApplyServerSideEncryptionByDefault) as Record<string, unknown> | undefined;
    const sseAlgorithm = byDefault?.sseAlgorithm ?? byDefault?.SSEAlgorithm;
    if (typeof sseAlgorithm !== 'string') return [];
    const key = byDefault?.kmsMasterKeyID ?? byDefault?.KMSMasterKeyID;
    const bucketKey = rule.bucketKeyEnabled ?? rule.BucketKeyEnabled;
    return [{ sseAlgorithm, kmsMasterKeyId: typeof key === 'string' ? key : undefined, bucketKeyEnabled: typeof bucketKey === 'boolean' ? bucketKey : undefined }];
  });
}

/** A supplementary value as an object: Config may JSON-encode it once, or (seen in real items) twice. */
function decode(value: unknown): unknown {
  let current = value;
  for (let depth = 0; depth < 2 && typeof current === 'string'; depth++) {
    try {
      current = JSON.parse(current);
    } catch {
      return undefined;
    }
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
