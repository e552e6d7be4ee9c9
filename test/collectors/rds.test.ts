import 'aws-sdk-client-mock-vitest/extend';
import { DBInstanceNotFoundFault, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import storageEncrypted from '../../lib/checks/rds-instance-storage-encrypted/metadata.json' with { type: 'json' };
import { rdsInstanceKind } from '../../lib/collectors/rds.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import modifyEvent from '../fixtures/rds/cloudtrail-modify-db-instance.json' with { type: 'json' };
import restoreEvent from '../fixtures/rds/cloudtrail-restore-point-in-time.json' with { type: 'json' };
import instanceItem from '../fixtures/rds/config-item-db-instance.json' with { type: 'json' };
import deletedItem from '../fixtures/rds/config-item-db-instance-deleted.json' with { type: 'json' };
import page1 from '../fixtures/rds/describe-db-instances-page1.json' with { type: 'json' };
import page2 from '../fixtures/rds/describe-db-instances-page2.json' with { type: 'json' };
import publicInstance from '../fixtures/rds/describe-db-instances-public.json' with { type: 'json' };
import { corpusJson, corpusRecords, HAS_CORPUS } from '../fixtures/cloudtrail/corpus.ts';
import { configItem, mockedClient, mockedContext } from '../fixtures/collectors/ctx.ts';

const rds = mockedClient(RDSClient);
const ctx = mockedContext('us-east-1', '644160558196');

describe('rdsInstanceKind.collect', () => {
  it('reads the instance: encryption, public access, engine and tags', async () => {
    // Prepare
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'c7n-data-index' }).resolves(publicInstance);
    // Act
    const snapshot = await rdsInstanceKind.collect(ctx, 'c7n-data-index');
    // Assess
    expect(rds).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'c7n-data-index' });
    expect(snapshot.resource).toEqual({ type: 'AWS::RDS::DBInstance', id: 'c7n-data-index', arn: 'arn:aws:rds:us-east-1:644160558196:db:c7n-data-index' });
    expect(snapshot.state).toEqual({
      identifier: 'c7n-data-index', engine: 'postgres', status: 'available', storageEncrypted: false, kmsKeyId: null, publiclyAccessible: true,
      backupRetentionPeriod: 7, enabledCloudwatchLogsExports: ['postgresql', 'upgrade'], dbClusterIdentifier: null, readReplicaSourceIdentifier: null,
    });
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi', 'workload-type': 'other' });
    expect(snapshot.error).toBeUndefined();
  });

  it('gives explicit absent values for an instance without a key or tags', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ ...page2.DBInstances[0], KmsKeyId: undefined, TagList: undefined }] });
    const snapshot = await rdsInstanceKind.collect(ctx, 'orders-db');
    expect(snapshot.state?.kmsKeyId).toBeNull();
    expect(snapshot.tags).toEqual({});
    // No EnabledCloudwatchLogsExports member: the API's way of saying nothing is exported.
    expect(snapshot.state?.enabledCloudwatchLogsExports).toEqual([]);
  });

  it('finds an instance named by its DbiResourceId (the id Config items carry)', async () => {
    rds.on(DescribeDBInstancesCommand, { Filters: [{ Name: 'dbi-resource-id', Values: ['db-KOCU7UR74VM3AC4R3H2UXX7PE4'] }] }).resolves(publicInstance);
    const snapshot = await rdsInstanceKind.collect(ctx, 'db-KOCU7UR74VM3AC4R3H2UXX7PE4');
    expect(snapshot.resource.id).toBe('c7n-data-index');
    expect(snapshot.state?.publiclyAccessible).toBe(true);
  });

  it('turns AccessDenied into snapshot.error, not a throw', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(Object.assign(new Error('not authorized to perform: rds:DescribeDBInstances'), { name: 'AccessDenied' }));
    const snapshot = await rdsInstanceKind.collect(ctx, 'orders-db');
    expect(snapshot.error).toMatchObject({ operation: 'DescribeDBInstances', code: 'ACCESS_DENIED', name: 'AccessDenied' });
    expect(snapshot.state).toBeUndefined();
  });

  it('reports a missing instance as deleted', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(new DBInstanceNotFoundFault({ message: 'DBInstance orders-db not found.', $metadata: {} }));
    const snapshot = await rdsInstanceKind.collect(ctx, 'orders-db');
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: 'orders-db' } });
    expect(snapshot.error).toBeUndefined();
  });
});

describe('rdsInstanceKind.enumerate', () => {
  it('follows Marker across pages', async () => {
    rds.on(DescribeDBInstancesCommand).resolvesOnce(page1).resolvesOnce(page2);
    const ids: string[] = [];
    for await (const id of rdsInstanceKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['c7n-data-index', 'orders-db']);
    expect(rds).toHaveReceivedCommandTimes(DescribeDBInstancesCommand, 2);
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBInstancesCommand, 2, { Marker: 'page-2-marker' });
  });
});

describe('rdsInstanceKind.fromConfigItem', () => {
  it('builds the state from the configuration, keyed by the instance identifier', () => {
    const snapshot = rdsInstanceKind.fromConfigItem!(configItem(instanceItem));
    expect(snapshot).toMatchObject({
      source: 'config-item',
      resource: { id: 'orders-db', arn: 'arn:aws:rds:us-east-1:644160558196:db:orders-db' },
      tags: { 'data-classification': 'phi' },
      state: { storageEncrypted: true, publiclyAccessible: false, engine: 'mysql' },
    });
  });

  it('marks a deleted resource deleted', () => {
    expect(rdsInstanceKind.fromConfigItem!(configItem(deletedItem))).toMatchObject({ deleted: true, resource: { id: 'orders-db' } });
  });

  it('returns undefined when the item lacks a fact the checks need', () => {
    const partial = { ...instanceItem, configuration: { dBInstanceIdentifier: 'orders-db', storageEncrypted: true } };
    expect(rdsInstanceKind.fromConfigItem!(configItem(partial))).toBeUndefined();
  });

  it.skipIf(!HAS_CORPUS)('reads the real corpus items (RDK template and a custom-rule invocation)', () => {
    const rdk = rdsInstanceKind.fromConfigItem!(configItem(corpusJson('config/configuration-items/rdk__AWS_RDS_DBInstance.json')));
    expect(rdk).toMatchObject({ resource: { id: 'myrdstest' }, state: { storageEncrypted: true, publiclyAccessible: true } });
    const invocation = corpusJson<{ invokingEvent: string }>('config/rule-invocations/c7n__rds-from-rule.json');
    const c7n = rdsInstanceKind.fromConfigItem!(configItem(JSON.parse(invocation.invokingEvent).configurationItem));
    expect(c7n).toMatchObject({ resource: { id: 'c7n-data-index' }, state: { storageEncrypted: false, publiclyAccessible: true, kmsKeyId: null } });
  });
});

describe('rdsInstanceKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['ModifyDBInstance (lower-cases the caller spelling)', modifyEvent, ['production-db']],
    ['RestoreDBInstanceToPointInTime names the new instance', restoreEvent, ['production-db-restored']],
  ])('%s', (_name, record, expected) => {
    expect(rdsInstanceKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });

  it.skipIf(!HAS_CORPUS)('names the instance in every real corpus record of a trigger event', () => {
    const records = corpusRecords(storageEncrypted.triggers.cloudtrail[0]!.eventNames);
    expect(records.length).toBeGreaterThanOrEqual(3);
    for (const { file, record } of records) {
      const expected = String(record.requestParameters?.dBInstanceIdentifier).toLowerCase();
      expect(rdsInstanceKind.idsFromEvent(record), file).toEqual([expected]);
    }
  });
});
