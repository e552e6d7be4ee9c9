import { DescribeSnapshotAttributeCommand, DescribeSnapshotsCommand, EC2Client, GetSnapshotBlockPublicAccessStateCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { ebsSnapshotKind } from '../../lib/collectors/ec2.ts';
import { RunMemo } from '../../lib/collectors/run-memo.ts';
import type { Snapshot } from '../../lib/model/check.ts';
import events from '../fixtures/ec2/exposure-events.json' with { type: 'json' };
import { corpusRecords, hasCorpus, recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const ec2 = mockedClient(EC2Client);
const ctx = mockedContext();
const SNAP = 'snap-0a1b2c3d4e5f60001';
const described = { Snapshots: [{ SnapshotId: SNAP, VolumeId: 'vol-0a1b2c3d4e5f60001', Encrypted: true, OwnerId: '111122223333', State: 'completed', Tags: [{ Key: 'data-classification', Value: 'ephi' }] }] };

describe('ebsSnapshotKind.collect', () => {
  it('maps the createVolumePermission, the shared accounts and the region setting', async () => {
    // Prepare
    ec2.on(DescribeSnapshotsCommand, { SnapshotIds: [SNAP] }).resolves(described as never);
    ec2.on(DescribeSnapshotAttributeCommand, { SnapshotId: SNAP, Attribute: 'createVolumePermission' }).resolves({ SnapshotId: SNAP, CreateVolumePermissions: [{ Group: 'all' }, { UserId: '098797384747' }] });
    ec2.on(GetSnapshotBlockPublicAccessStateCommand).resolves({ State: 'block-new-sharing', ManagedBy: 'account' });
    // Act
    const snapshot = await ebsSnapshotKind.collect(ctx, SNAP);
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::EC2::Snapshot', id: SNAP, arn: `arn:aws:ec2:us-east-1::snapshot/${SNAP}` });
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi' });
    expect(snapshot.state).toEqual({
      snapshotId: SNAP,
      sharedPublicly: true,
      sharedWithAccounts: ['098797384747'],
      encrypted: true,
      volumeId: 'vol-0a1b2c3d4e5f60001',
      blockPublicAccess: { state: 'block-new-sharing', managedBy: 'account' },
    });
  });

  it('reports a snapshot that no longer exists as deleted', async () => {
    ec2.on(DescribeSnapshotsCommand).rejects(sdkError('InvalidSnapshot.NotFound'));
    ec2.on(DescribeSnapshotAttributeCommand).rejects(sdkError('InvalidSnapshot.NotFound'));
    ec2.on(GetSnapshotBlockPublicAccessStateCommand).resolves({ State: 'unblocked' });
    expect((await ebsSnapshotKind.collect(ctx, 'snap-0gone')).deleted).toBe(true);
  });

  it.each([
    [DescribeSnapshotAttributeCommand, 'ec2:DescribeSnapshotAttribute'],
    [GetSnapshotBlockPublicAccessStateCommand, 'ec2:GetSnapshotBlockPublicAccessState'],
  ] as const)('a denied %s read is the error, the tags still known', async (command, operation) => {
    // Prepare
    ec2.on(DescribeSnapshotsCommand).resolves(described as never);
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [] });
    ec2.on(GetSnapshotBlockPublicAccessStateCommand).resolves({ State: 'unblocked' });
    ec2.on(command as never).rejects(sdkError('UnauthorizedOperation'));
    // Act
    const snapshot = await ebsSnapshotKind.collect(ctx, SNAP);
    // Assess
    expect(snapshot.error).toMatchObject({ operation, code: 'ACCESS_DENIED', name: 'UnauthorizedOperation' });
    expect(snapshot.state).toBeUndefined();
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi' });
  });

  it('reads the region setting once per run however many snapshots it serves', async () => {
    // Prepare
    ec2.on(DescribeSnapshotsCommand).resolves(described as never);
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [] });
    ec2.on(GetSnapshotBlockPublicAccessStateCommand).resolves({ State: 'block-all-sharing' });
    const run = { ...ctx, memo: new RunMemo() };
    // Act
    await Promise.all([ebsSnapshotKind.collect(run, SNAP), ebsSnapshotKind.collect(run, SNAP)]);
    // Assess
    expect(ec2).toHaveReceivedCommandTimes(GetSnapshotBlockPublicAccessStateCommand, 1);
  });
});

