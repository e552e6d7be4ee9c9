import 'aws-sdk-client-mock-vitest/extend';
import { DescribeFileSystemsCommand, EFSClient, FileSystemNotFound } from '@aws-sdk/client-efs';
import { describe, expect, it } from 'vitest';
import { efsFileSystemKind } from '../../lib/collectors/efs.ts';
import type { Snapshot } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import type { EfsFileSystemState } from '../../lib/model/states/efs.ts';
import createEvent from '../fixtures/efs/cloudtrail-create-file-system.json' with { type: 'json' };
import legacyTagEvent from '../fixtures/efs/cloudtrail-create-tags.json' with { type: 'json' };
import accessPointTagEvent from '../fixtures/efs/cloudtrail-tag-access-point.json' with { type: 'json' };
import tagEvent from '../fixtures/efs/cloudtrail-tag-resource.json' with { type: 'json' };
import deletedItem from '../fixtures/efs/config-item-file-system-deleted.json' with { type: 'json' };
import fileSystemItem from '../fixtures/efs/config-item-file-system.json' with { type: 'json' };
import page1 from '../fixtures/efs/describe-file-systems-page1.json' with { type: 'json' };
import page2 from '../fixtures/efs/describe-file-systems-page2.json' with { type: 'json' };
import deleteEvent from '../fixtures/events/removal/efs-delete-file-system.json' with { type: 'json' };
import { configItem, mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const efs = mockedClient(EFSClient);
const ctx = mockedContext('us-east-1', '111122223333');
const ENCRYPTED = 'fs-0a1b2c3d4e5f60718';

describe('efsFileSystemKind.collect', () => {
  it('reads encryption, key, name and tags from DescribeFileSystems', async () => {
    // Prepare
    efs.on(DescribeFileSystemsCommand, { FileSystemId: ENCRYPTED }).resolves(sdkOutput({ FileSystems: [page1.FileSystems[0]] }));
    // Act
    const snapshot = await efsFileSystemKind.collect(ctx, ENCRYPTED);
    // Assess
    expect(efs).toHaveReceivedCommandWith(DescribeFileSystemsCommand, { FileSystemId: ENCRYPTED });
    expect(snapshot.resource).toEqual({ type: 'AWS::EFS::FileSystem', id: ENCRYPTED, arn: `arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/${ENCRYPTED}` });
    expect(snapshot.state).toEqual({
      fileSystemId: ENCRYPTED,
      name: 'imaging-share',
      encrypted: true,
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      lifeCycleState: 'available',
    });
    expect(snapshot.tags).toEqual({ Name: 'imaging-share', 'data-classification': 'ephi' });
  });

  it('reads a file system named by its ARN under its id', async () => {
    efs.on(DescribeFileSystemsCommand, { FileSystemId: ENCRYPTED }).resolves(sdkOutput({ FileSystems: [page1.FileSystems[0]] }));
    const snapshot = await efsFileSystemKind.collect(ctx, `arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/${ENCRYPTED}`);
    expect(snapshot.resource.id).toBe(ENCRYPTED);
    expect(snapshot.state?.encrypted).toBe(true);
  });

  it('reports FileSystemNotFound as deleted, not as an error', async () => {
    efs.on(DescribeFileSystemsCommand).rejects(new FileSystemNotFound({ message: 'File system fs-0f1e2d3c4b5a69788 does not exist.', ErrorCode: 'FileSystemNotFound', $metadata: {} }));
    const snapshot = await efsFileSystemKind.collect(ctx, 'fs-0f1e2d3c4b5a69788');
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: 'fs-0f1e2d3c4b5a69788' } });
    expect(snapshot.error).toBeUndefined();
  });

  it('turns AccessDenied into snapshot.error with its code', async () => {
    efs.on(DescribeFileSystemsCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: elasticfilesystem:DescribeFileSystems'));
    const snapshot = await efsFileSystemKind.collect(ctx, ENCRYPTED);
    expect(snapshot.error).toMatchObject({ operation: 'elasticfilesystem:DescribeFileSystems', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toBeUndefined();
  });
});

describe('efsFileSystemKind listing', () => {
  it('enumerate follows NextMarker across pages', async () => {
    efs.on(DescribeFileSystemsCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    const ids: string[] = [];
    for await (const id of efsFileSystemKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual([ENCRYPTED, 'fs-0f1e2d3c4b5a69788', 'fs-01234567890abcdef']);
    expect(efs).toHaveReceivedNthCommandWith(DescribeFileSystemsCommand, 2, { Marker: 'page-2-marker' });
  });

  it('snapshotsFromListing gives the same snapshots collect would, one call per page', async () => {
    efs.on(DescribeFileSystemsCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    const snapshots: Snapshot<EfsFileSystemState>[] = [];
    for await (const snapshot of efsFileSystemKind.snapshotsFromListing!(ctx)) snapshots.push(snapshot);
    expect(snapshots.map((s) => [s.resource.id, s.state?.encrypted, s.tags?.['data-classification'] ?? null])).toEqual([
      [ENCRYPTED, true, 'ephi'],
      ['fs-0f1e2d3c4b5a69788', false, null],
      ['fs-01234567890abcdef', false, 'ephi'],
    ]);
    expect(efs).toHaveReceivedCommandTimes(DescribeFileSystemsCommand, 2);
  });
});

describe('efsFileSystemKind.fromConfigItem', () => {
  it('builds the state from the CloudFormation-shaped configuration', () => {
    const snapshot = efsFileSystemKind.fromConfigItem!(configItem(fileSystemItem));
    expect(snapshot).toMatchObject({
      source: 'config-item',
      resource: { type: 'AWS::EFS::FileSystem', id: ENCRYPTED },
      tags: { 'data-classification': 'ephi' },
      state: { fileSystemId: ENCRYPTED, name: 'imaging-share', encrypted: true },
    });
  });

  it('marks a deleted file system deleted', () => {
    expect(efsFileSystemKind.fromConfigItem!(configItem(deletedItem))).toMatchObject({ deleted: true, resource: { id: ENCRYPTED } });
  });

  it('returns undefined when the item does not say whether it is encrypted', () => {
    const { Encrypted: _, ...configuration } = fileSystemItem.configuration;
    expect(efsFileSystemKind.fromConfigItem!(configItem({ ...fileSystemItem, configuration }))).toBeUndefined();
  });
});

describe('efsFileSystemKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['CreateFileSystem names the new file system in its response', createEvent, [ENCRYPTED]],
    ['DeleteFileSystem names it in its request', deleteEvent, ['fs-0f1e2d3c4b5a69788']],
    ['TagResource names it by ARN', tagEvent, ['fs-0f1e2d3c4b5a69788']],
    ['the documented legacy CreateTags event', legacyTagEvent, ['fs-00112233']],
    ['TagResource on an access point names no file system', accessPointTagEvent, []],
  ])('%s', (_name, record, expected) => {
    expect(efsFileSystemKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });
});
