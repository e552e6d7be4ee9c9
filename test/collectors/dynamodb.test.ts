import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ListTagsOfResourceCommand, ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { dynamodbTableKind } from '../../lib/collectors/dynamodb.ts';
import { RunMemo } from '../../lib/collectors/run-memo.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import createEvent from '../fixtures/dynamodb/cloudtrail-create-table.json' with { type: 'json' };
import deleteEvent from '../fixtures/dynamodb/cloudtrail-delete-table.json' with { type: 'json' };
import restoreEvent from '../fixtures/dynamodb/cloudtrail-restore-table-to-point-in-time.json' with { type: 'json' };
import tagEvent from '../fixtures/dynamodb/cloudtrail-tag-resource.json' with { type: 'json' };
import pitrEvent from '../fixtures/dynamodb/cloudtrail-update-continuous-backups.json' with { type: 'json' };
import tableItem from '../fixtures/dynamodb/config-item-table.json' with { type: 'json' };
import backupsEnabled from '../fixtures/dynamodb/continuous-backups-enabled.json' with { type: 'json' };
import kmsTable from '../fixtures/dynamodb/describe-table-kms.json' with { type: 'json' };
import ownedKeyTable from '../fixtures/dynamodb/describe-table-owned-key.json' with { type: 'json' };
import { configItem, mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const dynamodb = mockedClient(DynamoDBClient);
const kms = mockedClient(KMSClient);
const ctx = mockedContext('us-east-1', '111122223333');
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/7c1d9f4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f';
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111122223333:table/patients';
const PITR_ONLY = { ...ctx, reads: new Set(['dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups', 'dynamodb:ListTagsOfResource']) };

describe('dynamodbTableKind.collect', () => {
  it('reads encryption, the key manager, point-in-time recovery and tags (paged)', async () => {
    // Prepare
    dynamodb.on(DescribeTableCommand, { TableName: 'patients' }).resolves(sdkOutput(kmsTable));
    dynamodb.on(DescribeContinuousBackupsCommand, { TableName: 'patients' }).resolves(sdkOutput(backupsEnabled));
    dynamodb.on(ListTagsOfResourceCommand, { ResourceArn: TABLE_ARN })
      .resolvesOnce({ Tags: [{ Key: 'data-classification', Value: 'ephi' }], NextToken: 'tags-2' })
      .resolvesOnce({ Tags: [{ Key: 'team', Value: 'clinical' }] });
    kms.on(DescribeKeyCommand, { KeyId: KEY_ARN }).resolves({ KeyMetadata: { KeyId: '7c1d9f4e', KeyManager: 'CUSTOMER' } });
    // Act
    const snapshot = await dynamodbTableKind.collect(ctx, 'patients');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::DynamoDB::Table', id: 'patients', arn: TABLE_ARN });
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi', team: 'clinical' });
    expect(snapshot.state).toEqual({
      tableName: 'patients',
      tableStatus: 'ACTIVE',
      sse: { sseType: 'KMS', status: 'ENABLED', kmsMasterKeyArn: KEY_ARN },
      kmsKeyManager: 'CUSTOMER',
      pointInTimeRecovery: { status: 'ENABLED', earliestRestorableDateTime: '2024-05-02T00:00:00.000Z', latestRestorableDateTime: '2024-06-06T11:55:00.000Z', recoveryPeriodInDays: 35 },
    });
    expect(dynamodb).toHaveReceivedNthCommandWith(ListTagsOfResourceCommand, 2, { ResourceArn: TABLE_ARN, NextToken: 'tags-2' });
  });

  it('reads a table without SSEDescription as the AWS owned key, and asks KMS nothing', async () => {
    dynamodb.on(DescribeTableCommand).resolves(sdkOutput(ownedKeyTable));
    dynamodb.on(DescribeContinuousBackupsCommand).resolves({ ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } } });
    dynamodb.on(ListTagsOfResourceCommand).resolves({});
    const snapshot = await dynamodbTableKind.collect(ctx, 'sessions');
    expect(snapshot.state).toMatchObject({ sse: null, pointInTimeRecovery: { status: 'DISABLED' } });
    expect(kms).not.toHaveReceivedCommand(DescribeKeyCommand);
  });

  it('reads only what the checks at hand declare: no DescribeKey for point-in-time recovery alone', async () => {
    dynamodb.on(DescribeTableCommand).resolves(sdkOutput(kmsTable));
    dynamodb.on(DescribeContinuousBackupsCommand).resolves(sdkOutput(backupsEnabled));
    dynamodb.on(ListTagsOfResourceCommand).resolves({});
    const snapshot = await dynamodbTableKind.collect(PITR_ONLY, 'patients');
    expect(snapshot.state?.kmsKeyManager).toBeUndefined();
    expect(kms).not.toHaveReceivedCommand(DescribeKeyCommand);
  });

  it('reads each key once per run, and takes a key of another account as customer managed without a read', async () => {
    // Prepare
    const other = { Table: { ...kmsTable.Table, TableName: 'claims', TableArn: 'arn:aws:dynamodb:us-east-1:111122223333:table/claims' } };
    const foreign = { Table: { ...kmsTable.Table, TableName: 'shared', SSEDescription: { ...kmsTable.Table.SSEDescription, KMSMasterKeyArn: 'arn:aws:kms:us-east-1:444455556666:key/abc' } } };
    dynamodb.on(DescribeTableCommand, { TableName: 'patients' }).resolves(sdkOutput(kmsTable));
    dynamodb.on(DescribeTableCommand, { TableName: 'claims' }).resolves(sdkOutput(other));
    dynamodb.on(DescribeTableCommand, { TableName: 'shared' }).resolves(sdkOutput(foreign));
    dynamodb.on(DescribeContinuousBackupsCommand).resolves(sdkOutput(backupsEnabled));
    dynamodb.on(ListTagsOfResourceCommand).resolves({});
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: '7c1d9f4e', KeyManager: 'AWS' } });
    const run = { ...ctx, memo: new RunMemo() };
    // Act
    const [patients, claims, shared] = await Promise.all(['patients', 'claims', 'shared'].map((id) => dynamodbTableKind.collect(run, id)));
    // Assess
    expect([patients!.state?.kmsKeyManager, claims!.state?.kmsKeyManager, shared!.state?.kmsKeyManager]).toEqual(['AWS', 'AWS', 'CUSTOMER']);
    expect(kms).toHaveReceivedCommandTimes(DescribeKeyCommand, 1);
  });

  it('keeps failed optional reads in the state and a failed tag read as tagsError, never a throw', async () => {
    dynamodb.on(DescribeTableCommand).resolves(sdkOutput(kmsTable));
    dynamodb.on(DescribeContinuousBackupsCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: dynamodb:DescribeContinuousBackups'));
    dynamodb.on(ListTagsOfResourceCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: dynamodb:ListTagsOfResource'));
    kms.on(DescribeKeyCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: kms:DescribeKey'));
    const snapshot = await dynamodbTableKind.collect(ctx, 'patients');
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.tagsError).toMatchObject({ operation: 'ListTagsOfResource', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toMatchObject({ continuousBackupsError: { code: 'ACCESS_DENIED' }, kmsKeyError: { operation: 'DescribeKey', code: 'ACCESS_DENIED' } });
  });

  it('takes a table described as DELETING (DeleteTable answers at once) as deleted', async () => {
    dynamodb.on(DescribeTableCommand).resolves({ Table: { ...ownedKeyTable.Table, TableStatus: 'DELETING' } } as never);
    expect(await dynamodbTableKind.collect(ctx, 'sessions')).toMatchObject({ deleted: true, resource: { id: 'sessions' } });
    expect(dynamodb).not.toHaveReceivedCommand(DescribeContinuousBackupsCommand);
  });

  it('keeps a TableNotFoundException of DescribeContinuousBackups as a failed read of a table DescribeTable found', async () => {
    dynamodb.on(DescribeTableCommand).resolves(sdkOutput(ownedKeyTable));
    dynamodb.on(DescribeContinuousBackupsCommand).rejects(sdkError('TableNotFoundException', 'Table not found: sessions'));
    dynamodb.on(ListTagsOfResourceCommand).resolves({});
    const snapshot = await dynamodbTableKind.collect(ctx, 'sessions');
    expect(snapshot.deleted).toBeUndefined();
    expect(snapshot.state?.continuousBackupsError).toMatchObject({ operation: 'DescribeContinuousBackups', code: 'NOT_FOUND' });
  });

  it('reports a missing table as deleted and a denied DescribeTable as the snapshot error', async () => {
    dynamodb.on(DescribeTableCommand, { TableName: 'gone' }).rejects(new ResourceNotFoundException({ message: 'Requested resource not found: Table: gone not found', $metadata: {} }));
    dynamodb.on(DescribeTableCommand, { TableName: 'secret' }).rejects(sdkError('AccessDeniedException', 'denied'));
    expect(await dynamodbTableKind.collect(ctx, 'gone')).toMatchObject({ deleted: true, resource: { id: 'gone' } });
    expect((await dynamodbTableKind.collect(ctx, 'secret')).error).toMatchObject({ operation: 'DescribeTable', code: 'ACCESS_DENIED', name: 'AccessDeniedException' });
  });
});

describe('dynamodbTableKind.enumerate', () => {
  it('follows LastEvaluatedTableName across pages', async () => {
    dynamodb.on(ListTablesCommand).resolvesOnce({ TableNames: ['patients', 'sessions'], LastEvaluatedTableName: 'sessions' }).resolvesOnce({ TableNames: ['claims'] });
    const ids: string[] = [];
    for await (const id of dynamodbTableKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['patients', 'sessions', 'claims']);
    expect(dynamodb).toHaveReceivedNthCommandWith(ListTablesCommand, 2, { ExclusiveStartTableName: 'sessions' });
  });
});

describe('dynamodbTableKind.fromConfigItem', () => {
  it('builds an AWS owned key table (ssedescription null) with its point-in-time recovery', () => {
    expect(dynamodbTableKind.fromConfigItem!(configItem(tableItem))).toMatchObject({
      source: 'config-item',
      resource: { type: 'AWS::DynamoDB::Table', id: 'sessions' },
      tags: { team: 'web' },
      state: { tableName: 'sessions', sse: null, pointInTimeRecovery: { status: 'DISABLED' } },
    });
  });

  it.each<[string, object]>([
    ['a KMS key (the item cannot say who manages it)', { configuration: { ...tableItem.configuration, ssedescription: { ssetype: 'KMS', status: 'ENABLED', kmsmasterKeyArn: KEY_ARN } } }],
    ['no ssedescription member at all', { configuration: { tableName: 'sessions' } }],
    ['no point-in-time recovery', { supplementaryConfiguration: {} }],
  ])('reads live for %s', (_name, change) => {
    expect(dynamodbTableKind.fromConfigItem!(configItem({ ...tableItem, ...change }))).toBeUndefined();
  });

  it('marks a deleted table deleted', () => {
    expect(dynamodbTableKind.fromConfigItem!(configItem({ ...tableItem, configurationItemStatus: 'ResourceDeleted' }))).toMatchObject({ deleted: true, resource: { id: 'sessions' } });
  });
});

describe('dynamodbTableKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['CreateTable', createEvent, ['patients']],
    ['UpdateContinuousBackups', pitrEvent, ['patients']],
    ['TagResource names the table by ARN', tagEvent, ['sessions']],
    ['RestoreTableToPointInTime names the new table, not its source', restoreEvent, ['patients-restored']],
    ['DeleteTable', deleteEvent, ['sessions']],
  ])('%s', (_name, record, expected) => {
    expect(dynamodbTableKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });

  it('ignores an ARN of something other than a table', () => {
    const record = { ...tagEvent, requestParameters: { resourceArn: 'arn:aws:dynamodb::111122223333:global-table/patients' } };
    expect(dynamodbTableKind.idsFromEvent(record as CloudTrailRecord)).toEqual([]);
  });
});
