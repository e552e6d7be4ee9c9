import { ListTagsCommand, paginateListTrails, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { describeTrails, isOtherAccountsTrail, readIsLogging, trailFacts, trailOwnerAccount } from './cloudtrail-trails.ts';
import { partitionOf } from '../model/cloudtrail.ts';
import { eventAccount } from '../model/cloudtrail.ts';
import { type TrailFacts } from '../model/states/cloudtrail.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { CloudTrailTrailState } from '../model/states/cloudtrail.ts';
import { asString } from './values.ts';

export { cloudTrailAccountKind } from './cloudtrail-account.ts';

const KIND = 'cloudtrail-trail';
const RESOURCE_TYPE = 'AWS::CloudTrail::Trail';

/** Tags only for trails this account owns in this region: ListTags cannot reach others. */
async function readTags(ctx: CollectContext, trail: TrailFacts) {
  if (trail.homeRegion !== ctx.region || trail.ownerAccount !== ctx.account) return undefined;
  return read('ListTags', async () => {
    const out = await ctx.clients.get(CloudTrailClient).send(new ListTagsCommand({ ResourceIdList: [trail.arn] }));
    return tagsFromList(out.ResourceTagList?.find((r) => r.ResourceId === trail.arn)?.TagsList);
  });
}

/**
 * Snapshot kind "cloudtrail-trail": one trail, id = trail ARN (a name is accepted and resolved in
 * the context's region). A shadow trail is reported from its home region's settings.
 *
 * An organization trail seen from a member account is evaluated too, from what DescribeTrails
 * returns (it is the trail that records the member's activity); its owner is the management
 * account (state.ownerAccount). GetTrailStatus is not read for it: no per-trail verdict needs
 * it, and a member may be refused the read, which must not turn into an error or a deletion.
 *
 * @example
 * const snapshot = await cloudTrailTrailKind.collect(ctx, 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main');
 * snapshot.state?.logFileValidationEnabled; // true
 */
export const cloudTrailTrailKind: SnapshotKind<CloudTrailTrailState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext, id: string): Promise<Snapshot<CloudTrailTrailState>> {
    const base = { kind: KIND, account: ctx.account, region: ctx.region, source: 'api' as const };
    const described = await describeTrails(ctx, [id]);
    if (isFailure(described)) return { ...base, resource: { type: RESOURCE_TYPE, id }, error: described.error };
    const found = described?.find((t) => t.TrailARN === id || t.Name === id) ?? described?.[0];
    if (!found) return { ...base, resource: { type: RESOURCE_TYPE, id }, deleted: true };

    const facts = trailFacts(found, ctx.region);
    const located = { ...base, region: facts.homeRegion, resource: { type: RESOURCE_TYPE, id: facts.arn, arn: facts.arn } };
    if (isOtherAccountsTrail(ctx, facts)) return { ...located, state: { ...facts, isLogging: null } };
    const isLogging = await readIsLogging(ctx, facts);
    if (isFailure(isLogging)) return { ...located, error: isLogging.error };
    if (isLogging === null) return { ...located, deleted: true };
    // The tags only enrich a trail's verdicts: a failed read is `tagsError`, never the snapshot's error.
    const tags = await readTags(ctx, facts);
    return { ...located, ...(isFailure(tags) ? { tagsError: tags.error } : { tags }), state: { ...facts, isLogging } };
  },

  /** Trails whose home is this region, so a sweep over every region sees each trail once. */
  enumerate(ctx: CollectContext): AsyncIterable<string> {
    const homeHere = (trail: { TrailARN?: string; HomeRegion?: string }) => ((trail.HomeRegion ?? ctx.region) === ctx.region ? trail.TrailARN : undefined);
    return idsFromPages(paginateListTrails({ client: ctx.clients.get(CloudTrailClient) }, {}), (page) => page.Trails, homeHere);
  },

  fromConfigItem(item: ConfigItem): Snapshot<CloudTrailTrailState> | undefined {
    const config = item.configuration ?? {};
    const arn = item.arn ?? asString(config.trailARN) ?? item.resourceId;
    const base = snapshotFromItem<CloudTrailTrailState>(KIND, item, { resource: { type: RESOURCE_TYPE, id: arn, arn } });
    if (isGoneItem(item)) return { ...base, deleted: true };
    if (typeof config.logFileValidationEnabled !== 'boolean' || typeof config.isMultiRegionTrail !== 'boolean') return undefined;
    return {
      ...base,
      state: {
        name: asString(config.name) ?? item.resourceName ?? item.resourceId,
        arn,
        homeRegion: asString(config.homeRegion) ?? item.awsRegion,
        isMultiRegion: config.isMultiRegionTrail,
        isOrganizationTrail: config.isOrganizationTrail === true,
        ownerAccount: trailOwnerAccount(arn),
        // Config omits unset properties: no kmsKeyId means the trail has none.
        kmsKeyId: asString(config.kmsKeyId) ?? null,
        logFileValidationEnabled: config.logFileValidationEnabled,
        isLogging: null,
      },
    };
  },

  idsFromEvent(record: CloudTrailRecord): string[] {
    const request = record.requestParameters ?? {};
    const response = record.responseElements ?? {};
    const arn = asString(response.trailARN);
    if (arn) return [arn];
    const name = asString(request.name) ?? asString(request.trailName);
    if (!name) return [];
    if (name.startsWith('arn:')) return [name];
    // Trail writes must be called in the trail's home region, so the event's region and
    // account complete the ARN and the id matches what collect and enumerate report.
    const account = eventAccount(record);
    if (!account) return [name];
    return [`arn:${partitionOf(record.awsRegion)}:cloudtrail:${record.awsRegion}:${account}:trail/${name}`];
  },
};
