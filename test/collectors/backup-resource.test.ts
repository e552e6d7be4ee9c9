import 'aws-sdk-client-mock-vitest/extend';
import { BackupClient, GetBackupSelectionCommand, ListBackupPlansCommand, ListBackupSelectionsCommand, ListProtectedResourcesCommand } from '@aws-sdk/client-backup';
import { DynamoDBClient, ListTablesCommand, ListTagsOfResourceCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DescribeInstancesCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { backupProtectedResourceKind as kind } from '../../lib/collectors/backup-resource.ts';
import type { Snapshot } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import type { BackupProtectedResourceState } from '../../lib/model/states/backup.ts';
import createSelection from '../fixtures/backup/cloudtrail-create-backup-selection.json' with { type: 'json' };
import createTable from '../fixtures/backup/cloudtrail-dynamodb-create-table.json' with { type: 'json' };
import createTags from '../fixtures/backup/cloudtrail-ec2-create-tags.json' with { type: 'json' };
import createFileSystem from '../fixtures/backup/cloudtrail-efs-create-file-system.json' with { type: 'json' };
import createDb from '../fixtures/backup/cloudtrail-rds-create-db-instance.json' with { type: 'json' };
import clusters from '../fixtures/backup/describe-db-clusters.json' with { type: 'json' };
import auroraInstances from '../fixtures/backup/describe-db-instances-aurora.json' with { type: 'json' };
import fileSystems from '../fixtures/backup/describe-file-systems.json' with { type: 'json' };
import instances from '../fixtures/backup/describe-instances.json' with { type: 'json' };
import volumes from '../fixtures/backup/describe-volumes.json' with { type: 'json' };
import phiSelection from '../fixtures/backup/get-backup-selection-phi.json' with { type: 'json' };
import plans from '../fixtures/backup/list-backup-plans.json' with { type: 'json' };
import protectedResources from '../fixtures/backup/list-protected-resources.json' with { type: 'json' };
import { mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const backup = mockedClient(BackupClient);
const dynamodb = mockedClient(DynamoDBClient);
const ec2 = mockedClient(EC2Client);
const efs = mockedClient(EFSClient);
const rds = mockedClient(RDSClient);
const ctx = mockedContext('us-east-1', '111122223333');
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111122223333:table/orders';
const VOLUME_ARN = 'arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc1234def567890';

/** One plan with the PHI tag selection; ListProtectedResources answers the fixture. */
function mockBackup(): void {
  backup.on(ListBackupPlansCommand).resolves(sdkOutput({ BackupPlansList: [plans.BackupPlansList[0]] }));
  backup.on(ListBackupSelectionsCommand).resolves({ BackupSelectionsList: [{ SelectionId: 'sel-phi-0001' }] });
  backup.on(GetBackupSelectionCommand).resolves(sdkOutput(phiSelection));
  backup.on(ListProtectedResourcesCommand).resolves(sdkOutput(protectedResources));
}

describe('backupProtectedResourceKind.collect', () => {
  it('reads a DynamoDB table\'s tags and the region\'s selections, with its latest backup', async () => {
    // Prepare
    mockBackup();
    dynamodb.on(ListTagsOfResourceCommand, { ResourceArn: TABLE_ARN }).resolves({ Tags: [{ Key: 'data-classification', Value: 'ephi' }] });
    // Act
    const snapshot = (await kind.collect(ctx, TABLE_ARN)) as Snapshot<BackupProtectedResourceState>;
    // Assess
    expect(snapshot).toMatchObject({ resource: { type: 'AWS::DynamoDB::Table', id: 'orders', arn: TABLE_ARN }, tags: { 'data-classification': 'ephi' } });
    expect(snapshot.state).toMatchObject({ resourceType: 'AWS::DynamoDB::Table', clusterId: null, lastBackup: { time: '2025-06-29T05:00:00.000Z' }, selections: [{ selectionName: 'phi-by-tag' }] });
  });

  it('reads a volume\'s attached instance with its tags, and takes the instance\'s backup as the volume\'s', async () => {
    // Prepare
    mockBackup();
    ec2.on(DescribeVolumesCommand, { VolumeIds: ['vol-0abc1234def567890'] }).resolves(sdkOutput(volumes));
    ec2.on(DescribeInstancesCommand, { InstanceIds: ['i-0aaaaec4b77188b69'] }).resolves(sdkOutput(instances));
    // Act
    const snapshot = (await kind.collect(ctx, VOLUME_ARN)) as Snapshot<BackupProtectedResourceState>;
    // Assess
    expect(snapshot.state).toMatchObject({
      attachedInstances: [{ arn: 'arn:aws:ec2:us-east-1:111122223333:instance/i-0aaaaec4b77188b69', tags: { backup: 'daily' } }],
      lastBackup: { time: '2025-06-28T05:00:00.000Z' },
    });
  });

  it('does not read instance tags when no selection chooses by tag', async () => {
    // Prepare
    mockBackup();
    backup.on(GetBackupSelectionCommand).resolves({ BackupSelection: { SelectionName: 'all-volumes', IamRoleArn: 'arn:aws:iam::111122223333:role/b', Resources: ['arn:aws:ec2:*:*:volume/*'] } });
    ec2.on(DescribeVolumesCommand).resolves(sdkOutput(volumes));
    // Act
    const snapshot = (await kind.collect(ctx, VOLUME_ARN)) as Snapshot<BackupProtectedResourceState>;
    // Assess
    expect(snapshot.state?.attachedInstances).toEqual([{ arn: 'arn:aws:ec2:us-east-1:111122223333:instance/i-0aaaaec4b77188b69', tags: {} }]);
    expect(ec2).not.toHaveReceivedCommand(DescribeInstancesCommand);
  });

  it('names an Aurora member\'s cluster', async () => {
    mockBackup();
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'orders-aurora-1' }).resolves(sdkOutput(auroraInstances));
    const snapshot = await kind.collect(ctx, 'arn:aws:rds:us-east-1:111122223333:db:orders-aurora-1');
    expect(snapshot).toMatchObject({ resource: { type: 'AWS::RDS::DBInstance', id: 'orders-aurora-1' }, state: { clusterId: 'orders-aurora' } });
  });

  it('reports a store that no longer exists as deleted', async () => {
    dynamodb.on(ListTagsOfResourceCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} }));
    expect(await kind.collect(ctx, TABLE_ARN)).toMatchObject({ deleted: true, resource: { type: 'AWS::DynamoDB::Table', id: 'orders' } });
  });

  it('turns a denied store read or selection read into snapshot.error; a denied ListProtectedResources only enriches', async () => {
    // Prepare
    mockBackup();
    efs.on(DescribeFileSystemsCommand).rejects(sdkError('AccessDeniedException', 'denied', 403));
    dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: [] });
    // Act / Assess
    expect((await kind.collect(ctx, 'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0')).error).toMatchObject({ operation: 'DescribeFileSystems', code: 'ACCESS_DENIED' });
    backup.on(ListProtectedResourcesCommand).rejects(sdkError('AccessDeniedException', 'denied', 403));
    expect(await kind.collect(ctx, TABLE_ARN)).toMatchObject({ unreadable: [{ operation: 'ListProtectedResources', code: 'ACCESS_DENIED' }], state: { lastBackup: null } });
    backup.on(GetBackupSelectionCommand).rejects(sdkError('AccessDeniedException', 'denied', 403));
    expect((await kind.collect(ctx, TABLE_ARN)).error).toMatchObject({ operation: 'GetBackupSelection', code: 'ACCESS_DENIED' });
  });
});

