import 'aws-sdk-client-mock-vitest/extend';
import { DBClusterNotFoundFault, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import backupRetention from '../../lib/checks/rds-backup-retention/metadata.json' with { type: 'json' };
import { rdsDatabaseKind } from '../../lib/collectors/rds-database.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import modifyClusterEvent from '../fixtures/rds/cloudtrail-modify-db-cluster.json' with { type: 'json' };
import deleteClusterEvent from '../fixtures/rds/cloudtrail-delete-db-cluster.json' with { type: 'json' };
import modifyInstanceEvent from '../fixtures/rds/cloudtrail-modify-db-instance.json' with { type: 'json' };
import clusterItem from '../fixtures/rds/config-item-db-cluster.json' with { type: 'json' };
import instanceItem from '../fixtures/rds/config-item-db-instance.json' with { type: 'json' };
import clustersPage1 from '../fixtures/rds/describe-db-clusters-page1.json' with { type: 'json' };
import clustersPage2 from '../fixtures/rds/describe-db-clusters-page2.json' with { type: 'json' };
import auroraMember from '../fixtures/rds/describe-db-instances-aurora-member.json' with { type: 'json' };
import instancesPage1 from '../fixtures/rds/describe-db-instances-page1.json' with { type: 'json' };
import instancesPage2 from '../fixtures/rds/describe-db-instances-page2.json' with { type: 'json' };
import { corpusJson, corpusRecords, HAS_CORPUS } from '../fixtures/cloudtrail/corpus.ts';
import { configItem, mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const rds = mockedClient(RDSClient);
const ctx = mockedContext('us-east-1', '644160558196');

describe('rdsDatabaseKind.collect', () => {
  it('reads a cluster named "cluster/<id>": retention, exports, replica source and tags', async () => {
    // Prepare
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'billing-aurora' }).resolves(sdkOutput(clustersPage2));
    // Act
    const snapshot = await rdsDatabaseKind.collect(ctx, 'cluster/billing-aurora');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::RDS::DBCluster', id: 'billing-aurora', arn: 'arn:aws:rds:us-east-1:644160558196:cluster:billing-aurora' });
    expect(snapshot.state).toEqual({
      type: 'cluster', identifier: 'billing-aurora', engine: 'aurora-mysql', status: 'available', backupRetentionPeriod: 1,
      enabledCloudwatchLogsExports: [], clusterIdentifier: null, replicaSourceIdentifier: 'arn:aws:rds:us-west-2:644160558196:cluster:billing-aurora-west',
    });
    expect(snapshot.tags).toEqual({});
  });

  it('finds a cluster by the DbClusterResourceId a Config item names', async () => {
    rds.on(DescribeDBClustersCommand, { Filters: [{ Name: 'db-cluster-resource-id', Values: ['cluster-4QZV6TL3J7XKXBDYF2NOP7AQ5E'] }] }).resolves(sdkOutput(clustersPage1));
    const snapshot = await rdsDatabaseKind.collect(ctx, 'cluster/cluster-4QZV6TL3J7XKXBDYF2NOP7AQ5E');
    expect(snapshot).toMatchObject({ resource: { id: 'claims-aurora' }, tags: { 'data-classification': 'phi' }, state: { backupRetentionPeriod: 14, enabledCloudwatchLogsExports: ['postgresql'] } });
  });

  it('reads an instance through the rds-instance kind, with the cluster it belongs to', async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'claims-aurora-instance-1' }).resolves(sdkOutput(auroraMember));
    const snapshot = await rdsDatabaseKind.collect(ctx, 'claims-aurora-instance-1');
    expect(snapshot).toMatchObject({ kind: 'rds-database', resource: { type: 'AWS::RDS::DBInstance', id: 'claims-aurora-instance-1' } });
    expect(snapshot.state).toEqual({
      type: 'instance', identifier: 'claims-aurora-instance-1', engine: 'aurora-postgresql', status: 'available', backupRetentionPeriod: 14,
      enabledCloudwatchLogsExports: [], clusterIdentifier: 'claims-aurora', replicaSourceIdentifier: null,
    });
  });

  it('calls an instance answer without BackupRetentionPeriod malformed, never "no backups"', async () => {
    rds.on(DescribeDBInstancesCommand).resolves(sdkOutput(instancesPage2));
    const snapshot = await rdsDatabaseKind.collect(ctx, 'orders-db');
    expect(snapshot.state).toBeUndefined();
    expect(snapshot.error).toMatchObject({ operation: 'DescribeDBInstances', code: 'MALFORMED_RESPONSE' });
  });

  it('takes a database described as deleting (Delete* answers at once) as deleted', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ ...clustersPage2.DBClusters[0], Status: 'deleting' }] });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ ...auroraMember.DBInstances[0], DBInstanceStatus: 'deleting' }] });
    expect(await rdsDatabaseKind.collect(ctx, 'cluster/billing-aurora')).toMatchObject({ deleted: true, resource: { type: 'AWS::RDS::DBCluster', id: 'billing-aurora' } });
    expect(await rdsDatabaseKind.collect(ctx, 'claims-aurora-instance-1')).toMatchObject({ deleted: true, resource: { id: 'claims-aurora-instance-1' } });
  });

  it('reports a missing cluster as deleted and a denied read as its error code', async () => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'gone' }).rejects(new DBClusterNotFoundFault({ message: 'DBCluster gone not found.', $metadata: {} }));
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'secret' }).rejects(sdkError('AccessDenied', 'not authorized to perform: rds:DescribeDBClusters', 403));
    expect(await rdsDatabaseKind.collect(ctx, 'cluster/gone')).toMatchObject({ deleted: true, resource: { type: 'AWS::RDS::DBCluster', id: 'gone' } });
    expect((await rdsDatabaseKind.collect(ctx, 'cluster/secret')).error).toMatchObject({ operation: 'DescribeDBClusters', code: 'ACCESS_DENIED' });
  });
});

