/**
 * Snapshot kind "rds-snapshot": the account's manual DB snapshots and DB cluster snapshots, with
 * their encryption and, when a check at hand needs it, who may restore them (the "restore"
 * attribute: account ids, or "all" for a public snapshot).
 *
 * Ids: a DB snapshot by its identifier; a cluster snapshot as "cluster/<identifier>" (a "/" is
 * never part of an RDS identifier). Records name each by its own resource type and identifier.
 */
import {
  DescribeDBClusterSnapshotAttributesCommand, DescribeDBClusterSnapshotsCommand, DescribeDBSnapshotAttributesCommand, DescribeDBSnapshotsCommand,
  paginateDescribeDBClusterSnapshots, paginateDescribeDBSnapshots, RDSClient, type DBClusterSnapshot, type DBSnapshot,
} from '@aws-sdk/client-rds';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { RdsSnapshotState } from '../model/states/rds.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { asString } from './values.ts';

const KIND = 'rds-snapshot';
const CLUSTER_PREFIX = 'cluster/';
/** An RDS snapshot ARN; its name may hold a colon itself (automated "rds:db-2024-..."). */
const SNAPSHOT_ARN = /^arn:[^:]+:rds:[^:]*:[^:]*:(?:cluster-)?snapshot:(.+)$/;

/** A described snapshot: its state, and the ARN and tags its snapshot carries. */
type Described = RdsSnapshotState & { arn?: string; tags: Record<string, string> };

/**
 * What differs between DB snapshots and cluster snapshots: the SDK calls and the names. The calls
 * may throw; collect reads them through read() the same way for both.
 */
interface Side {
  type: RdsSnapshotState['type'];
  resourceType: string;
  describeOperation: string;
  attributesOperation: string;
  /** The IAM action that reads the restore attribute (a check declares it when it needs the attribute). */
  attributesAction: string;
  /** The SDK's fault name and the wire code recorded responses may carry. */
  notFound: string[];
  /** The snapshot the identifier names; undefined when the answer lists none. */
  describe(ctx: CollectContext, id: string): Promise<Described | undefined>;
  /** The snapshot's attribute list (empty when the answer has none). */
  attributes(ctx: CollectContext, id: string): Promise<unknown[]>;
}

/** An identifier as RDS stores it: lower case, the name part of an ARN. */
function identifierOf(value: unknown): string | undefined {
  const text = asString(value);
  if (!text) return undefined;
  return (SNAPSHOT_ARN.exec(text)?.[1] ?? text).toLowerCase();
}

/** The "restore" attribute's values from either attribute list shape (SDK or Config). */
function restoreValues(attributes: unknown): string[] {
  if (!Array.isArray(attributes)) return [];
  const restore = (attributes as Array<Record<string, unknown>>).find((a) => (a?.AttributeName ?? a?.attributeName) === 'restore');
  const values = restore?.AttributeValues ?? restore?.attributeValues;
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
}

function dbSnapshotState(s: DBSnapshot, id: string): Described {
  return {
    type: 'instance', identifier: s.DBSnapshotIdentifier ?? id, sourceIdentifier: s.DBInstanceIdentifier ?? null, snapshotType: s.SnapshotType ?? null,
    engine: s.Engine ?? null, status: s.Status ?? null, encrypted: s.Encrypted === true, kmsKeyId: s.KmsKeyId ?? null, arn: s.DBSnapshotArn, tags: tagsFromList(s.TagList),
  };
}

function clusterSnapshotState(s: DBClusterSnapshot, id: string): Described {
  return {
    type: 'cluster', identifier: s.DBClusterSnapshotIdentifier ?? id, sourceIdentifier: s.DBClusterIdentifier ?? null, snapshotType: s.SnapshotType ?? null,
    engine: s.Engine ?? null, status: s.Status ?? null, encrypted: s.StorageEncrypted === true, kmsKeyId: s.KmsKeyId ?? null, arn: s.DBClusterSnapshotArn, tags: tagsFromList(s.TagList),
  };
}