describe('backupProtectedResourceKind listing', () => {
  it('lists every store of the region across services and pages, one DescribeInstances per chunk', async () => {
    // Prepare
    mockBackup();
    rds.on(DescribeDBInstancesCommand).resolves(sdkOutput(auroraInstances));
    rds.on(DescribeDBClustersCommand).resolves(sdkOutput(clusters));
    dynamodb.on(ListTablesCommand).resolvesOnce({ TableNames: ['orders'], LastEvaluatedTableName: 'orders' }).resolvesOnce({ TableNames: ['audit'] });
    dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: [] });
    ec2.on(DescribeVolumesCommand).resolves(sdkOutput(volumes));
    ec2.on(DescribeInstancesCommand).resolves(sdkOutput(instances));
    efs.on(DescribeFileSystemsCommand).resolves(sdkOutput(fileSystems));
    // Act
    const snapshots: Snapshot[] = [];
    for await (const snapshot of kind.snapshotsFromListing!(ctx)) snapshots.push(snapshot);
    // Assess
    expect(snapshots.map((s) => [s.resource.type, s.resource.id])).toEqual([
      ['AWS::RDS::DBInstance', 'orders-aurora-1'],
      ['AWS::RDS::DBCluster', 'orders-aurora'],
      ['AWS::DynamoDB::Table', 'orders'],
      ['AWS::DynamoDB::Table', 'audit'],
      ['AWS::EC2::Volume', 'vol-0abc1234def567890'],
      ['AWS::EFS::FileSystem', 'fs-0123456789abcdef0'],
    ]);
    expect(dynamodb).toHaveReceivedNthCommandWith(ListTablesCommand, 2, { ExclusiveStartTableName: 'orders' });
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 1);
  });

  it('enumerates ARNs; a failed listing throws for the sweep to report', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(sdkError('AccessDenied', 'denied', 403));
    await expect(async () => {
      for await (const _ of kind.enumerate(ctx)) void _;
    }).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it.each<[string, unknown, string[]]>([
    ['DynamoDB CreateTable names the table ARN', createTable, [TABLE_ARN]],
    ['EC2 CreateTags names the volume (not the instance)', createTags, [VOLUME_ARN]],
    ['RDS CreateDBInstance names the instance ARN', createDb, ['arn:aws:rds:us-east-1:111122223333:db:orders-db']],
    ['EFS CreateFileSystem names the file system', createFileSystem, ['arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0']],
    ['CreateBackupSelection names no store (the router fans out over the region)', createSelection, []],
  ])('%s', (_name, record, expected) => {
    expect(kind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });
});
