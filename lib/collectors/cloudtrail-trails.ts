import { DescribeTrailsCommand, GetTrailStatusCommand, type Trail, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { read, type ReadFailure } from './read.ts';
import type { CollectContext } from './types.ts';
import type { TrailFacts } from '../model/states/cloudtrail.ts';

/**
 * Reads and facts shared by the two CloudTrail snapshot kinds (one trail, the whole account).
 * Both read a trail by its ARN: only the ARN reaches a shadow trail (a multi-region trail seen
 * from a region other than its home), and DescribeTrails returns the home region's settings.
 */

/** Errors meaning "no such trail": the trail was deleted. */
const TRAIL_NOT_FOUND = ['TrailNotFoundException', 'TrailNotFound'];

/** The account id in a trail ARN (arn:aws:cloudtrail:us-east-1:111122223333:trail/name); null if none. */
export function trailOwnerAccount(arn: string | undefined): string | null {
  return /^arn:[^:]+:cloudtrail:[^:]*:(\d{12}):trail\//.exec(arn ?? '')?.[1] ?? null;
}

/**
 * True when another account owns the trail: an organization trail seen from a member account.
 * Its follow-up reads (GetTrailStatus, GetEventSelectors) may be refused, and a "not found" then
 * means "not visible to this account", never "deleted": DescribeTrails has just listed it.
 */
export function isOtherAccountsTrail(ctx: CollectContext, trail: TrailFacts): boolean {
  return trail.ownerAccount !== null && trail.ownerAccount !== ctx.account;
}

/** Facts of a DescribeTrails entry; `region` fills a missing HomeRegion. */
export function trailFacts(trail: Trail, region: string): TrailFacts {
  return {
    name: trail.Name ?? trail.TrailARN ?? 'unnamed',
    arn: trail.TrailARN ?? trail.Name ?? 'unnamed',
    homeRegion: trail.HomeRegion ?? region,
    isMultiRegion: trail.IsMultiRegionTrail === true,
    isOrganizationTrail: trail.IsOrganizationTrail === true,
    ownerAccount: trailOwnerAccount(trail.TrailARN),
    kmsKeyId: trail.KmsKeyId || null,
    logFileValidationEnabled: trail.LogFileValidationEnabled === true,
  };
}

/** DescribeTrails, shadow trails included; `names` narrows it to trails by name or ARN. */
export function describeTrails(ctx: CollectContext, names?: string[]): Promise<Trail[] | null | ReadFailure> {
  return read(
    'DescribeTrails',
    async () =>
      (await ctx.clients.get(CloudTrailClient).send(new DescribeTrailsCommand({ trailNameList: names, includeShadowTrails: true })))
        .trailList ?? [],
    { names: TRAIL_NOT_FOUND, fallback: null },
  );
}

/**
 * GetTrailStatus.IsLogging by ARN (documented as required for a shadow trail and for an
 * organization trail read from a member account); null means the trail is gone. For another
 * account's trail a TrailNotFound stays a failed read (see isOtherAccountsTrail).
 */
export function readIsLogging(ctx: CollectContext, trail: TrailFacts): Promise<boolean | null | ReadFailure> {
  return read(
    'GetTrailStatus',
    async () => (await ctx.clients.get(CloudTrailClient).send(new GetTrailStatusCommand({ Name: trail.arn }))).IsLogging === true,
    { names: isOtherAccountsTrail(ctx, trail) ? [] : TRAIL_NOT_FOUND, fallback: null },
  );
}
