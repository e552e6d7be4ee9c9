/**
 * Snapshot kind "dynamodb-table": one DynamoDB table, id = table name. DescribeTable and the tags
 * are always read; point-in-time recovery and the KMS key's manager only when a check at hand
 * declares the read (metadata `reads`), each failing on its own into the state.
 */
import {
  DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, ListTagsOfResourceCommand, paginateListTables, type Tag,
} from '@aws-sdk/client-dynamodb';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { DynamoDbSse, DynamoDbTableState } from '../model/states/dynamodb.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read, ReadFailure } from './read.ts';
import { readOncePerRun } from './run-memo.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { asString } from './values.ts';

const KIND = 'dynamodb-table';
const RESOURCE_TYPE = 'AWS::DynamoDB::Table';
/** How DescribeTable says the table does not exist. */
const NOT_FOUND_NAMES = ['ResourceNotFoundException'];
/** A table ARN (what TagResource names, and what newer callers pass as TableName). */
const TABLE_ARN = /^arn:[^:]+:dynamodb:[^:]*:([^:]*):table\/([^/]+)/;
const KEY_ARN_ACCOUNT = /^arn:[^:]+:kms:[^:]*:(\d{12}):key\//;

/** A table name from a name or a table ARN (undefined for an ARN of anything else). */
function tableNameOf(value: unknown): string | undefined {
  const text = asString(value);
  if (!text?.startsWith('arn:')) return text;
  return TABLE_ARN.exec(text)?.[2];
}

async function readTags(ctx: CollectContext, arn: string): Promise<Record<string, string> | ReadFailure> {
  const tags: Tag[] = [];
  let token: string | undefined;
  do {
    const input = { ResourceArn: arn, ...(token ? { NextToken: token } : {}) };
    const out = await read('ListTagsOfResource', () => ctx.clients.get(DynamoDBClient).send(new ListTagsOfResourceCommand(input)));
    if (isFailure(out)) return out;
    tags.push(...(out.Tags ?? []));
    token = out.NextToken;
  } while (token);
  return tagsFromList(tags);
}

/** A table DescribeTable just found: a TableNotFoundException here is a failed read, not a deletion. */
async function readPointInTimeRecovery(ctx: CollectContext, table: string): Promise<Partial<DynamoDbTableState>> {
  const out = await read('DescribeContinuousBackups', () => ctx.clients.get(DynamoDBClient).send(new DescribeContinuousBackupsCommand({ TableName: table })));
  if (isFailure(out)) return { continuousBackupsError: out.error };
  const pitr = out.ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
  return {
    pointInTimeRecovery: {
      // Absent means never turned on.
      status: pitr?.PointInTimeRecoveryStatus ?? 'DISABLED',
      earliestRestorableDateTime: pitr?.EarliestRestorableDateTime ? new Date(pitr.EarliestRestorableDateTime).toISOString() : null,
      latestRestorableDateTime: pitr?.LatestRestorableDateTime ? new Date(pitr.LatestRestorableDateTime).toISOString() : null,
      recoveryPeriodInDays: pitr?.RecoveryPeriodInDays ?? null,
    },
  };
}

/**
 * Who manages the table's KMS key. An AWS managed key (aws/dynamodb) lives in the account that uses
 * it, so a key of another account is customer managed without a read; a key's manager never
 * changes, so each key is read once per run.
 */
async function readKeyManager(ctx: CollectContext, keyArn: string): Promise<Partial<DynamoDbTableState>> {
  const keyAccount = KEY_ARN_ACCOUNT.exec(keyArn)?.[1];
  if (keyAccount && keyAccount !== ctx.account) return { kmsKeyManager: 'CUSTOMER' };
  const out = await readOncePerRun(ctx, `kms:DescribeKey:${keyArn}`, () =>
    read('DescribeKey', () => ctx.clients.get(KMSClient).send(new DescribeKeyCommand({ KeyId: keyArn }))),
  );
  if (isFailure(out)) return { kmsKeyError: out.error };
  const manager = out.KeyMetadata?.KeyManager;
  return manager ? { kmsKeyManager: manager } : { kmsKeyError: { operation: 'DescribeKey', code: 'MALFORMED_RESPONSE', name: 'MissingMember', message: `no KeyManager for ${keyArn}` } };
}

