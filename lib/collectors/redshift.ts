/**
 * Redshift provisioned clusters (kind "redshift-cluster"), named by cluster identifier. One
 * DescribeClusters answer carries encryption, public access and tags, so one kind serves both
 * Redshift checks and the sweep builds its snapshots from the listing's pages.
 */
import { type Cluster, DescribeClustersCommand, paginateDescribeClusters, RedshiftClient } from '@aws-sdk/client-redshift';
import type { Snapshot } from '../model/check.ts';
import { partitionOf, type CloudTrailRecord } from '../model/cloudtrail.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { text } from './values.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { RedshiftClusterState } from '../model/states/redshift.ts';

const KIND = 'redshift-cluster';
const RESOURCE_TYPE = 'AWS::Redshift::Cluster';

/** DescribeClusters returns no ARN; the Service Authorization Reference gives its form. */
function clusterArn(region: string, account: string, id: string): string {
  return `arn:${partitionOf(region)}:redshift:${region}:${account}:cluster:${id}`;
}

/** A cluster as DescribeClusters describes it: the same snapshot from collect and from the sweep's pages. */
function clusterSnapshot(ctx: CollectContext, cluster: Cluster & { ClusterIdentifier: string }): Snapshot<RedshiftClusterState> {
  const id = cluster.ClusterIdentifier;
  const pending = cluster.PendingModifiedValues?.PubliclyAccessible;
  const state: RedshiftClusterState = {
    clusterIdentifier: id,
    clusterStatus: text(cluster.ClusterStatus),
    encrypted: cluster.Encrypted === true,
    kmsKeyId: text(cluster.KmsKeyId),
    hsmConfigurationIdentifier: text(cluster.HsmStatus?.HsmConfigurationIdentifier),
    publiclyAccessible: cluster.PubliclyAccessible === true,
    pendingPubliclyAccessible: typeof pending === 'boolean' ? pending : null,
  };
  return {
    kind: KIND,
    resource: { type: RESOURCE_TYPE, id, arn: clusterArn(ctx.region, ctx.account, id) },
    account: ctx.account,
    region: ctx.region,
    tags: tagsFromList(cluster.Tags),
    state,
    source: 'api',
  };
}

async function collect(ctx: CollectContext, id: string): Promise<Snapshot<RedshiftClusterState>> {
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id }, account: ctx.account, region: ctx.region, source: 'api' as const };
  const out = await read('redshift:DescribeClusters', () => ctx.clients.get(RedshiftClient).send(new DescribeClustersCommand({ ClusterIdentifier: id })), {
    names: ['ClusterNotFoundFault', 'ClusterNotFound'],
    fallback: null,
  });
  if (isFailure(out)) return { ...base, error: out.error };
  const cluster = out?.Clusters?.find((c) => c.ClusterIdentifier === id);
  if (!cluster?.ClusterIdentifier) return { ...base, deleted: true };
  return clusterSnapshot(ctx, { ...cluster, ClusterIdentifier: cluster.ClusterIdentifier });
}

async function* fromListing(ctx: CollectContext): AsyncIterable<Snapshot<RedshiftClusterState>> {
  for await (const page of paginateDescribeClusters({ client: ctx.clients.get(RedshiftClient) }, {})) {
    for (const cluster of page.Clusters ?? []) {
      if (cluster.ClusterIdentifier) yield clusterSnapshot(ctx, { ...cluster, ClusterIdentifier: cluster.ClusterIdentifier });
    }
  }
}

/**
 * Config records the cluster as DescribeClusters does, in camelCase (configuration.encrypted,
 * kmsKeyId, publiclyAccessible, pendingModifiedValues). Both checks read the item, so it decides
 * only when it holds both booleans.
 */
function fromConfigItem(item: ConfigItem): Snapshot<RedshiftClusterState> | undefined {
  if (item.resourceType !== RESOURCE_TYPE) return undefined;
  const config = item.configuration ?? {};
  const id = text(config.clusterIdentifier) ?? item.resourceId;
  const arn = item.arn ?? clusterArn(item.awsRegion, item.awsAccountId, id);
  const base = snapshotFromItem<RedshiftClusterState>(KIND, item, { resource: { type: RESOURCE_TYPE, id, arn } });
  if (isGoneItem(item)) return { ...base, deleted: true };
  if (typeof config.encrypted !== 'boolean' || typeof config.publiclyAccessible !== 'boolean') return undefined;
  const pending = (config.pendingModifiedValues ?? {}) as Record<string, unknown>;
  const hsm = (config.hsmStatus ?? {}) as Record<string, unknown>;
  return {
    ...base,
    state: {
      clusterIdentifier: id,
      clusterStatus: text(config.clusterStatus),
      encrypted: config.encrypted,
      kmsKeyId: text(config.kmsKeyId),
      hsmConfigurationIdentifier: text(hsm.hsmConfigurationIdentifier),
      publiclyAccessible: config.publiclyAccessible,
      pendingPubliclyAccessible: typeof pending.publiclyAccessible === 'boolean' ? pending.publiclyAccessible : null,
    },
  };
}

/**
 * Cluster events name the cluster by requestParameters.clusterIdentifier (a restore: the new
 * cluster), a rename by newClusterIdentifier, and most responses by clusterIdentifier. Redshift
 * stores identifiers in lower case; an event may carry the caller's spelling.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  const request = record.requestParameters ?? {};
  const response = record.responseElements ?? {};
  const named = [request.clusterIdentifier, request.newClusterIdentifier, response.clusterIdentifier].map(text).filter((v): v is string => v !== null);
  return [...new Set(named.map((id) => id.toLowerCase()))];
}

/**
 * Snapshot kind "redshift-cluster": one provisioned Redshift cluster, id = its identifier.
 *
 * @example
 * const snapshot = await redshiftClusterKind.collect(ctx, 'claims-dw');
 * snapshot.state?.publiclyAccessible; // false
 */
export const redshiftClusterKind: SnapshotKind<RedshiftClusterState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate: (ctx) => idsFromPages(paginateDescribeClusters({ client: ctx.clients.get(RedshiftClient) }, {}), (page) => page.Clusters, (c) => c.ClusterIdentifier),
  snapshotsFromListing: fromListing,
  fromConfigItem,
  idsFromEvent,
};
