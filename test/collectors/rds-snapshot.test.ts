import 'aws-sdk-client-mock-vitest/extend';
import {
  DBSnapshotNotFoundFault, DescribeDBClusterSnapshotAttributesCommand, DescribeDBClusterSnapshotsCommand, DescribeDBSnapshotAttributesCommand, DescribeDBSnapshotsCommand, RDSClient,
} from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import notPublic from '../../lib/checks/rds-snapshot-not-public/metadata.json' with { type: 'json' };
import { runCheck } from '../../lib/checks/run-check.ts';
import check from '../../lib/checks/rds-snapshot-not-public/index.ts';
import { rdsSnapshotKind } from '../../lib/collectors/rds-snapshot.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import copyEvent from '../fixtures/rds/cloudtrail-copy-db-snapshot.json' with { type: 'json' };
import deleteEvent from '../fixtures/rds/cloudtrail-delete-db-snapshot.json' with { type: 'json' };
import modifyClusterAttributeEvent from '../fixtures/rds/cloudtrail-modify-db-cluster-snapshot-attribute.json' with { type: 'json' };
import clusterSnapshotItem from '../fixtures/rds/config-item-db-cluster-snapshot.json' with { type: 'json' };
import snapshotItem from '../fixtures/rds/config-item-db-snapshot.json' with { type: 'json' };
import clusterAttributes from '../fixtures/rds/describe-db-cluster-snapshot-attributes-public.json' with { type: 'json' };
import clusterSnapshots from '../fixtures/rds/describe-db-cluster-snapshots.json' with { type: 'json' };
import sharedAttributes from '../fixtures/rds/describe-db-snapshot-attributes-shared.json' with { type: 'json' };
import page1 from '../fixtures/rds/describe-db-snapshots-page1.json' with { type: 'json' };
import page2 from '../fixtures/rds/describe-db-snapshots-page2.json' with { type: 'json' };
import { corpusRecords, HAS_CORPUS } from '../fixtures/cloudtrail/corpus.ts';
import { configItem, mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const rds = mockedClient(RDSClient);
const ctx = mockedContext('us-east-1', '644160558196');
const ENCRYPTION_ONLY = { ...ctx, reads: new Set(['rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots']) };

describe('rdsSnapshotKind.collect', () => {
  it('reads a DB snapshot, its encryption, tags and restore attribute', async () => {
    // Prepare
    rds.on(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: 'exfiltration' }).resolves(sdkOutput(page1));
    rds.on(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: 'exfiltration' }).resolves(sharedAttributes);
    // Act
    const snapshot = await rdsSnapshotKind.collect(ctx, 'exfiltration');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::RDS::DBSnapshot', id: 'exfiltration', arn: 'arn:aws:rds:us-east-1:644160558196:snapshot:exfiltration' });
    expect(snapshot.tags).toEqual({ 'data-classification': 'phi' });
    expect(snapshot.state).toEqual({
      type: 'instance', identifier: 'exfiltration', sourceIdentifier: 'orders-db', snapshotType: 'manual', engine: 'mysql', status: 'available',
      encrypted: false, kmsKeyId: null, restoreAccounts: ['503161813013'],
    });
  });

  it('reads a cluster snapshot named "cluster/<id>" and its public restore attribute', async () => {
    rds.on(DescribeDBClusterSnapshotsCommand, { DBClusterSnapshotIdentifier: 'claims-aurora-2024-06-01' }).resolves(sdkOutput(clusterSnapshots));
    rds.on(DescribeDBClusterSnapshotAttributesCommand).resolves(clusterAttributes);
    const snapshot = await rdsSnapshotKind.collect(ctx, 'cluster/claims-aurora-2024-06-01');
    expect(snapshot).toMatchObject({
      resource: { type: 'AWS::RDS::DBClusterSnapshot', id: 'claims-aurora-2024-06-01' },
      state: { type: 'cluster', sourceIdentifier: 'claims-aurora', encrypted: false, restoreAccounts: ['all'] },
    });
    expect(runCheck(check, snapshot, DEFAULT_SETTINGS).result).toBe('fail');
  });

  it('skips the attribute read when no check at hand needs it', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves(sdkOutput(page2));
    const snapshot = await rdsSnapshotKind.collect(ENCRYPTION_ONLY, 'orders-db-final');
    expect(snapshot.state).toMatchObject({ encrypted: true, kmsKeyId: 'arn:aws:kms:us-east-1:644160558196:key/e20f3a10-781f-4582-93d7-6dfe67cac827' });
    expect(snapshot.state?.restoreAccounts).toBeUndefined();
    expect(rds).not.toHaveReceivedCommand(DescribeDBSnapshotAttributesCommand);
  });

  it('keeps a denied attribute read in the state: the encryption verdict still stands', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves(sdkOutput(page2));
    rds.on(DescribeDBSnapshotAttributesCommand).rejects(sdkError('AccessDenied', 'not authorized to perform: rds:DescribeDBSnapshotAttributes', 403));
    const snapshot = await rdsSnapshotKind.collect(ctx, 'orders-db-final');
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.state?.restoreAttributeError).toMatchObject({ operation: 'DescribeDBSnapshotAttributes', code: 'ACCESS_DENIED' });
  });

  it('reports a missing snapshot as deleted and a denied describe as the snapshot error', async () => {
    rds.on(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: 'gone' }).rejects(new DBSnapshotNotFoundFault({ message: 'DBSnapshot gone not found.', $metadata: {} }));
    rds.on(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: 'secret' }).rejects(sdkError('AccessDenied', 'denied', 403));
    expect(await rdsSnapshotKind.collect(ctx, 'gone')).toMatchObject({ deleted: true, resource: { id: 'gone' } });
    expect((await rdsSnapshotKind.collect(ctx, 'secret')).error).toMatchObject({ operation: 'DescribeDBSnapshots', code: 'ACCESS_DENIED' });
  });
});