describe('ebsSnapshotKind.enumerate / snapshotsFromListing', () => {
  it('enumerates the account own snapshots across two pages', async () => {
    ec2.on(DescribeSnapshotsCommand).callsFake((input: { NextToken?: string }) =>
      input.NextToken ? { Snapshots: [{ SnapshotId: 'snap-2' }] } : { Snapshots: [{ SnapshotId: 'snap-1' }], NextToken: 'n' },
    );
    const ids: string[] = [];
    for await (const id of ebsSnapshotKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['snap-1', 'snap-2']);
    expect(ec2).toHaveReceivedCommandWith(DescribeSnapshotsCommand, { OwnerIds: ['self'] });
  });

  async function listed(): Promise<Snapshot[]> {
    const out: Snapshot[] = [];
    for await (const snapshot of ebsSnapshotKind.snapshotsFromListing!(ctx)) out.push(snapshot);
    return out;
  }

  it('marks the snapshots restorable by "all" as public, from two listings', async () => {
    // Prepare
    ec2.on(GetSnapshotBlockPublicAccessStateCommand).resolves({ State: 'unblocked', ManagedBy: 'account' });
    ec2.on(DescribeSnapshotsCommand).callsFake((input: { RestorableByUserIds?: string[]; NextToken?: string }) => {
      if (input.RestorableByUserIds) return { Snapshots: [{ SnapshotId: 'snap-2' }] };
      return input.NextToken ? { Snapshots: [{ SnapshotId: 'snap-2' }] } : { Snapshots: [{ SnapshotId: 'snap-1', Tags: [{ Key: 'Name', Value: 'db' }] }], NextToken: 'n' };
    });
    // Act
    const snapshots = await listed();
    // Assess
    expect(snapshots.map((s) => [s.resource.id, (s.state as { sharedPublicly: boolean }).sharedPublicly])).toEqual([['snap-1', false], ['snap-2', true]]);
    expect(snapshots[0]!.tags).toEqual({ Name: 'db' });
    expect(ec2).toHaveReceivedCommandWith(DescribeSnapshotsCommand, { OwnerIds: ['self'], RestorableByUserIds: ['all'] });
    expect(ec2).not.toHaveReceivedCommand(DescribeSnapshotAttributeCommand);
  });

  it('does not list public snapshots where the region blocks all sharing (AWS hides them)', async () => {
    ec2.on(GetSnapshotBlockPublicAccessStateCommand).resolves({ State: 'block-all-sharing' });
    ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [{ SnapshotId: 'snap-1' }] });
    const snapshots = await listed();
    expect(snapshots.map((s) => s.state)).toEqual([{ snapshotId: 'snap-1', sharedPublicly: null, blockPublicAccess: { state: 'block-all-sharing' } }]);
    expect(ec2).toHaveReceivedCommandTimes(DescribeSnapshotsCommand, 1);
  });

  it('gives every listed snapshot the error when the region setting is denied', async () => {
    ec2.on(GetSnapshotBlockPublicAccessStateCommand).rejects(sdkError('UnauthorizedOperation'));
    ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [{ SnapshotId: 'snap-1' }, { SnapshotId: 'snap-2' }] });
    const snapshots = await listed();
    expect(snapshots.map((s) => [s.resource.id, s.error?.code])).toEqual([['snap-1', 'ACCESS_DENIED'], ['snap-2', 'ACCESS_DENIED']]);
  });
});

describe('ebsSnapshotKind.idsFromEvent', () => {
  it.each([
    ['ModifySnapshotAttributePublic', 'ModifySnapshotAttribute', ['snap-0a1b2c3d4e5f60001']],
    ['CreateSnapshot', 'CreateSnapshot', ['snap-0a1b2c3d4e5f60002']],
    ['CreateSnapshots', 'CreateSnapshots', ['snap-0a1b2c3d4e5f60003', 'snap-0a1b2c3d4e5f60004']],
    ['CopySnapshot', 'CopySnapshot', ['snap-0a1b2c3d4e5f60005']],
    ['DeleteSnapshot', 'DeleteSnapshot', ['snap-0a1b2c3d4e5f60006']],
    ['EnableSnapshotBlockPublicAccess', 'EnableSnapshotBlockPublicAccess', []],
  ])('%s names %j', (key, eventName, ids) => {
    expect(ebsSnapshotKind.idsFromEvent(recordFrom(events, key, eventName))).toEqual(ids);
  });

  it.skipIf(!hasCorpus)('names the snapshot of the real ModifySnapshotAttribute record', () => {
    const [found] = corpusRecords(['ModifySnapshotAttribute']);
    expect(ebsSnapshotKind.idsFromEvent(found!.record)).toEqual(['snap-041993b54a9b3af6f']);
  });
});
