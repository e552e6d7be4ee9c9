import { BackupClient, paginateListProtectedResources } from '@aws-sdk/client-backup';
import type { ReadError, Snapshot } from '../model/check.ts';
import { eventAccount, type CloudTrailRecord } from '../model/cloudtrail.ts';
import type { BackupProtectedResourceState } from '../model/states/backup.ts';
import { arnIn, dataStoreOf, instanceTags, listDataStores, readDataStore, type DataStore } from './backup-data-stores.ts';
import { regionSelections } from './backup-selections.ts';
import { isoTime } from './iso-time.ts';
import { readPages } from './pages.ts';
import { isFailure, type ReadFailure } from './read.ts';
import { readOncePerRun } from './run-memo.ts';
import { chunks } from '../util/concurrency.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { asString } from './values.ts';

const KIND = 'backup-protected-resource';
/** The kind's nominal type; each snapshot names its own store's type. */
const RESOURCE_TYPE = 'AWS::RDS::DBInstance';

type LastBackups = Map<string, BackupProtectedResourceState['lastBackup']>;

/** ListProtectedResources once per run: each resource's latest recovery point (an enrichment). */
function lastBackups(ctx: CollectContext): Promise<LastBackups | ReadFailure> {
  return readOncePerRun(ctx, `backup:protected-resources:${ctx.account}:${ctx.region}`, async () => {
    const listed = await readPages('ListProtectedResources', paginateListProtectedResources({ client: ctx.clients.get(BackupClient) }, {}), (page) => page.Results ?? []);
    if (isFailure(listed)) return listed;
    return new Map(listed.flatMap((r) => (r.ResourceArn ? [[r.ResourceArn, { time: isoTime(r.LastBackupTime), vaultArn: r.LastBackupVaultArn ?? null }] as const] : [])));
  });
}

/** Stores read at once in a listing: their attached instances' tags are one DescribeInstances call. */
const LISTING_CHUNK = 100;

/** True when some selection chooses by tags: only then do the tags of a volume's instances matter. */
function selectsByTag(selections: BackupProtectedResourceState['selections']): boolean {
  return selections.some((s) => s.listOfTags.length > 0 || Object.values(s.conditions).some((c) => c.length > 0));
}

/**
 * The snapshot of one store: the region's selections, its instances' tags (read unless
 * `instances` already holds them), its latest backup.
 */
async function snapshotOf(ctx: CollectContext, store: DataStore, prefetched?: Map<string, Record<string, string>>): Promise<Snapshot<BackupProtectedResourceState>> {
  const resource = { type: store.resourceType, id: store.id, arn: store.arn };
  const base = { kind: KIND, resource, account: ctx.account, region: ctx.region, source: 'api' as const, tags: store.tags };
  const region = await regionSelections(ctx);
  if (isFailure(region)) return { ...base, error: region.error };
  const needed = selectsByTag(region.selections) ? store.attachedInstanceIds : [];
  const instances = prefetched ?? (await instanceTags(ctx, needed));
  if (isFailure(instances)) return { ...base, error: instances.error };
  const backups = await lastBackups(ctx);
  const unreadable: ReadError[] = isFailure(backups) ? [backups.error] : [];
  const instanceArns = store.attachedInstanceIds.map((id) => ({ arn: arnIn(ctx, 'ec2', `instance/${id}`), tags: instances.get(id) ?? {} }));
  // An instance backup (an AMI) holds its volumes: the instance's latest backup is the volume's too.
  const latest = isFailure(backups) ? null : (backups.get(store.arn) ?? instanceArns.map((i) => backups.get(i.arn)).find(Boolean) ?? null);
  return {
    ...base,
    ...(unreadable.length > 0 ? { unreadable } : {}),
    state: {
      arn: store.arn,
      resourceType: store.resourceType,
      clusterId: store.clusterId,
      attachedInstances: instanceArns,
      selections: region.selections,
      lastBackup: latest,
    },
  };
}

/** The ARNs a data-store CloudTrail event names, in the documented request and response members. */
function storeArnsOf(record: CloudTrailRecord): string[] {
  const request = record.requestParameters ?? {};
  const response = record.responseElements ?? {};
  const where = { account: eventAccount(record), region: record.awsRegion };
  const table = (response.tableDescription as { tableArn?: unknown } | undefined)?.tableArn;
  const tagged = (request.resourcesSet as { items?: Array<{ resourceId?: unknown }> } | undefined)?.items ?? [];
  const volumes = [request.volumeId, response.volumeId, ...tagged.map((i) => i.resourceId)].flatMap((v) => {
    const id = asString(v);
    return id?.startsWith('vol-') ? [arnIn(where, 'ec2', `volume/${id}`)] : [];
  });
  const fileSystems = [response.fileSystemId, request.fileSystemId, request.resourceId].flatMap((v) => {
    const id = asString(v);
    return id?.startsWith('fs-') ? [arnIn(where, 'elasticfilesystem', `file-system/${id}`)] : [];
  });
  const tableNames = [request.tableName, request.targetTableName].flatMap((v) => (asString(v) ? [arnIn(where, 'dynamodb', `table/${asString(v)}`)] : []));
  const arns = [response.dBInstanceArn, response.dBClusterArn, request.resourceName, request.resourceArn, response.fileSystemArn, table].flatMap((v) => asString(v) ?? []);
  return [...new Set([...arns, ...volumes, ...fileSystems, ...tableNames].filter((arn) => dataStoreOf(arn) !== undefined))];
}

/**
 * Snapshot kind "backup-protected-resource": one data store that AWS Backup should protect (RDS
 * DB instance or cluster, DynamoDB table, EBS volume, EFS file system), id = its ARN, with every
 * backup selection of its region, the tags of the instances a volume is attached to and its latest
 * backup. Selections and protected resources are read once per run.
 *
 * @example
 * const snapshot = await backupProtectedResourceKind.collect(ctx, 'arn:aws:dynamodb:us-east-1:111122223333:table/orders');
 * snapshot.state?.selections.length;
 */
export const backupProtectedResourceKind: SnapshotKind<BackupProtectedResourceState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext, arn: string): Promise<Snapshot<BackupProtectedResourceState>> {
    const named = dataStoreOf(arn);
    const base = { kind: KIND, resource: { type: named?.resourceType ?? RESOURCE_TYPE, id: named?.id ?? arn, arn }, account: ctx.account, region: ctx.region, source: 'api' as const };
    const store = await readDataStore(ctx, arn);
    if (isFailure(store)) return { ...base, error: store.error };
    if (store === null) return { ...base, deleted: true };
    return snapshotOf(ctx, store);
  },

  async *enumerate(ctx: CollectContext): AsyncIterable<string> {
    for await (const store of listDataStores(ctx)) yield store.arn;
  },

  async *snapshotsFromListing(ctx: CollectContext): AsyncIterable<Snapshot<BackupProtectedResourceState>> {
    const region = await regionSelections(ctx);
    const byTag = !isFailure(region) && selectsByTag(region.selections);
    for await (const stores of chunks(listDataStores(ctx), LISTING_CHUNK)) {
      const ids = byTag ? [...new Set(stores.flatMap((s) => s.attachedInstanceIds))] : [];
      const instances = await instanceTags(ctx, ids);
      for (const store of stores) yield await snapshotOf(ctx, store, isFailure(instances) ? undefined : instances);
    }
  },

  idsFromEvent: storeArnsOf,
};
