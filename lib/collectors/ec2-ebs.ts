/**
 * EBS snapshots: the account+region "encryption by default" setting (kind "ebs-encryption-default")
 * and single volumes (kind "ebs-volume").
 */
import { DescribeVolumesCommand, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand, paginateDescribeVolumes, EC2Client } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { configItemTags, deletedFromItem, isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { field, idsAt } from './ec2-common.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { EbsDefaultEncryptionState, EbsVolumeState } from '../model/states/ec2.ts';

// ---------------------------------------------------------------- encryption by default

const DEFAULT_KIND = 'ebs-encryption-default';
const ACCOUNT_TYPE = 'AWS::::Account';

/**
 * The setting is per account and region, so its resource id is `<account>:<region>`
 * (e.g. "111122223333:us-east-1"): one record per region, never two regions under one id.
 */
function ebsDefaultEncryptionId(account: string, region: string): string {
  return `${account}:${region}`;
}

async function collectDefault(ctx: CollectContext, id: string): Promise<Snapshot<EbsDefaultEncryptionState>> {
  const base = { kind: DEFAULT_KIND, resource: { type: ACCOUNT_TYPE, id }, account: ctx.account, region: ctx.region, source: 'api' as const };
  // The EC2 client is bound to ctx.region; an id for another region cannot be read with it.
  if (id !== ebsDefaultEncryptionId(ctx.account, ctx.region) && id !== ctx.account) {
    const message = `${id} is not this context's account and region (${ebsDefaultEncryptionId(ctx.account, ctx.region)})`;
    return { ...base, error: { operation: 'ec2:GetEbsEncryptionByDefault', code: 'OTHER', name: 'RegionMismatch', message } };
  }
  const flag = await read('ec2:GetEbsEncryptionByDefault', () => ctx.clients.get(EC2Client).send(new GetEbsEncryptionByDefaultCommand({})));
  if (isFailure(flag)) return { ...base, error: flag.error };
  // Off fails whatever the key: the key new volumes would get is read only when encryption is on,
  // and then it only enriches the record (a denied read keeps the pass, with kmsKeyId unknown).
  if (flag.EbsEncryptionByDefault !== true) return { ...base, state: { encryptedByDefault: false, kmsKeyId: null } };
  const key = await read('ec2:GetEbsDefaultKmsKeyId', () => ctx.clients.get(EC2Client).send(new GetEbsDefaultKmsKeyIdCommand({})));
  if (isFailure(key)) return { ...base, state: { encryptedByDefault: true, kmsKeyId: null }, unreadable: [key.error] };
  return { ...base, state: { encryptedByDefault: true, kmsKeyId: key.KmsKeyId ?? null } };
}

async function* enumerateDefault(ctx: CollectContext): AsyncIterable<string> {
  yield ebsDefaultEncryptionId(ctx.account, ctx.region);
}

/**
 * Every trigger event of this setting is about the caller's account in the event's region. The
 * partial records some tools keep (no userIdentity) still carry recipientAccountId and awsRegion.
 */
function defaultIdsFromEvent(record: CloudTrailRecord): string[] {
  const account = record.recipientAccountId ?? record.userIdentity?.accountId;
  return account && record.awsRegion ? [ebsDefaultEncryptionId(account, record.awsRegion)] : [];
}

/** EBS encryption by default, one resource per account and region. */
export const ebsDefaultEncryptionKind: SnapshotKind<EbsDefaultEncryptionState> = {
  kind: DEFAULT_KIND,
  resourceType: ACCOUNT_TYPE,
  collect: collectDefault,
  enumerate: enumerateDefault,
  idsFromEvent: defaultIdsFromEvent,
};

// ---------------------------------------------------------------- volumes

const VOLUME_KIND = 'ebs-volume';
const VOLUME_TYPE = 'AWS::EC2::Volume';

type Loose = Record<string, unknown>;

/** Build the state from a DescribeVolumes volume or a Config item configuration. */
function volumeState(volume: Loose): EbsVolumeState | undefined {
  const encrypted = field(volume, 'Encrypted', 'encrypted');
  // Old Config items (2014) have no `encrypted` key: that is unknown, not false.
  if (typeof encrypted !== 'boolean') return undefined;
  const kmsKeyId = field(volume, 'KmsKeyId', 'kmsKeyId');
  const status = field(volume, 'State', 'state');
  const attachments = field(volume, 'Attachments', 'attachments');
  return {
    volumeId: String(field(volume, 'VolumeId', 'volumeId') ?? ''),
    encrypted,
    ...(typeof kmsKeyId === 'string' ? { kmsKeyId } : {}),
    ...(typeof status === 'string' ? { volumeState: status } : {}),
    attachedInstanceIds: Array.isArray(attachments)
      ? attachments.map((a) => field(a as Loose, 'InstanceId', 'instanceId')).filter((i): i is string => typeof i === 'string')
      : [],
  };
}

function volumeBase(ctx: CollectContext, volumeId: string) {
  const arn = `arn:aws:ec2:${ctx.region}:${ctx.account}:volume/${volumeId}`;
  return { kind: VOLUME_KIND, resource: { type: VOLUME_TYPE, id: volumeId, arn }, account: ctx.account, region: ctx.region, source: 'api' as const };
}

/** A volume as DescribeVolumes lists it, whole: the same snapshot collect and the sweep build. */
function volumeSnapshot(ctx: CollectContext, volumeId: string, volume: { Tags?: { Key?: string; Value?: string }[] }): Snapshot<EbsVolumeState> {
  const state = volumeState(volume as Loose) ?? { volumeId, encrypted: false, attachedInstanceIds: [] };
  return { ...volumeBase(ctx, volumeId), tags: tagsFromList(volume.Tags), state };
}

async function collectVolume(ctx: CollectContext, volumeId: string): Promise<Snapshot<EbsVolumeState>> {
  const base = volumeBase(ctx, volumeId);
  const NOT_FOUND = { names: ['InvalidVolume.NotFound'], fallback: null };
  const out = await read('ec2:DescribeVolumes', () => ctx.clients.get(EC2Client).send(new DescribeVolumesCommand({ VolumeIds: [volumeId] })), NOT_FOUND);
  if (isFailure(out)) return { ...base, error: out.error };
  const volume = out?.Volumes?.find((v) => v.VolumeId === volumeId);
  if (!volume) return { ...base, deleted: true };
  return volumeSnapshot(ctx, volumeId, volume);
}

function enumerateVolumes(ctx: CollectContext): AsyncIterable<string> {
  return idsFromPages(paginateDescribeVolumes({ client: ctx.clients.get(EC2Client) }, {}), (page) => page.Volumes, (volume) => volume.VolumeId);
}

async function* volumesFromListing(ctx: CollectContext): AsyncIterable<Snapshot<EbsVolumeState>> {
  for await (const page of paginateDescribeVolumes({ client: ctx.clients.get(EC2Client) }, {})) {
    for (const volume of page.Volumes ?? []) if (volume.VolumeId) yield volumeSnapshot(ctx, volume.VolumeId, volume);
  }
}

function volumeFromConfigItem(item: ConfigItem): Snapshot<EbsVolumeState> | undefined {
  if (item.resourceType !== VOLUME_TYPE) return undefined;
  if (isGoneItem(item)) return deletedFromItem(VOLUME_KIND, item);
  const state = item.configuration ? volumeState({ volumeId: item.resourceId, ...item.configuration }) : undefined;
  if (!state) return undefined;
  return { ...snapshotFromItem(VOLUME_KIND, item, { resource: { type: VOLUME_TYPE }, tags: configItemTags(item) }), state };
}

/**
 * CreateVolume names the new volume in responseElements; AttachVolume, DetachVolume and
 * DeleteVolume in requestParameters; ModifyVolume in its wrapped request and response.
 */
function volumeIdsFromEvent(record: CloudTrailRecord): string[] {
  return idsAt(
    record,
    [
      'requestParameters.volumeId',
      'responseElements.volumeId',
      'requestParameters.ModifyVolumeRequest.VolumeId',
      'responseElements.ModifyVolumeResponse.volumeModification.volumeId',
    ],
    'vol-',
  );
}

/** EBS volumes by id. */
export const ebsVolumeKind: SnapshotKind<EbsVolumeState> = {
  kind: VOLUME_KIND,
  resourceType: VOLUME_TYPE,
  collect: collectVolume,
  enumerate: enumerateVolumes,
  snapshotsFromListing: volumesFromListing,
  fromConfigItem: volumeFromConfigItem,
  idsFromEvent: volumeIdsFromEvent,
};
