import { DescribeKeyCommand, GetKeyRotationStatusCommand, paginateListKeys, paginateListResourceTags, type KeyMetadata, KMSClient } from '@aws-sdk/client-kms';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { idsFromPages, readPages } from './pages.ts';
import { isFailure, read, type ReadFailure } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { ConfigItem } from '../model/config-item.ts';
import { type KmsKeyState, rotationSupported } from '../model/states/kms.ts';

const KIND = 'kms-key';
const RESOURCE_TYPE = 'AWS::KMS::Key';
/** Key states in which KMS may refuse GetKeyRotationStatus; the state alone then gives the verdict. */
const STATES_WITHOUT_ROTATION_READ = ['Disabled', 'PendingDeletion', 'PendingReplicaDeletion'];

function isoOf(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  return typeof value === 'string' && value !== '' ? value : null;
}

function baseState(meta: KeyMetadata, id: string): KmsKeyState {
  return {
    keyId: meta.KeyId ?? id,
    keyManager: meta.KeyManager ?? 'CUSTOMER',
    keySpec: meta.KeySpec ?? meta.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT',
    keyState: meta.KeyState ?? 'Enabled',
    keyUsage: meta.KeyUsage ?? 'ENCRYPT_DECRYPT',
    origin: meta.Origin ?? 'AWS_KMS',
    rotationEnabled: null,
    rotationPeriodInDays: null,
    deletionDate: isoOf(meta.DeletionDate),
  };
}

/** KMS spells tags `{TagKey, TagValue}`, unlike the `{Key, Value}` tagsFromList reads. */
async function readTags(ctx: CollectContext, keyId: string): Promise<Record<string, string> | ReadFailure> {
  const listed = await readPages('ListResourceTags', paginateListResourceTags({ client: ctx.clients.get(KMSClient) }, { KeyId: keyId }), (page) => page.Tags ?? []);
  if (isFailure(listed)) return listed;
  return Object.fromEntries(listed.flatMap((t) => (t.TagKey ? [[t.TagKey, t.TagValue ?? '']] : [])));
}

/** The key id from an id, an ARN (`...:key/<id>`) or an alias, as given. */
function keyIdOf(value: string): string {
  const match = /:key\/(.+)$/.exec(value);
  return match?.[1] ?? value;
}

/**
 * Snapshot kind "kms-key": one KMS key, id = key id (ARNs and aliases are accepted by collect,
 * which reports the canonical key id).
 *
 * @example
 * const snapshot = await kmsKeyKind.collect(ctx, '1234abcd-12ab-34cd-56ef-1234567890ab');
 * snapshot.state?.rotationEnabled; // true
 */
export const kmsKeyKind: SnapshotKind<KmsKeyState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext, id: string): Promise<Snapshot<KmsKeyState>> {
    const base = { kind: KIND, account: ctx.account, region: ctx.region, source: 'api' as const };
    const described = await read('DescribeKey', () => ctx.clients.get(KMSClient).send(new DescribeKeyCommand({ KeyId: id })), {
      names: ['NotFoundException'],
      fallback: null,
    });
    if (isFailure(described)) return { ...base, resource: { type: RESOURCE_TYPE, id }, error: described.error };
    // null is the expected NotFoundException: the key is gone.
    const meta = described?.KeyMetadata;
    if (!meta) return { ...base, resource: { type: RESOURCE_TYPE, id }, deleted: true };

    const state = baseState(meta, id);
    const resource = { type: RESOURCE_TYPE, id: state.keyId, arn: meta.Arn };
    if (rotationSupported(state)) {
      const refusedByState = STATES_WITHOUT_ROTATION_READ.includes(state.keyState);
      const rotation = await read(
        'GetKeyRotationStatus',
        () => ctx.clients.get(KMSClient).send(new GetKeyRotationStatusCommand({ KeyId: state.keyId })),
        { names: refusedByState ? ['KMSInvalidStateException'] : [], fallback: undefined },
      );
      if (isFailure(rotation)) return { ...base, resource, error: rotation.error };
      state.rotationEnabled = rotation ? rotation.KeyRotationEnabled === true : null;
      state.rotationPeriodInDays = rotation?.RotationPeriodInDays ?? null;
    }
    // AWS-managed keys cannot carry tags; only customer keys are worth the call. The tags only
    // enrich the rotation verdict: a failed read is `tagsError`, never the snapshot's error.
    if (state.keyManager !== 'CUSTOMER') return { ...base, resource, state };
    const listed = await readTags(ctx, state.keyId);
    return { ...base, resource, ...(isFailure(listed) ? { tagsError: listed.error } : { tags: listed }), state };
  },

  enumerate(ctx: CollectContext): AsyncIterable<string> {
    return idsFromPages(paginateListKeys({ client: ctx.clients.get(KMSClient) }, {}), (page) => page.Keys, (key) => key.KeyId);
  },

  fromConfigItem(item: ConfigItem): Snapshot<KmsKeyState> | undefined {
    const config = item.configuration ?? {};
    const id = (typeof config.keyId === 'string' && config.keyId) || item.resourceId;
    const base = snapshotFromItem<KmsKeyState>(KIND, item, { resource: { type: RESOURCE_TYPE, id } });
    if (isGoneItem(item)) return { ...base, deleted: true };
    if (typeof config.keyManager !== 'string' || typeof config.keyState !== 'string') return undefined;
    const state: KmsKeyState = {
      keyId: id,
      keyManager: config.keyManager,
      keySpec: String(config.keySpec ?? config.customerMasterKeySpec ?? 'SYMMETRIC_DEFAULT'),
      keyState: config.keyState,
      keyUsage: String(config.keyUsage ?? 'ENCRYPT_DECRYPT'),
      origin: String(config.origin ?? 'AWS_KMS'),
      rotationEnabled: null,
      rotationPeriodInDays: null,
      deletionDate: isoOf(config.deletionDate),
    };
    // Config items do not record the rotation status; when the verdict needs it, read the key.
    return rotationSupported(state) ? undefined : { ...base, state };
  },

  idsFromEvent(record: CloudTrailRecord): string[] {
    const request = record.requestParameters ?? {};
    const response = record.responseElements ?? {};
    const created = (response.keyMetadata ?? {}) as { keyId?: unknown };
    // The `resources` block names the key by ARN even when the caller used an alias.
    const fromResources = Array.isArray(record.resources)
      ? (record.resources as { ARN?: unknown; type?: unknown }[]).filter((r) => r.type === RESOURCE_TYPE).map((r) => r.ARN)
      : [];
    const candidates = fromResources.length > 0 ? fromResources : [created.keyId, request.keyId, response.keyId];
    const ids = candidates.filter((v): v is string => typeof v === 'string' && v !== '').map(keyIdOf);
    return [...new Set(ids)];
  },
};