describe('rdsDatabaseKind listings', () => {
  it('enumerates instances then clusters, following Marker across pages of both', async () => {
    // Prepare
    rds.on(DescribeDBInstancesCommand).resolvesOnce(sdkOutput(instancesPage1)).resolvesOnce(sdkOutput(instancesPage2));
    rds.on(DescribeDBClustersCommand).resolvesOnce(sdkOutput(clustersPage1)).resolvesOnce(sdkOutput(clustersPage2));
    // Act
    const ids: string[] = [];
    for await (const id of rdsDatabaseKind.enumerate(ctx)) ids.push(id);
    // Assess
    expect(ids).toEqual(['c7n-data-index', 'orders-db', 'cluster/claims-aurora', 'cluster/billing-aurora']);
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBClustersCommand, 2, { Marker: 'clusters-page-2' });
  });

  it('builds every snapshot from the two listings, with no read per database', async () => {
    rds.on(DescribeDBInstancesCommand).resolves(sdkOutput(auroraMember));
    rds.on(DescribeDBClustersCommand).resolvesOnce(sdkOutput(clustersPage1)).resolvesOnce(sdkOutput(clustersPage2));
    const snapshots = [];
    for await (const snapshot of rdsDatabaseKind.snapshotsFromListing!(ctx)) snapshots.push(snapshot);
    expect(snapshots.map((s) => [s.resource.type, s.resource.id, s.state?.backupRetentionPeriod])).toEqual([
      ['AWS::RDS::DBInstance', 'claims-aurora-instance-1', 14],
      ['AWS::RDS::DBCluster', 'claims-aurora', 14],
      ['AWS::RDS::DBCluster', 'billing-aurora', 1],
    ]);
    expect(rds).toHaveReceivedCommandTimes(DescribeDBInstancesCommand, 1);
  });
});

describe('rdsDatabaseKind.fromConfigItem', () => {
  it('builds a cluster from its item (Config spells dbclusterIdentifier)', () => {
    const snapshot = rdsDatabaseKind.fromConfigItem!(configItem(clusterItem));
    expect(snapshot).toMatchObject({
      source: 'config-item',
      resource: { type: 'AWS::RDS::DBCluster', id: 'claims-aurora' },
      tags: { 'data-classification': 'phi' },
      state: { type: 'cluster', backupRetentionPeriod: 3, enabledCloudwatchLogsExports: ['postgresql'] },
    });
  });

  it('builds an instance from an item that says its retention and exports (null exports: none)', () => {
    const item = { ...instanceItem, configuration: { ...instanceItem.configuration, backupRetentionPeriod: 7, enabledCloudwatchLogsExports: null } };
    expect(rdsDatabaseKind.fromConfigItem!(configItem(item))).toMatchObject({ kind: 'rds-database', state: { type: 'instance', backupRetentionPeriod: 7, enabledCloudwatchLogsExports: [] } });
  });

  it('reads live when an item does not say which logs are exported (items older than the feature)', () => {
    const older: Record<string, unknown> = { ...clusterItem.configuration };
    delete older.enabledCloudwatchLogsExports;
    expect(rdsDatabaseKind.fromConfigItem!(configItem({ ...clusterItem, configuration: older }))).toBeUndefined();
    expect(rdsDatabaseKind.fromConfigItem!(configItem(instanceItem))).toBeUndefined();
  });

  it('marks a deleted cluster deleted, and resolves a cluster item it could not use to a live read', async () => {
    const deleted = rdsDatabaseKind.fromConfigItem!(configItem({ ...clusterItem, configurationItemStatus: 'ResourceDeleted' }));
    expect(deleted).toMatchObject({ deleted: true, resource: { type: 'AWS::RDS::DBCluster', id: 'claims-aurora' } });
    const ids = await rdsDatabaseKind.resolveIds!(ctx, { resourceType: 'AWS::RDS::DBCluster', resourceId: 'cluster-4QZV6TL3J7XKXBDYF2NOP7AQ5E' });
    expect(ids).toEqual(['cluster/cluster-4QZV6TL3J7XKXBDYF2NOP7AQ5E']);
  });

  it.skipIf(!HAS_CORPUS)('reads the real corpus instance items live: they predate log exports', () => {
    expect(rdsDatabaseKind.fromConfigItem!(configItem(corpusJson('config/configuration-items/rdk__AWS_RDS_DBInstance.json')))).toBeUndefined();
  });
});

describe('rdsDatabaseKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['ModifyDBCluster names the cluster (lower-cased)', modifyClusterEvent, ['cluster/claims-aurora']],
    ['DeleteDBCluster names the cluster it removes', deleteClusterEvent, ['cluster/billing-aurora']],
    ['ModifyDBInstance names the instance', modifyInstanceEvent, ['production-db']],
  ])('%s', (_name, record, expected) => {
    expect(rdsDatabaseKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });

  it.skipIf(!HAS_CORPUS)('names the instance of every real corpus record of a trigger event (CreateDBInstance, ModifyDBInstance)', () => {
    const records = corpusRecords(backupRetention.triggers.cloudtrail[0]!.eventNames);
    expect(records.map(({ record }) => record.eventName)).toContain('CreateDBInstance');
    for (const { file, record } of records) {
      expect(rdsDatabaseKind.idsFromEvent(record), file).toEqual([String(record.requestParameters?.dBInstanceIdentifier).toLowerCase()]);
    }
  });
});
