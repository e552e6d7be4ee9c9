import { DescribeDBInstancesCommand, paginateDescribeDBInstances, type DBInstance, RDSClient } from '@aws-sdk/client-rds';
import type { ResourceRef, Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { RdsInstanceState } from '../model/states/rds.ts';
import { asString } from './values.ts';

const KIND = 'rds-instance';
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';
/** The SDK names the fault `DBInstanceNotFoundFault`; recorded responses may use the wire code. */
const NOT_FOUND_NAMES = ['DBInstanceNotFoundFault', 'DBInstanceNotFound'];
/** "db-" + upper-case letters and digits; instance identifiers are stored lower case, so never match. */
const DBI_RESOURCE_ID = /^db-[A-Z0-9]{16,}$/;

function stateOf(db: DBInstance, id: string): RdsInstanceState {
  return {
    identifier: db.DBInstanceIdentifier ?? id,
    engine: db.Engine ?? null,
    status: db.DBInstanceStatus ?? null,
    storageEncrypted: db.StorageEncrypted === true,
    kmsKeyId: db.KmsKeyId ?? null,
    publiclyAccessible: db.PubliclyAccessible === true,
    backupRetentionPeriod: db.BackupRetentionPeriod ?? null,
    // The API leaves the member out when nothing is exported.
    enabledCloudwatchLogsExports: db.EnabledCloudwatchLogsExports ?? [],
    dbClusterIdentifier: db.DBClusterIdentifier ?? null,
    readReplicaSourceIdentifier: db.ReadReplicaSourceDBInstanceIdentifier ?? null,
  };
}

/**
 * The snapshot of a resource an RDS Describe* answer described: RDS answers carry the TagList, so
 * PHI scope needs no extra call. Shared by the instance, cluster and database kinds.
 */
export function describedSnapshot<S>(ctx: CollectContext, kind: string, resource: ResourceRef, tagList: unknown, state: S): Snapshot<S> {
  return { kind, account: ctx.account, region: ctx.region, source: 'api', resource, tags: tagsFromList(tagList), state };
}

/** The snapshot of one DescribeDBInstances entry; shared with the listing of the rds-database kind. */
export function instanceSnapshot(ctx: CollectContext, db: DBInstance, id: string): Snapshot<RdsInstanceState> {
  const state = stateOf(db, id);
  return describedSnapshot(ctx, KIND, { type: RESOURCE_TYPE, id: state.identifier, arn: db.DBInstanceArn }, db.TagList, state);
}

/**
 * A Config list member: absent means the item does not say (items older than the feature); null
 * is how Config writes a list the API left out, i.e. empty.
 */
function itemList(config: Record<string, unknown>, member: string): string[] | null {
  if (!(member in config)) return null;
  const value = config[member];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Snapshot kind "rds-instance": one DB instance, id = DBInstanceIdentifier.
 *
 * @example
 * const snapshot = await rdsInstanceKind.collect({ clients, account, region }, 'orders-db');
 * snapshot.state?.publiclyAccessible; // false
 */
export const rdsInstanceKind: SnapshotKind<RdsInstanceState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext, id: string): Promise<Snapshot<RdsInstanceState>> {
    const base = { kind: KIND, account: ctx.account, region: ctx.region, source: 'api' as const };
    // Config items (and so oversized-item triggers) name the instance by its DbiResourceId.
    const input = DBI_RESOURCE_ID.test(id) ? { Filters: [{ Name: 'dbi-resource-id', Values: [id] }] } : { DBInstanceIdentifier: id };
    const out = await read('DescribeDBInstances', () => ctx.clients.get(RDSClient).send(new DescribeDBInstancesCommand(input)), {
      names: NOT_FOUND_NAMES,
      fallback: null,
    });
    if (isFailure(out)) return { ...base, resource: { type: RESOURCE_TYPE, id }, error: out.error };
    // null is the expected DBInstanceNotFound; an empty list means the same.
    const db = out?.DBInstances?.[0];
    if (!db) return { ...base, resource: { type: RESOURCE_TYPE, id }, deleted: true };
    return instanceSnapshot(ctx, db, id);
  },

  enumerate(ctx: CollectContext): AsyncIterable<string> {
    return idsFromPages(paginateDescribeDBInstances({ client: ctx.clients.get(RDSClient) }, {}), (page) => page.DBInstances, (db) => db.DBInstanceIdentifier);
  },

  fromConfigItem(item: ConfigItem): Snapshot<RdsInstanceState> | undefined {
    const config = item.configuration ?? {};
    // Config's resourceId is the DbiResourceId (db-ABC...); our id is the instance identifier.
    const id = asString(config.dBInstanceIdentifier) ?? item.resourceName ?? item.resourceId;
    const base = snapshotFromItem<RdsInstanceState>(KIND, item, { resource: { type: RESOURCE_TYPE, id } });
    if (isGoneItem(item)) return { ...base, deleted: true };
    if (typeof config.storageEncrypted !== 'boolean' || typeof config.publiclyAccessible !== 'boolean') return undefined;
    return {
      ...base,
      state: {
        identifier: id,
        engine: asString(config.engine) ?? null,
        status: asString(config.dBInstanceStatus) ?? null,
        storageEncrypted: config.storageEncrypted,
        kmsKeyId: asString(config.kmsKeyId) ?? null,
        publiclyAccessible: config.publiclyAccessible,
        backupRetentionPeriod: typeof config.backupRetentionPeriod === 'number' ? config.backupRetentionPeriod : null,
        enabledCloudwatchLogsExports: itemList(config, 'enabledCloudwatchLogsExports'),
        dbClusterIdentifier: asString(config.dBClusterIdentifier) ?? null,
        readReplicaSourceIdentifier: asString(config.readReplicaSourceDBInstanceIdentifier) ?? null,
      },
    };
  },

  idsFromEvent(record: CloudTrailRecord): string[] {
    const request = record.requestParameters ?? {};
    const response = record.responseElements ?? {};
    // CloudTrail spells the field "dBInstanceIdentifier"; restores name the new instance
    // "targetDBInstanceIdentifier" and a rename names the new id "newDBInstanceIdentifier".
    const candidates = [
      request.dBInstanceIdentifier,
      request.targetDBInstanceIdentifier,
      request.newDBInstanceIdentifier,
      response.dBInstanceIdentifier,
    ];
    // RDS stores identifiers in lower case; an event may carry the caller's spelling.
    const ids = candidates.map(asString).filter((v): v is string => v !== undefined).map((v) => v.toLowerCase());
    return [...new Set(ids)];
  },
};