describe('rdsSnapshotKind.enumerate', () => {
  it('lists manual DB snapshots across pages, then manual cluster snapshots', async () => {
    // Prepare
    rds.on(DescribeDBSnapshotsCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    rds.on(DescribeDBClusterSnapshotsCommand).resolves(sdkOutput(clusterSnapshots));
    // Act
    const ids: string[] = [];
    for await (const id of rdsSnapshotKind.enumerate(ctx)) ids.push(id);
    // Assess
    expect(ids).toEqual(['exfiltration', 'orders-db-final', 'cluster/claims-aurora-2024-06-01']);
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBSnapshotsCommand, 1, { SnapshotType: 'manual' });
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBSnapshotsCommand, 2, { SnapshotType: 'manual', Marker: 'snapshots-page-2' });
    expect(rds).toHaveReceivedCommandWith(DescribeDBClusterSnapshotsCommand, { SnapshotType: 'manual' });
  });
});

describe('rdsSnapshotKind.fromConfigItem', () => {
  it('reads encryption and the restore attribute of a DB snapshot item', () => {
    expect(rdsSnapshotKind.fromConfigItem!(configItem(snapshotItem))).toMatchObject({
      resource: { type: 'AWS::RDS::DBSnapshot', id: 'marketing-export' },
      state: { type: 'instance', encrypted: false, restoreAccounts: ['all'], sourceIdentifier: 'reports-db' },
    });
  });

  it('reads a cluster snapshot item as Config spells it (dbcluster..., storageEncrypted)', () => {
    expect(rdsSnapshotKind.fromConfigItem!(configItem(clusterSnapshotItem))).toMatchObject({
      resource: { type: 'AWS::RDS::DBClusterSnapshot', id: 'claims-aurora-2024-06-01' },
      tags: { 'data-classification': 'phi' },
      state: { type: 'cluster', encrypted: true, restoreAccounts: [], sourceIdentifier: 'claims-aurora' },
    });
  });

  it('reads live when the item has no attribute list, and marks a deleted item deleted', async () => {
    expect(rdsSnapshotKind.fromConfigItem!(configItem({ ...snapshotItem, supplementaryConfiguration: {} }))).toBeUndefined();
    expect(rdsSnapshotKind.fromConfigItem!(configItem({ ...snapshotItem, configurationItemStatus: 'ResourceDeleted' }))).toMatchObject({ deleted: true });
    expect(await rdsSnapshotKind.resolveIds!(ctx, { resourceType: 'AWS::RDS::DBClusterSnapshot', resourceId: 'claims-aurora-2024-06-01' })).toEqual(['cluster/claims-aurora-2024-06-01']);
  });
});

describe('rdsSnapshotKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['ModifyDBClusterSnapshotAttribute (lower-cased)', modifyClusterAttributeEvent, ['cluster/claims-aurora-2024-06-01']],
    ['CopyDBSnapshot names its target, not the source ARN', copyEvent, ['orders-db-copy']],
    ['DeleteDBSnapshot names what it removes', deleteEvent, ['marketing-export']],
  ])('%s', (_name, record, expected) => {
    expect(rdsSnapshotKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });

  it.skipIf(!HAS_CORPUS)('routes the real ModifyDBSnapshotAttribute record (stratus) to its snapshot, which an account share leaves private', async () => {
    // Prepare: the corpus record shares "exfiltration" with one account
    const records = corpusRecords(['ModifyDBSnapshotAttribute']);
    expect(records).toHaveLength(1);
    const { record } = records[0]!;
    expect(notPublic.triggers.cloudtrail[0]!.eventNames).toContain(record.eventName);
    const ids = rdsSnapshotKind.idsFromEvent(record);
    const shared = record.responseElements?.dBSnapshotAttributes as Array<{ attributeName: string; attributeValues: string[] }>;
    rds.on(DescribeDBSnapshotsCommand).resolves(sdkOutput(page1));
    rds.on(DescribeDBSnapshotAttributesCommand).resolves({ DBSnapshotAttributesResult: { DBSnapshotAttributes: shared.map((a) => ({ AttributeName: a.attributeName, AttributeValues: a.attributeValues })) } });
    // Act
    const snapshot = await rdsSnapshotKind.collect(ctx, ids[0]!);
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(ids).toEqual(['exfiltration']);
    expect(finding).toMatchObject({ result: 'pass', observed: { restoreAccounts: ['503161813013'] } });
  });
});