/** An automated snapshot is only found when its type is named. */
const typeOf = (id: string) => (id.startsWith('rds:') ? { SnapshotType: 'automated' } : {});

const INSTANCE_SIDE: Side = {
  type: 'instance',
  resourceType: 'AWS::RDS::DBSnapshot',
  describeOperation: 'DescribeDBSnapshots',
  attributesOperation: 'DescribeDBSnapshotAttributes',
  attributesAction: 'rds:DescribeDBSnapshotAttributes',
  notFound: ['DBSnapshotNotFoundFault', 'DBSnapshotNotFound'],
  async describe(ctx, id) {
    const out = await ctx.clients.get(RDSClient).send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id, ...typeOf(id) }));
    const found = out.DBSnapshots?.[0];
    return found && dbSnapshotState(found, id);
  },
  async attributes(ctx, id) {
    const out = await ctx.clients.get(RDSClient).send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id }));
    return out.DBSnapshotAttributesResult?.DBSnapshotAttributes ?? [];
  },
};

const CLUSTER_SIDE: Side = {
  type: 'cluster',
  resourceType: 'AWS::RDS::DBClusterSnapshot',
  describeOperation: 'DescribeDBClusterSnapshots',
  attributesOperation: 'DescribeDBClusterSnapshotAttributes',
  attributesAction: 'rds:DescribeDBClusterSnapshotAttributes',
  notFound: ['DBClusterSnapshotNotFoundFault', 'DBClusterSnapshotNotFound'],
  async describe(ctx, id) {
    const out = await ctx.clients.get(RDSClient).send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: id, ...typeOf(id) }));
    const found = out.DBClusterSnapshots?.[0];
    return found && clusterSnapshotState(found, id);
  },
  async attributes(ctx, id) {
    const out = await ctx.clients.get(RDSClient).send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: id }));
    return out.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? [];
  },
};

function sideOf(id: string): { side: Side; identifier: string } {
  return id.startsWith(CLUSTER_PREFIX) ? { side: CLUSTER_SIDE, identifier: id.slice(CLUSTER_PREFIX.length) } : { side: INSTANCE_SIDE, identifier: id };
}

async function collect(ctx: CollectContext, id: string): Promise<Snapshot<RdsSnapshotState>> {
  const { side, identifier } = sideOf(id);
  const name = identifierOf(identifier) ?? identifier;
  const base = { kind: KIND, account: ctx.account, region: ctx.region, source: 'api' as const, resource: { type: side.resourceType, id: name } };
  const described = await read(side.describeOperation, () => side.describe(ctx, name), { names: side.notFound, fallback: undefined });
  if (isFailure(described)) return { ...base, error: described.error };
  if (!described) return { ...base, deleted: true };
  const { arn, tags, ...state } = described;
  const resource = { type: side.resourceType, id: state.identifier, ...(arn ? { arn } : {}) };
  // Automated snapshots cannot be shared: there is no restore attribute worth a call.
  const wanted = !ctx.reads || ctx.reads.has(side.attributesAction);
  if (!wanted || state.snapshotType === 'automated') return { ...base, resource, tags, state };
  const attributes = await read(side.attributesOperation, () => side.attributes(ctx, state.identifier), { names: side.notFound, fallback: null });
  if (attributes === null) return { ...base, resource, deleted: true };
  if (isFailure(attributes)) return { ...base, resource, tags, state: { ...state, restoreAttributeError: attributes.error } };
  return { ...base, resource, tags, state: { ...state, restoreAccounts: restoreValues(attributes) } };
}

