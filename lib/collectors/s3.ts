import { GetBucketLocationCommand, GetBucketTaggingCommand, paginateListBuckets, S3Client } from '@aws-sdk/client-s3';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { s3BucketFromConfigItem } from './s3-config-item.ts';
import { readFacets } from './s3-facets.ts';
import { regionFromLocation } from './s3-state.ts';
import type { S3BucketState } from '../model/states/s3.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

/** Config resource type and snapshot kind name of an S3 bucket. */
const S3_BUCKET_TYPE = 'AWS::S3::Bucket';

/**
 * S3 buckets (id = bucket name). The bucket itself must be readable (GetBucketLocation); a failed
 * tag read is `tagsError` (PHI scope unknown, which runCheck handles); each other facet
 * (encryption, policy, public access block, account public access block, logging) is read only
 * when a check at hand declares it (`ctx.reads`) and fails on its own into `state.facetErrors`,
 * so one missing permission only turns the check that needs it into `error`. The account's
 * Block Public Access is read once per run (`ctx.memo`), not once per bucket.
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
  const s3 = ctx.clients.get(S3Client);
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

  // The facets the checks at hand need (lib/collectors/s3-facets.ts), each failing on its own.
  const [tagging, facets] = await Promise.all([
    read('GetBucketTagging', () => s3.send(new GetBucketTaggingCommand({ Bucket: bucket })), { names: ['NoSuchTagSet'], fallback: null }),
    readFacets(ctx, bucket),
  ]);

  // A bucket deleted between the two reads answers NoSuchBucket here: that is a deletion too.
  if (isFailure(tagging) && tagging.error.name === 'NoSuchBucket') return { ...base, region, deleted: true };
  const tags = isFailure(tagging) ? { tagsError: tagging.error } : { tags: tagsFromList(tagging?.TagSet) };
  const state: S3BucketState = { bucket, region, ...facets };

  return { ...base, region, ...tags, state };
}

/**
 * Buckets located in the context's region. ListBuckets is global; filtering by BucketRegion makes
 * each regional sweep own its buckets, so none is evaluated twice or read through the wrong region.
 */
function listBuckets(ctx: CollectContext): AsyncIterable<string> {
  return idsFromPages(paginateListBuckets({ client: ctx.clients.get(S3Client) }, { BucketRegion: ctx.region }), (page) => page.Buckets, (bucket) => bucket.Name);
}

/**
 * Every bucket of the account with the region it lives in (ListBuckets without a region filter
 * names each one's BucketRegion), for an account-level change such as the account's Block Public
 * Access: each bucket is then read through its own region.
 */
function listAccountBuckets(ctx: CollectContext): AsyncIterable<{ id: string; region: string }> {
  return idsFromPages(paginateListBuckets({ client: ctx.clients.get(S3Client) }, {}), (page) => page.Buckets, (bucket) =>
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
