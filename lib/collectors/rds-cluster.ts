/**
 * The cluster side of the rds-database kind: Aurora and Multi-AZ DB clusters (DescribeDBClusters,
 * which also answers for DocumentDB and Neptune clusters). A cluster, not its instances, holds the
 * backup retention and the CloudWatch Logs exports of its databases.
 */
import { DescribeDBClustersCommand, paginateDescribeDBClusters, RDSClient, type DBCluster } from '@aws-sdk/client-rds';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { RdsDatabaseState } from '../model/states/rds.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { isFailure, read } from './read.ts';
import { describedSnapshot } from './rds.ts';
import type { CollectContext } from './types.ts';
import { asString } from './values.ts';

export const DATABASE_KIND = 'rds-database';
export const CLUSTER_TYPE = 'AWS::RDS::DBCluster';
/** The SDK's fault name and the wire code recorded responses may carry. */
const NOT_FOUND_NAMES = ['DBClusterNotFoundFault', 'DBClusterNotFound'];
/** Config items name a cluster by its DbClusterResourceId ("cluster-" + upper case); identifiers are lower case. */
const CLUSTER_RESOURCE_ID = /^cluster-[A-Z0-9]{16,}$/;

function stateOf(cluster: DBCluster, id: string): RdsDatabaseState {
  return {
    type: 'cluster',
    identifier: cluster.DBClusterIdentifier ?? id,
    engine: cluster.Engine ?? null,
    status: cluster.Status ?? null,
    // Aurora keeps at least one day; a missing member is read as no backups, never as enough.
    backupRetentionPeriod: cluster.BackupRetentionPeriod ?? 0,
    enabledCloudwatchLogsExports: cluster.EnabledCloudwatchLogsExports ?? [],
    clusterIdentifier: null,
    replicaSourceIdentifier: cluster.ReplicationSourceIdentifier ?? null,
  };
}

function clusterSnapshot(ctx: CollectContext, cluster: DBCluster, id: string): Snapshot<RdsDatabaseState> {
  const state = stateOf(cluster, id);
  return describedSnapshot(ctx, DATABASE_KIND, { type: CLUSTER_TYPE, id: state.identifier, arn: cluster.DBClusterArn }, cluster.TagList, state);
}

/** Read one cluster by identifier or DbClusterResourceId. A missing cluster is `deleted`. */
export async function collectCluster(ctx: CollectContext, id: string): Promise<Snapshot<RdsDatabaseState>> {
  const base = { kind: DATABASE_KIND, account: ctx.account, region: ctx.region, source: 'api' as const, resource: { type: CLUSTER_TYPE, id } };
  const input = CLUSTER_RESOURCE_ID.test(id) ? { Filters: [{ Name: 'db-cluster-resource-id', Values: [id] }] } : { DBClusterIdentifier: id };
  const out = await read('DescribeDBClusters', () => ctx.clients.get(RDSClient).send(new DescribeDBClustersCommand(input)), { names: NOT_FOUND_NAMES, fallback: null });
  if (isFailure(out)) return { ...base, error: out.error };
  const cluster = out?.DBClusters?.[0];
  // DeleteDBCluster answers while the cluster is still described as deleting: it is gone.
  if (!cluster || cluster.Status === 'deleting') return { ...base, deleted: true };
  return clusterSnapshot(ctx, cluster, id);
}

/** Every cluster of the region as a snapshot, page by page (the listing has every fact). */
export async function* clusterSnapshots(ctx: CollectContext): AsyncIterable<Snapshot<RdsDatabaseState>> {
  for await (const page of paginateDescribeDBClusters({ client: ctx.clients.get(RDSClient) }, {})) {
    for (const cluster of page.DBClusters ?? []) {
      if (cluster.DBClusterIdentifier) yield clusterSnapshot(ctx, cluster, cluster.DBClusterIdentifier);
    }
  }
}

/**
 * A cluster's snapshot from its Config item (members as Config spells them: dbclusterIdentifier,
 * backupRetentionPeriod, enabledCloudwatchLogsExports); undefined when the item does not say how
 * long backups are kept or which logs are exported, so the cluster is read live.
 */
export function clusterFromConfigItem(item: ConfigItem): Snapshot<RdsDatabaseState> | undefined {
  const config = item.configuration ?? {};
  const id = asString(config.dbclusterIdentifier) ?? asString(config.dBClusterIdentifier) ?? item.resourceName ?? item.resourceId;
  const base = snapshotFromItem<RdsDatabaseState>(DATABASE_KIND, item, { resource: { type: CLUSTER_TYPE, id } });
  if (isGoneItem(item)) return { ...base, deleted: true };
  if (typeof config.backupRetentionPeriod !== 'number' || !('enabledCloudwatchLogsExports' in config)) return undefined;
  const exports = config.enabledCloudwatchLogsExports;
  return {
    ...base,
    state: {
      type: 'cluster',
      identifier: id,
      engine: asString(config.engine) ?? null,
      status: asString(config.status) ?? null,
      backupRetentionPeriod: config.backupRetentionPeriod,
      enabledCloudwatchLogsExports: Array.isArray(exports) ? exports.filter((v): v is string => typeof v === 'string') : [],
      clusterIdentifier: null,
      replicaSourceIdentifier: asString(config.replicationSourceIdentifier) ?? null,
    },
  };
}

/**
 * The clusters a cluster event names (CloudTrail spells the members dBClusterIdentifier,
 * newDBClusterIdentifier on a rename), lower-cased as RDS stores identifiers.
 */
export function clusterIdsFromEvent(record: CloudTrailRecord): string[] {
  const request = record.requestParameters ?? {};
  const response = record.responseElements ?? {};
  const candidates = [request.dBClusterIdentifier, request.newDBClusterIdentifier, response.dBClusterIdentifier];
  const ids = candidates.map(asString).filter((v): v is string => v !== undefined).map((v) => v.toLowerCase());
  return [...new Set(ids)];
}