/** Config spells the cluster members "dbcluster..." and the DB snapshot members "dB..."; both are read. */
function fromConfigItem(item: ConfigItem): Snapshot<RdsSnapshotState> | undefined {
  const config = item.configuration ?? {};
  const cluster = item.resourceType.toLowerCase() === CLUSTER_SIDE.resourceType.toLowerCase();
  const side = cluster ? CLUSTER_SIDE : INSTANCE_SIDE;
  const named = cluster ? (config.dbclusterSnapshotIdentifier ?? config.dBClusterSnapshotIdentifier) : config.dBSnapshotIdentifier;
  const id = identifierOf(named) ?? identifierOf(item.resourceName) ?? identifierOf(item.resourceId) ?? item.resourceId;
  const base = snapshotFromItem<RdsSnapshotState>(KIND, item, { resource: { type: side.resourceType, id } });
  if (isGoneItem(item)) return { ...base, deleted: true };
  const encrypted = cluster ? config.storageEncrypted : config.encrypted;
  const attributes = item.supplementaryConfiguration[cluster ? 'DBClusterSnapshotAttributes' : 'DBSnapshotAttributes'];
  const snapshotType = asString(config.snapshotType) ?? null;
  // Without the attribute list the item cannot say who may restore it: read it live.
  if (typeof encrypted !== 'boolean' || (snapshotType !== 'automated' && !Array.isArray(attributes))) return undefined;
  const state: RdsSnapshotState = {
    type: side.type,
    identifier: id,
    sourceIdentifier: asString(cluster ? (config.dbclusterIdentifier ?? config.dBClusterIdentifier) : config.dBInstanceIdentifier) ?? null,
    snapshotType,
    engine: asString(config.engine) ?? null,
    status: asString(config.status) ?? null,
    encrypted,
    kmsKeyId: asString(config.kmsKeyId) ?? null,
    ...(snapshotType === 'automated' ? {} : { restoreAccounts: restoreValues(attributes) }),
  };
  return { ...base, state };
}

/**
 * Snapshot kind "rds-snapshot": manual DB snapshots and DB cluster snapshots.
 *
 * @example
 * const snapshot = await rdsSnapshotKind.collect(ctx, 'exfiltration');
 * snapshot.state?.restoreAccounts; // ['503161813013']
 */
export const rdsSnapshotKind: SnapshotKind<RdsSnapshotState> = {
  kind: KIND,
  resourceType: INSTANCE_SIDE.resourceType,
  collect,
  fromConfigItem,

  async *enumerate(ctx) {
    // Automated snapshots mirror their database (rds-instance-storage-encrypted) and cannot be shared.
    const client = ctx.clients.get(RDSClient);
    yield* idsFromPages(paginateDescribeDBSnapshots({ client }, { SnapshotType: 'manual' }), (p) => p.DBSnapshots, (s) => s.DBSnapshotIdentifier);
    const clusters = idsFromPages(paginateDescribeDBClusterSnapshots({ client }, { SnapshotType: 'manual' }), (p) => p.DBClusterSnapshots, (s) => s.DBClusterSnapshotIdentifier);
    for await (const id of clusters) yield `${CLUSTER_PREFIX}${id}`;
  },

  // A cluster snapshot's Config item the kind could not use: read that snapshot live.
  async resolveIds(_ctx, related) {
    return related.resourceType.toLowerCase() === CLUSTER_SIDE.resourceType.toLowerCase() ? [`${CLUSTER_PREFIX}${related.resourceId}`] : [];
  },

  idsFromEvent(record: CloudTrailRecord) {
    const request = record.requestParameters ?? {};
    const response = record.responseElements ?? {};
    // CreateDBSnapshot and ModifyDBSnapshotAttribute name dBSnapshotIdentifier, a copy its target.
    const snapshots = [request.dBSnapshotIdentifier, request.targetDBSnapshotIdentifier, response.dBSnapshotIdentifier].map(identifierOf);
    const clusters = [request.dBClusterSnapshotIdentifier, request.targetDBClusterSnapshotIdentifier, response.dBClusterSnapshotIdentifier].map(identifierOf);
    const ids = [
      ...snapshots.filter((v): v is string => v !== undefined),
      ...clusters.filter((v): v is string => v !== undefined).map((v) => `${CLUSTER_PREFIX}${v}`),
    ];
    return [...new Set(ids)];
  },
};
