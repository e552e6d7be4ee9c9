import { CloudFrontClient, GetDistributionConfigCommand, paginateListDistributions } from '@aws-sdk/client-cloudfront';
import type { Snapshot } from '../model/check.ts';
import { partitionOf, type CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { CloudFrontDistributionState } from '../model/states/cloudfront.ts';
import { distributionState } from './cloudfront-config.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { asString } from './values.ts';

const KIND = 'cloudfront-distribution';
const RESOURCE_TYPE = 'AWS::CloudFront::Distribution';
const NOT_FOUND = ['NoSuchDistribution'];

/** The distribution id of an id or ARN (arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE). */
function distributionId(value: string): string {
  return /:distribution\/([A-Za-z0-9]+)$/.exec(value)?.[1] ?? value;
}

function arnOf(ctx: CollectContext, id: string): string {
  return `arn:${partitionOf(ctx.region)}:cloudfront::${ctx.account}:distribution/${id}`;
}

function malformed(id: string) {
  return { operation: 'GetDistributionConfig', code: 'MALFORMED_RESPONSE' as const, name: 'IncompleteDistributionConfig', message: `distribution ${id} has no default cache behavior, viewer certificate or origins` };
}

/**
 * Snapshot kind "cloudfront-distribution": one distribution, id = distribution id. CloudFront is
 * global (its API and CloudTrail events live in us-east-1), so the sweep reads it once. The
 * listing carries every fact the check reads (DistributionSummary has the behaviors, certificate
 * and origins), so a sweep needs one call per page, not one per distribution.
 *
 * @example
 * const snapshot = await cloudFrontDistributionKind.collect(ctx, 'EDFDVBD6EXAMPLE');
 * snapshot.state?.behaviors[0]?.viewerProtocolPolicy; // 'redirect-to-https'
 */
export const cloudFrontDistributionKind: SnapshotKind<CloudFrontDistributionState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  global: true,

  async collect(ctx: CollectContext, resourceId: string): Promise<Snapshot<CloudFrontDistributionState>> {
    const id = distributionId(resourceId);
    const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id, arn: arnOf(ctx, id) }, account: ctx.account, region: ctx.region, source: 'api' as const };
    const client = ctx.clients.get(CloudFrontClient);
    const out = await read('GetDistributionConfig', () => client.send(new GetDistributionConfigCommand({ Id: id })), { names: NOT_FOUND, fallback: null });
    if (isFailure(out)) return { ...base, error: out.error };
    if (out === null) return { ...base, deleted: true };
    const state = distributionState(id, out.DistributionConfig);
    return state ? { ...base, state } : { ...base, error: malformed(id) };
  },

  enumerate(ctx: CollectContext): AsyncIterable<string> {
    const pages = paginateListDistributions({ client: ctx.clients.get(CloudFrontClient) }, {});
    return idsFromPages(pages, (page) => page.DistributionList?.Items, (summary) => summary.Id);
  },

  async *snapshotsFromListing(ctx: CollectContext): AsyncIterable<Snapshot<CloudFrontDistributionState>> {
    for await (const page of paginateListDistributions({ client: ctx.clients.get(CloudFrontClient) }, {})) {
      for (const summary of page.DistributionList?.Items ?? []) {
        if (!summary.Id) continue;
        const resource = { type: RESOURCE_TYPE, id: summary.Id, arn: summary.ARN ?? arnOf(ctx, summary.Id) };
        const base = { kind: KIND, resource, account: ctx.account, region: ctx.region, source: 'api' as const };
        const state = distributionState(summary.Id, summary, summary.DomainName ?? null);
        yield state ? { ...base, state } : { ...base, error: { ...malformed(summary.Id), operation: 'ListDistributions' } };
      }
    }
  },

  fromConfigItem(item: ConfigItem): Snapshot<CloudFrontDistributionState> | undefined {
    const id = distributionId(item.resourceId);
    const base = snapshotFromItem<CloudFrontDistributionState>(KIND, item, { resource: { type: RESOURCE_TYPE, id } });
    if (isGoneItem(item)) return { ...base, deleted: true };
    const config = item.configuration ?? {};
    const state = distributionState(id, config.distributionConfig, asString(config.domainName) ?? null);
    return state ? { ...base, state } : undefined;
  },

  /**
   * Update, UpdateWithStagingConfig and Delete name the distribution in requestParameters.id;
   * Create, CreateWithTags and Copy return it in responseElements.distribution.id (the request has
   * only the configuration). Event names may carry the API version (UpdateDistribution2020_05_31).
   */
  idsFromEvent(record: CloudTrailRecord): string[] {
    const response = record.responseElements as { distribution?: { id?: unknown; aRN?: unknown } } | null | undefined;
    const id = asString(record.requestParameters?.id) ?? asString(response?.distribution?.id) ?? asString(response?.distribution?.aRN);
    return id ? [distributionId(id)] : [];
  },
};
