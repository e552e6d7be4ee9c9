import { DescribeVolumesCommand, EC2Client, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { ebsDefaultEncryptionKind, ebsVolumeKind } from '../../lib/collectors/ec2.ts';
import type { ConfigItem } from '../../lib/model/config-item.ts';
import volumes from '../fixtures/ec2/describe-volumes.json' with { type: 'json' };
import volumeItem from '../fixtures/ec2/config-item-volume.json' with { type: 'json' };
import events from '../fixtures/ec2/cloudtrail-events.json' with { type: 'json' };
import { corpusConfigItem, corpusRecords, hasCorpus, recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const ec2 = mockedClient(EC2Client);
const ctx = mockedContext();
const ID = '111122223333:us-east-1';

describe('ebsDefaultEncryptionKind', () => {

  it('collects the flag and the default key for <account>:<region>', async () => {
    // Prepare
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
    // Act
    const snapshot = await ebsDefaultEncryptionKind.collect(ctx, ID);
    // Assess
    expect(snapshot).toMatchObject({ kind: 'ebs-encryption-default', resource: { type: 'AWS::::Account', id: ID }, account: '111122223333', region: 'us-east-1' });
    expect(snapshot.state).toEqual({ encryptedByDefault: true, kmsKeyId: 'alias/aws/ebs' });
  });

  it('reads "off" as off, without asking for a default key that changes nothing', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
    expect((await ebsDefaultEncryptionKind.collect(ctx, ID)).state).toEqual({ encryptedByDefault: false, kmsKeyId: null });
    expect(ec2).not.toHaveReceivedCommand(GetEbsDefaultKmsKeyIdCommand);
  });

  it('a denied default key read leaves "on" standing, the key unknown and the failure listed', async () => {
    // Prepare
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    // Act
    const snapshot = await ebsDefaultEncryptionKind.collect(ctx, ID);
    // Assess
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.state).toEqual({ encryptedByDefault: true, kmsKeyId: null });
    expect(snapshot.unreadable).toEqual([expect.objectContaining({ operation: 'ec2:GetEbsDefaultKmsKeyId', code: 'ACCESS_DENIED', name: 'UnauthorizedOperation' })]);
  });

  it('turns AccessDenied into an error snapshot', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).rejects(sdkError('UnauthorizedOperation'));
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
    const snapshot = await ebsDefaultEncryptionKind.collect(ctx, ID);
    expect(snapshot.error).toMatchObject({ operation: 'ec2:GetEbsEncryptionByDefault', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toBeUndefined();
  });

  it('refuses an id for another region instead of reading the wrong one', async () => {
    const snapshot = await ebsDefaultEncryptionKind.collect(ctx, '111122223333:eu-west-1');
    expect(snapshot.error?.name).toBe('RegionMismatch');
    expect(ec2).not.toHaveReceivedCommand(GetEbsEncryptionByDefaultCommand);
  });

  it('enumerates exactly one id per account and region', async () => {
    const ids: string[] = [];
    for await (const id of ebsDefaultEncryptionKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual([ID]);
  });

  it('maps an event to its account and region', () => {
    expect(ebsDefaultEncryptionKind.idsFromEvent(recordFrom(events, 'EnableEbsEncryptionByDefault'))).toEqual([ID]);
  });

  it.skipIf(!hasCorpus)('handles the partial real DisableEbsEncryptionByDefault record', () => {
    const records = corpusRecords(['DisableEbsEncryptionByDefault']);
    expect(records).toHaveLength(1);
    expect(ebsDefaultEncryptionKind.idsFromEvent(records[0]!.record)).toEqual(['123456789:us-east-1']);
  });
});

describe('ebsVolumeKind', () => {

  it('collects encryption, attachments and tags', async () => {
    ec2.on(DescribeVolumesCommand, { VolumeIds: ['vol-0f53c81b92b4ecfce'] }).resolves(volumes as never);
    const snapshot = await ebsVolumeKind.collect(ctx, 'vol-0f53c81b92b4ecfce');
    expect(snapshot.state).toEqual({ volumeId: 'vol-0f53c81b92b4ecfce', encrypted: false, volumeState: 'in-use', attachedInstanceIds: ['i-0aaaaec4b77188b69'] });
    expect(snapshot.tags).toEqual({ owner: 'custodian' });
    expect(snapshot.resource.arn).toBe('arn:aws:ec2:us-east-1:111122223333:volume/vol-0f53c81b92b4ecfce');
  });

  it('reports AccessDenied as an error and a missing volume as deleted', async () => {
    ec2.on(DescribeVolumesCommand, { VolumeIds: ['vol-denied'] }).rejects(sdkError('UnauthorizedOperation'));
    ec2.on(DescribeVolumesCommand, { VolumeIds: ['vol-0gone'] }).rejects(sdkError('InvalidVolume.NotFound'));
    expect((await ebsVolumeKind.collect(ctx, 'vol-denied')).error?.code).toBe('ACCESS_DENIED');
    const gone = await ebsVolumeKind.collect(ctx, 'vol-0gone');
    expect(gone.deleted).toBe(true);
    expect(gone.error).toBeUndefined();
  });

  it('enumerates volumes across pages', async () => {
    ec2.on(DescribeVolumesCommand).callsFake((input: { NextToken?: string }) =>
      input.NextToken ? { Volumes: [{ VolumeId: 'vol-2' }] } : { Volumes: [{ VolumeId: 'vol-1' }], NextToken: 't2' },
    );
    const ids: string[] = [];
    for await (const id of ebsVolumeKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['vol-1', 'vol-2']);
  });

  it('builds the state from a Config item', () => {
    const snapshot = ebsVolumeKind.fromConfigItem!(volumeItem as ConfigItem);
    expect(snapshot).toMatchObject({ source: 'config-item', tags: { 'data-classification': 'ephi' } });
    expect(snapshot?.state).toMatchObject({ volumeId: 'vol-a416b170', encrypted: true, attachedInstanceIds: ['i-29e75b19'] });
  });

  it('leaves an item without `encrypted` to the API and reports deleted items', () => {
    const noFlag: Record<string, unknown> = { ...volumeItem.configuration };
    delete noFlag.encrypted;
    expect(ebsVolumeKind.fromConfigItem!({ ...volumeItem, configuration: noFlag } as ConfigItem)).toBeUndefined();
    expect(ebsVolumeKind.fromConfigItem!({ ...volumeItem, configurationItemStatus: 'ResourceDeleted' } as ConfigItem)?.deleted).toBe(true);
  });

  it.skipIf(!hasCorpus)('reads the corpus volume item', () => {
    expect(ebsVolumeKind.fromConfigItem!(corpusConfigItem('rdk__AWS_EC2_Volume.json'))?.state?.encrypted).toBe(true);
  });

  it.each([
    ['ModifyVolume', ['vol-0f53c81b92b4ecfce']],
    ['AttachVolume', ['vol-06fb3a30a68993a66']],
  ])('finds the volume of %s', (eventName, ids) => {
    expect(ebsVolumeKind.idsFromEvent(recordFrom(events, eventName))).toEqual(ids);
  });

  it.skipIf(!hasCorpus)('finds the new volume in the real CreateVolume record (responseElements)', () => {
    const records = corpusRecords(['CreateVolume']);
    expect(records.length).toBeGreaterThan(0);
    for (const { record } of records) expect(ebsVolumeKind.idsFromEvent(record)).toEqual([record.responseElements?.volumeId]);
  });
});

describe('volumes straight from the listing (sweep)', () => {
  it('gives the same snapshot as collect, one call per page instead of one per volume', async () => {
    // Prepare
    const volume = { VolumeId: 'vol-0aa0000000000001a', Encrypted: false, State: 'in-use' as const, Attachments: [{ InstanceId: 'i-1' }], Tags: [{ Key: 'data-classification', Value: 'ephi' }] };
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [volume] });
    const collected = await ebsVolumeKind.collect(ctx, volume.VolumeId);
    ec2.reset();
    ec2.on(DescribeVolumesCommand).resolvesOnce({ Volumes: [volume], NextToken: 'p2' }).resolves({ Volumes: [] });
    // Act
    const listed = [];
    for await (const snapshot of ebsVolumeKind.snapshotsFromListing!(ctx)) listed.push(snapshot);
    // Assess
    expect(listed).toEqual([collected]);
    expect(ec2).toHaveReceivedCommandTimes(DescribeVolumesCommand, 2);
    expect(listed[0]!.state).toMatchObject({ encrypted: false });
  });
});