async function collect(ctx: CollectContext, id: string): Promise<Snapshot<DynamoDbTableState>> {
  const name = tableNameOf(id) ?? id;
  const base = { kind: KIND, account: ctx.account, region: ctx.region, source: 'api' as const, resource: { type: RESOURCE_TYPE, id: name } };
  const out = await read('DescribeTable', () => ctx.clients.get(DynamoDBClient).send(new DescribeTableCommand({ TableName: name })), { names: NOT_FOUND_NAMES, fallback: null });
  if (isFailure(out)) return { ...base, error: out.error };
  const table = out?.Table;
  // DeleteTable answers at once while the table is still described as DELETING: it is gone.
  if (!table || table.TableStatus === 'DELETING') return { ...base, deleted: true };
  const tableName = table.TableName ?? name;
  const sse = table.SSEDescription;
  let state: DynamoDbTableState = {
    tableName,
    tableStatus: table.TableStatus ?? null,
    sse: sse ? { sseType: sse.SSEType ?? null, status: sse.Status ?? null, kmsMasterKeyArn: sse.KMSMasterKeyArn ?? null } : null,
  };
  const wants = (action: string) => !ctx.reads || ctx.reads.has(action);
  if (wants('dynamodb:DescribeContinuousBackups')) state = { ...state, ...(await readPointInTimeRecovery(ctx, tableName)) };
  if (wants('kms:DescribeKey') && state.sse?.sseType === 'KMS' && state.sse.kmsMasterKeyArn) state = { ...state, ...(await readKeyManager(ctx, state.sse.kmsMasterKeyArn)) };
  const resource = { type: RESOURCE_TYPE, id: tableName, ...(table.TableArn ? { arn: table.TableArn } : {}) };
  // Tags are read by ARN; DescribeTable always returns it.
  const tags = table.TableArn ? await readTags(ctx, table.TableArn) : new ReadFailure({ operation: 'ListTagsOfResource', code: 'MALFORMED_RESPONSE', name: 'MissingMember', message: 'DescribeTable returned no TableArn' });
  if (isFailure(tags)) return { ...base, resource, tagsError: tags.error, state };
  return { ...base, resource, tags, state };
}

/** The first of the member spellings Config has used that the object holds (`in`, so a null counts). */
function member(object: Record<string, unknown>, names: string[]): { value: unknown } | undefined {
  const name = names.find((n) => n in object);
  return name === undefined ? undefined : { value: object[name] };
}

/** SSEDescription from a Config item: undefined when the item does not carry the member at all. */
function sseFromItem(config: Record<string, unknown>): { sse: DynamoDbSse | null } | undefined {
  const found = member(config, ['ssedescription', 'sSEDescription', 'sseDescription']);
  if (!found) return undefined;
  if (typeof found.value !== 'object' || found.value === null) return { sse: null };
  const sse = found.value as Record<string, unknown>;
  return {
    sse: {
      sseType: asString(member(sse, ['ssetype', 'sSEType', 'sseType'])?.value) ?? null,
      status: asString(sse.status) ?? null,
      kmsMasterKeyArn: asString(member(sse, ['kmsmasterKeyArn', 'kMSMasterKeyArn', 'kmsMasterKeyArn'])?.value) ?? null,
    },
  };
}

/**
 * A table's snapshot from its Config item: the encryption from `configuration`, point-in-time
 * recovery from `supplementaryConfiguration.ContinuousBackupsDescription`. Undefined (read live)
 * when either is missing, and for a KMS key: the item cannot say who manages the key.
 */
function fromConfigItem(item: ConfigItem): Snapshot<DynamoDbTableState> | undefined {
  const config = item.configuration ?? {};
  const id = tableNameOf(config.tableName) ?? item.resourceName ?? item.resourceId;
  const base = snapshotFromItem<DynamoDbTableState>(KIND, item, { resource: { type: RESOURCE_TYPE, id } });
  if (isGoneItem(item)) return { ...base, deleted: true };
  const encryption = sseFromItem(config);
  const backups = item.supplementaryConfiguration.ContinuousBackupsDescription as { pointInTimeRecoveryDescription?: { pointInTimeRecoveryStatus?: unknown } } | undefined;
  const pitrStatus = asString(backups?.pointInTimeRecoveryDescription?.pointInTimeRecoveryStatus);
  if (!encryption || !pitrStatus || encryption.sse?.sseType === 'KMS') return undefined;
  return {
    ...base,
    state: {
      tableName: id,
      tableStatus: asString(config.tableStatus) ?? null,
      sse: encryption.sse,
      pointInTimeRecovery: { status: pitrStatus, earliestRestorableDateTime: null, latestRestorableDateTime: null, recoveryPeriodInDays: null },
    },
  };
}

/**
 * Snapshot kind "dynamodb-table".
 *
 * @example
 * const snapshot = await dynamodbTableKind.collect(ctx, 'patients');
 * snapshot.state?.sse?.sseType; // 'KMS'
 */
export const dynamodbTableKind: SnapshotKind<DynamoDbTableState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  fromConfigItem,

  enumerate(ctx) {
    return idsFromPages(paginateListTables({ client: ctx.clients.get(DynamoDBClient) }, {}), (page) => page.TableNames, (name) => name);
  },

  idsFromEvent(record: CloudTrailRecord) {
    const request = record.requestParameters ?? {};
    const response = record.responseElements ?? {};
    const created = (response.tableDescription as { tableName?: unknown } | undefined)?.tableName;
    const imported = (request.tableCreationParameters as { tableName?: unknown } | undefined)?.tableName;
    // tableName (Create/Update/DeleteTable, UpdateContinuousBackups), targetTableName (restores),
    // resourceArn (TagResource, UntagResource), tableCreationParameters.tableName (ImportTable).
    const names = [request.tableName, request.targetTableName, request.resourceArn, imported, created].map(tableNameOf);
    return [...new Set(names.filter((v): v is string => v !== undefined))];
  },
};
