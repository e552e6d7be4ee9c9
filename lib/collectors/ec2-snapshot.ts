/**
 * EBS snapshot snapshots (kind "ebs-snapshot"): whether the account's own snapshots are shared
 * publicly, with the region's block public access for snapshots. AWS Config records no snapshot
 * type, so snapshots come from events and the sweep only.
 */
import { DescribeSnapshotAttributeCommand, DescribeSnapshotsCommand, EC2Client, paginateDescribeSnapshots, type Snapshot as Ec2Snapshot } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { BlockPublicAccessSetting, EbsSnapshotState } from '../model/states/ec2.ts';
import { snapshotBlockPublicAccess } from './ec2-block-public-access.ts';
import { idsAt } from './ec2-common.ts';
import { idsFromPages, readPages } from './pages.ts';
import { isFailure, read, type ReadFailure } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'ebs-snapshot';
const RESOURCE_TYPE = 'AWS::EC2::Snapshot';
/** The group a public createVolumePermission names. */
const EVERYONE = 'all';

function base(ctx: CollectContext, snapshotId: string) {
  // Snapshot ARNs carry no account (Service Authorization Reference: arn:...:ec2:<region>::snapshot/<id>).
  const arn = `arn:aws:ec2:${ctx.region}::snapshot/${snapshotId}`;
  return { kind: KIND, resource: { type: RESOURCE_TYPE, id: snapshotId, arn }, account: ctx.account, region: ctx.region, source: 'api' as const };
}

function stateOf(snapshot: Ec2Snapshot, sharing: Pick<EbsSnapshotState, 'sharedPublicly' | 'sharedWithAccounts'>, blockPublicAccess: BlockPublicAccessSetting): EbsSnapshotState {
  return {
    snapshotId: snapshot.SnapshotId ?? '',
    ...sharing,
    ...(snapshot.Encrypted !== undefined ? { encrypted: snapshot.Encrypted } : {}),
    ...(snapshot.VolumeId ? { volumeId: snapshot.VolumeId } : {}),
    blockPublicAccess,
  };
}

/** One snapshot: DescribeSnapshots (tags, existence), its createVolumePermission, and the region's setting. */
async function collect(ctx: CollectContext, snapshotId: string): Promise<Snapshot<EbsSnapshotState>> {
  const at = base(ctx, snapshotId);
  const client = ctx.clients.get(EC2Client);
  const NOT_FOUND = { names: ['InvalidSnapshot.NotFound'], fallback: null };
  const [described, attribute, setting] = await Promise.all([
    read('ec2:DescribeSnapshots', () => client.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId] })), NOT_FOUND),
    read('ec2:DescribeSnapshotAttribute', () => client.send(new DescribeSnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission' })), NOT_FOUND),
    snapshotBlockPublicAccess(ctx),
  ]);
  if (isFailure(described)) return { ...at, error: described.error };
  const snapshot = described?.Snapshots?.find((s) => s.SnapshotId === snapshotId);
  if (!snapshot || attribute === null) return { ...at, deleted: true };
  const tags = tagsFromList(snapshot.Tags);
  if (isFailure(attribute)) return { ...at, tags, error: attribute.error };
  if (isFailure(setting)) return { ...at, tags, error: setting.error };
  const permissions = attribute.CreateVolumePermissions ?? [];
  const sharing = {
    sharedPublicly: permissions.some((p) => p.Group === EVERYONE),
    sharedWithAccounts: permissions.flatMap((p) => (p.UserId ? [p.UserId] : [])),
  };
  return { ...at, tags, state: stateOf(snapshot, sharing, setting) };
}

function enumerate(ctx: CollectContext): AsyncIterable<string> {
  return idsFromPages(paginateDescribeSnapshots({ client: ctx.clients.get(EC2Client) }, { OwnerIds: ['self'] }), (page) => page.Snapshots, (s) => s.SnapshotId);
}

/**
 * The sweep: two listings instead of one attribute read per snapshot. The account's snapshots, and
 * those restorable by "all" (the public ones). Where the region blocks all sharing AWS hides public
 * snapshots from that listing and nobody outside can restore them: it is not read (sharedPublicly
 * null). A failed setting or public listing is each snapshot's error, so no snapshot goes unrecorded.
 */
async function* snapshotsFromListing(ctx: CollectContext): AsyncIterable<Snapshot<EbsSnapshotState>> {
  const client = ctx.clients.get(EC2Client);
  const setting = await snapshotBlockPublicAccess(ctx);
  const publicIds = isFailure(setting) ? setting : await publicSnapshotIds(ctx, setting);
  for await (const page of paginateDescribeSnapshots({ client }, { OwnerIds: ['self'] })) {
    for (const snapshot of page.Snapshots ?? []) {
      if (!snapshot.SnapshotId) continue;
      const at = { ...base(ctx, snapshot.SnapshotId), tags: tagsFromList(snapshot.Tags) };
      if (isFailure(publicIds)) yield { ...at, error: publicIds.error };
      else if (isFailure(setting)) yield { ...at, error: setting.error };
      else yield { ...at, state: stateOf(snapshot, { sharedPublicly: publicIds ? publicIds.has(snapshot.SnapshotId) : null }, setting) };
    }
  }
}

/** The ids of the account's public snapshots; null where the region blocks all sharing (not read). */
async function publicSnapshotIds(ctx: CollectContext, setting: BlockPublicAccessSetting): Promise<Set<string> | null | ReadFailure> {
  if (setting.state === 'block-all-sharing') return null;
  const pages = paginateDescribeSnapshots({ client: ctx.clients.get(EC2Client) }, { OwnerIds: ['self'], RestorableByUserIds: [EVERYONE] });
  const listed = await readPages('ec2:DescribeSnapshots', pages, (page) => page.Snapshots ?? []);
  return isFailure(listed) ? listed : new Set(listed.flatMap((s) => (s.SnapshotId ? [s.SnapshotId] : [])));
}

/**
 * The snapshots an event names: ModifySnapshotAttribute, ResetSnapshotAttribute and DeleteSnapshot
 * in `requestParameters.snapshotId`; CreateSnapshot and CopySnapshot in `responseElements.snapshotId`
 * (CopySnapshot's `sourceSnapshotId` is not changed by the copy); CreateSnapshots in
 * `responseElements.snapshotSet.items[].snapshotId`. The account-level setting events name none:
 * the check's trigger fans them out to the region's snapshots.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  return idsAt(record, ['requestParameters.snapshotId', 'responseElements.snapshotId', 'responseElements.snapshotSet.items.snapshotId'], 'snap-');
}

/** The account's EBS snapshots by id. */
export const ebsSnapshotKind: SnapshotKind<EbsSnapshotState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate,
  snapshotsFromListing,
  idsFromEvent,
};
