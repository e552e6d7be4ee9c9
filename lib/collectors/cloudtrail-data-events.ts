import { CloudTrailClient, GetEventSelectorsCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { GetBucketLocationCommand, GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import type { Snapshot } from '../model/check.ts';
import { partitionOf, type CloudTrailRecord } from '../model/cloudtrail.ts';
import type { DataEventTrail, S3DataEventSelector, S3DataEventsState } from '../model/states/cloudtrail-data-events.ts';
import { s3DataEventSelectors } from './cloudtrail-data-selectors.ts';
import { describeTrails, readIsLogging, trailFacts } from './cloudtrail-trails.ts';
import { isFailure, read, type ReadFailure } from './read.ts';
import { readOncePerRun } from './run-memo.ts';
import { s3BucketKind } from './s3.ts';
import { regionFromLocation } from './s3-state.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'cloudtrail-s3-data-events';
const RESOURCE_TYPE = 'AWS::S3::Bucket';

/**
 * A trail DescribeTrails reports without custom selectors logs management events only (AWS: "by
 * default, trails ... log all read and write management events, and no data events"), so its
 * selectors are not read: one call fewer, and one a member account may be refused.
 */
function readSelectors(ctx: CollectContext, trail: Trail, arn: string): Promise<S3DataEventSelector[] | ReadFailure> {
  if (trail.HasCustomEventSelectors === false) return Promise.resolve([]);
  return read('GetEventSelectors', async () => s3DataEventSelectors(await ctx.clients.get(CloudTrailClient).send(new GetEventSelectorsCommand({ TrailName: arn }))));
}

async function describeTrail(ctx: CollectContext, trail: Trail): Promise<DataEventTrail> {
  const facts = trailFacts(trail, ctx.region);
  const [isLogging, selectors] = await Promise.all([readIsLogging(ctx, facts), readSelectors(ctx, trail, facts.arn)]);
  const readError = isFailure(isLogging) ? isLogging.error : isFailure(selectors) ? selectors.error : undefined;
  return {
    ...facts,
    // null from readIsLogging means the trail vanished between calls: it logs nothing.
    isLogging: isFailure(isLogging) ? null : isLogging === true,
    s3DataEvents: isFailure(selectors) ? null : selectors,
    ...(readError ? { readError } : {}),
  };
}

/** Every trail that applies in the context's region (its own, multi-region and organization trails), read once per run. */
function regionTrails(ctx: CollectContext): Promise<DataEventTrail[] | ReadFailure> {
  return readOncePerRun(ctx, `cloudtrail:s3-data-event-trails:${ctx.account}:${ctx.region}`, async () => {
    const described = await describeTrails(ctx);
    if (isFailure(described)) return described;
    return Promise.all((described ?? []).map((trail) => describeTrail(ctx, trail)));
  });
}

/**
 * Snapshot kind "cloudtrail-s3-data-events": one S3 bucket (id = bucket name) with its tags and
 * every trail that applies in its region, each with its logging status and S3 data-event
 * selectors. The bucket must be readable (GetBucketLocation; gone = deleted); its tags decide PHI
 * scope (a failed read is `tagsError`); the trails are read once per run and region, not once per
 * bucket, and a failed DescribeTrails is `state.trailsError`, so it only makes PHI buckets `error`. A trail's failed status or selector read is kept on that trail, so the check can tell a
 * gap from a read it was refused (an organization trail seen from a member account).
 *
 * @example
 * const snapshot = await s3DataEventsKind.collect(ctx, 'patient-scans');
 * snapshot.state?.trails.map((t) => t.s3DataEvents);
 */
export const s3DataEventsKind: SnapshotKind<S3DataEventsState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext, bucket: string): Promise<Snapshot<S3DataEventsState>> {
    const s3 = ctx.clients.get(S3Client);
    const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id: bucket, arn: `arn:${partitionOf(ctx.region)}:s3:::${bucket}` }, account: ctx.account, source: 'api' as const };
    const location = await read('GetBucketLocation', () => s3.send(new GetBucketLocationCommand({ Bucket: bucket })));
    if (isFailure(location)) {
      return location.error.name === 'NoSuchBucket' ? { ...base, region: ctx.region, deleted: true } : { ...base, region: ctx.region, error: location.error };
    }
    const region = regionFromLocation(location.LocationConstraint);
    const [tagging, trails] = await Promise.all([
      read('GetBucketTagging', () => s3.send(new GetBucketTaggingCommand({ Bucket: bucket })), { names: ['NoSuchTagSet'], fallback: null }),
      regionTrails(ctx),
    ]);
    if (isFailure(tagging) && tagging.error.name === 'NoSuchBucket') return { ...base, region, deleted: true };
    const tags = isFailure(tagging) ? { tagsError: tagging.error } : { tags: tagsFromList(tagging?.TagSet) };
    const state: S3DataEventsState = isFailure(trails)
      ? { bucket, region, trailsRegion: ctx.region, trails: [], trailsError: trails.error }
      : { bucket, region, trailsRegion: ctx.region, trails };
    return { ...base, region, ...tags, state };
  },

  /** The buckets of the region, as the S3 bucket kind lists them. */
  enumerate: (ctx) => s3BucketKind.enumerate(ctx),
  /** A trail change names no bucket: the event fans out to every bucket of the account, each read in its region. */
  enumerateAccount: (ctx) => s3BucketKind.enumerateAccount!(ctx),

  /** Bucket events name the bucket; trail events name none (they fan out). */
  idsFromEvent(record: CloudTrailRecord): string[] {
    return record.eventSource === 's3.amazonaws.com' ? s3BucketKind.idsFromEvent(record) : [];
  },
};
