/**
 * EFS file systems (kind "efs-file-system"): DescribeFileSystems carries every fact the check
 * reads, tags included, so the sweep builds its snapshots from the listing's pages.
 */
import { DescribeFileSystemsCommand, EFSClient, paginateDescribeFileSystems, type FileSystemDescription } from '@aws-sdk/client-efs';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { configItemTags, deletedFromItem, isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { idsAt } from './ec2-common.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { text, withArn } from './values.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { EfsFileSystemState } from '../model/states/efs.ts';

const KIND = 'efs-file-system';
const RESOURCE_TYPE = 'AWS::EFS::FileSystem';
const OPERATION = 'elasticfilesystem:DescribeFileSystems';
/** A file system id; access points (fsap-) and mount targets (fsmt-) are other resources. */
const FILE_SYSTEM_ID = /^fs-[0-9a-f]+$/;

/** The file system id of an id or a file system ARN (`arn:aws:elasticfilesystem:<region>:<account>:file-system/fs-...`). */
function fileSystemIdOf(value: string): string {
  return /:file-system\/(fs-[0-9a-f]+)$/.exec(value)?.[1] ?? value;
}

/** A file system as DescribeFileSystems describes it: the same snapshot from collect and from the sweep's pages. */
function fileSystemSnapshot(ctx: CollectContext, fs: FileSystemDescription & { FileSystemId: string }): Snapshot<EfsFileSystemState> {
  const state: EfsFileSystemState = {
    fileSystemId: fs.FileSystemId,
    name: text(fs.Name),
    encrypted: fs.Encrypted === true,
    kmsKeyId: text(fs.KmsKeyId),
    lifeCycleState: text(fs.LifeCycleState),
  };
  return {
    kind: KIND,
    resource: { type: RESOURCE_TYPE, id: fs.FileSystemId, ...withArn(fs.FileSystemArn) },
    account: ctx.account,
    region: ctx.region,
    tags: tagsFromList(fs.Tags),
    state,
    source: 'api',
  };
}

async function collect(ctx: CollectContext, named: string): Promise<Snapshot<EfsFileSystemState>> {
  const id = fileSystemIdOf(named);
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id }, account: ctx.account, region: ctx.region, source: 'api' as const };
  const out = await read(OPERATION, () => ctx.clients.get(EFSClient).send(new DescribeFileSystemsCommand({ FileSystemId: id })), {
    names: ['FileSystemNotFound'],
    fallback: null,
  });
  if (isFailure(out)) return { ...base, error: out.error };
  const fs = out?.FileSystems?.find((f) => f.FileSystemId === id);
  // A file system being deleted is still listed for a while: only its absence means gone.
  if (!fs?.FileSystemId) return { ...base, deleted: true };
  return fileSystemSnapshot(ctx, { ...fs, FileSystemId: fs.FileSystemId });
}

async function* fromListing(ctx: CollectContext): AsyncIterable<Snapshot<EfsFileSystemState>> {
  for await (const page of paginateDescribeFileSystems({ client: ctx.clients.get(EFSClient) }, {})) {
    for (const fs of page.FileSystems ?? []) if (fs.FileSystemId) yield fileSystemSnapshot(ctx, { ...fs, FileSystemId: fs.FileSystemId });
  }
}

/**
 * AWS Config records the file system in CloudFormation's shape (configuration.Encrypted,
 * KmsKeyId, FileSystemTags); an item without a boolean Encrypted is read live.
 */
function fromConfigItem(item: ConfigItem): Snapshot<EfsFileSystemState> | undefined {
  if (item.resourceType !== RESOURCE_TYPE) return undefined;
  const config = item.configuration ?? {};
  const id = text(config.FileSystemId) ?? item.resourceId;
  const resource = { type: RESOURCE_TYPE, id, ...withArn(config.Arn) };
  if (isGoneItem(item)) return deletedFromItem(KIND, item, { resource });
  if (typeof config.Encrypted !== 'boolean') return undefined;
  const tags = Object.keys(configItemTags(item)).length > 0 ? configItemTags(item) : tagsFromList(config.FileSystemTags);
  const state: EfsFileSystemState = { fileSystemId: id, name: tags.Name ?? null, encrypted: config.Encrypted, kmsKeyId: text(config.KmsKeyId), lifeCycleState: null };
  return { ...snapshotFromItem<EfsFileSystemState>(KIND, item, { resource, tags }), state };
}

/**
 * CreateFileSystem names the new file system in responseElements; DeleteFileSystem and the legacy
 * CreateTags/DeleteTags in requestParameters.fileSystemId; TagResource/UntagResource in
 * requestParameters.resourceId, as an id or an ARN, and maybe of an access point (not ours).
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  const named = idsAt(record, ['responseElements.fileSystemId', 'requestParameters.fileSystemId', 'requestParameters.resourceId'], '');
  const ids = named.map(fileSystemIdOf).filter((id) => FILE_SYSTEM_ID.test(id));
  return [...new Set(ids)];
}

/**
 * Snapshot kind "efs-file-system": one EFS file system, id = its file system id.
 *
 * @example
 * const snapshot = await efsFileSystemKind.collect(ctx, 'fs-0123456789abcdef0');
 * snapshot.state?.encrypted; // true
 */
export const efsFileSystemKind: SnapshotKind<EfsFileSystemState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate: (ctx) => idsFromPages(paginateDescribeFileSystems({ client: ctx.clients.get(EFSClient) }, {}), (page) => page.FileSystems, (fs) => fs.FileSystemId),
  snapshotsFromListing: fromListing,
  fromConfigItem,
  idsFromEvent,
};
