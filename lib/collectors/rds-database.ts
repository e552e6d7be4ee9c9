/**
 * Snapshot kind "rds-database": every RDS database that owns automated backups and log exports,
 * DB instances and DB clusters alike, for the checks that judge both (rds-backup-retention,
 * rds-log-exports). The instance side is the rds-instance kind's reads, the cluster side
 * rds-cluster.ts; this module only joins them under one kind.
 *
 * Ids: an instance is named as in the rds-instance kind (identifier, or the DbiResourceId a Config
 * item carries); a cluster as "cluster/<identifier or DbClusterResourceId>" (a "/" is never part
 * of an RDS identifier, and instance and cluster identifiers may be equal). Records name each by
 * its own resource type and identifier.
 */
import { paginateDescribeDBInstances, RDSClient } from '@aws-sdk/client-rds';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { RdsDatabaseState, RdsInstanceState } from '../model/states/rds.ts';
import { CLUSTER_TYPE, DATABASE_KIND, clusterFromConfigItem, clusterIdsFromEvent, clusterSnapshots, collectCluster } from './rds-cluster.ts';
import { instanceSnapshot, rdsInstanceKind } from './rds.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const INSTANCE_TYPE = 'AWS::RDS::DBInstance';
const CLUSTER_PREFIX = 'cluster/';

const clusterRef = (id: string): string => `${CLUSTER_PREFIX}${id}`;

/**
 * An instance snapshot as a database snapshot. A state that does not say how long backups are kept
 * or which logs are exported gives undefined (a Config item: read the instance live instead).
 */
function fromInstance(snapshot: Snapshot<RdsInstanceState>): Snapshot<RdsDatabaseState> | undefined {
  const { state, ...rest } = snapshot;
  if (!state) return { ...rest, kind: DATABASE_KIND };
  // DeleteDBInstance answers while the instance is still described as deleting: it is gone.
  if (state.status === 'deleting') return { ...rest, kind: DATABASE_KIND, deleted: true };
  if (state.backupRetentionPeriod === null || state.enabledCloudwatchLogsExports === null) return undefined;
  return {
    ...rest,
    kind: DATABASE_KIND,
    state: {
      type: 'instance',
      identifier: state.identifier,
      engine: state.engine,
      status: state.status,
      backupRetentionPeriod: state.backupRetentionPeriod,
      enabledCloudwatchLogsExports: state.enabledCloudwatchLogsExports,
      clusterIdentifier: state.dbClusterIdentifier,
      replicaSourceIdentifier: state.readReplicaSourceIdentifier,
    },
  };
}

/** A live read must state the retention; an answer without it is malformed, not "no backups". */
function fromLiveInstance(snapshot: Snapshot<RdsInstanceState>): Snapshot<RdsDatabaseState> {
  const database = fromInstance(snapshot);
  if (database) return database;
  const { resource, account, region, source } = snapshot;
  const message = `DescribeDBInstances did not state BackupRetentionPeriod for ${resource.id}`;
  return { kind: DATABASE_KIND, resource, account, region, source, error: { operation: 'DescribeDBInstances', code: 'MALFORMED_RESPONSE', name: 'MissingMember', message } };
}

async function* instanceSnapshots(ctx: CollectContext): AsyncIterable<Snapshot<RdsDatabaseState>> {
  for await (const page of paginateDescribeDBInstances({ client: ctx.clients.get(RDSClient) }, {})) {
    for (const db of page.DBInstances ?? []) {
      if (db.DBInstanceIdentifier) yield fromLiveInstance(instanceSnapshot(ctx, db, db.DBInstanceIdentifier));
    }
  }
}

/**
 * Snapshot kind "rds-database": DB instances and DB clusters with their backup retention and
 * CloudWatch Logs exports.
 *
 * @example
 * const snapshot = await rdsDatabaseKind.collect(ctx, 'cluster/orders-aurora');
 * snapshot.state?.backupRetentionPeriod; // 7
 */
export const rdsDatabaseKind: SnapshotKind<RdsDatabaseState> = {
  kind: DATABASE_KIND,
  resourceType: INSTANCE_TYPE,

  async collect(ctx, id) {
    if (id.startsWith(CLUSTER_PREFIX)) return collectCluster(ctx, id.slice(CLUSTER_PREFIX.length));
    return fromLiveInstance(await rdsInstanceKind.collect(ctx, id));
  },

  async *enumerate(ctx) {
    yield* rdsInstanceKind.enumerate(ctx);
    for await (const cluster of clusterSnapshots(ctx)) yield clusterRef(cluster.resource.id);
  },

  // Both listings carry every fact (and the tags): no read per database in a sweep.
  async *snapshotsFromListing(ctx) {
    yield* instanceSnapshots(ctx);
    yield* clusterSnapshots(ctx);
  },

  fromConfigItem(item: ConfigItem) {
    if (item.resourceType.toLowerCase() === CLUSTER_TYPE.toLowerCase()) return clusterFromConfigItem(item);
    const instance = rdsInstanceKind.fromConfigItem?.(item);
    return instance && fromInstance(instance);
  },

  // A cluster's Config item the kind could not use names it by DbClusterResourceId: read it live.
  async resolveIds(_ctx, related) {
    return related.resourceType.toLowerCase() === CLUSTER_TYPE.toLowerCase() ? [clusterRef(related.resourceId)] : [];
  },

  idsFromEvent(record: CloudTrailRecord) {
    // Cluster events say so in their name (CreateDBCluster, RestoreDBClusterToPointInTime, ...);
    // an instance event that names its cluster (an Aurora member's CreateDBInstance) is about the instance.
    if (record.eventName.includes('DBCluster')) return clusterIdsFromEvent(record).map(clusterRef);
    return rdsInstanceKind.idsFromEvent(record);
  },
};
