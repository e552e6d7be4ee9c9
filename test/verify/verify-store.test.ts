import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signBatch } from '../../lib/evidence/batch.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { publicKeyKey, recordKey } from '../../lib/store/layout.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { publishPublicKey } from '../../lib/store/publish-key.ts';
import type { EvidenceStore, StoredObjectInfo } from '../../lib/store/types.ts';
import { freshSigner, unsignedRecords } from '../evidence/helpers.ts';
import { codesByKey } from '../fixtures/verification.ts';

const WRITTEN = new Date('2026-05-01T13:30:00Z');
/** Records only (these stores hold no seals; seal rules are test/verify/seal-chain.test.ts's), on a clock after every write. */
const AT = { now: new Date('2026-05-02T10:00:00Z'), seals: 'skip' as const };
const keys = freshSigner();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function filledStore(store: EvidenceStore, count = 4): Promise<EvidenceRecord[]> {
  const signed = await signBatch(unsignedRecords(count), keys.signer, WRITTEN);
  for (const record of signed) await store.put(recordKey(record, WRITTEN), JSON.stringify(record, null, 2));
  await publishPublicKey(store, keys.signer);
  return signed;
}

describe('verifyStore', () => {
  it.each([
    ['memory', () => new MemoryStore()],
    ['directory', () => new DirectoryStore(dirs[dirs.push(mkdtempSync(join(tmpdir(), 'tp-verify-'))) - 1]!)],
  ])('verifies every record of a %s store', async (_name, make) => {
    // Prepare
    const store = make();
    const signed = await filledStore(store, 6);
    // Act
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] }, AT);
    // Assess
    expect(report).toEqual({ checked: 6, ok: 6, failures: [], objects: 6, duplicates: 0, keyIds: [signed[0]!.integrity.batch.keyId], lockChecked: false });
  });

  it('counts the same record id under two keys once, and not as an error', async () => {
    // Prepare: a retry delivered a day later lands under a later hour
    const store = new MemoryStore();
    const signed = await filledStore(store, 3);
    await store.put(recordKey(signed[0]!, new Date('2026-05-02T09:00:00Z')), JSON.stringify(signed[0]));
    // Act
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] }, AT);
    // Assess
    expect(report).toMatchObject({ checked: 3, ok: 3, objects: 4, duplicates: 1, failures: [] });
  });

  it('reports a tampered copy of a record even when a good copy exists', async () => {
    // Prepare
    const store = new MemoryStore();
    const signed = await filledStore(store, 2);
    const forged = { ...signed[1]!, result: 'pass' };
    const forgedKey = recordKey(signed[1]!, new Date('2026-05-01T15:00:00Z'));
    await store.put(forgedKey, JSON.stringify(forged));
    // Act
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] }, AT);
    // Assess
    expect(report).toMatchObject({ checked: 2, ok: 1, duplicates: 1 });
    expect(codesByKey(report.failures)).toEqual({ [forgedKey]: ['LEAF_HASH_MISMATCH'] });
  });

  it('checks that the key names the record: check folder, record id and write hour', async () => {
    // Prepare
    const store = new MemoryStore();
    const [a, b, c] = await signBatch(unsignedRecords(3), keys.signer, WRITTEN);
    const wrongCheck = recordKey({ id: a!.id, check: { id: 'iam-root-mfa' } }, WRITTEN);
    const wrongId = recordKey({ id: 'f'.repeat(32), check: b!.check }, WRITTEN);
    const backDated = recordKey(c!, new Date('2026-04-30T23:00:00Z'));
    for (const [key, record] of [[wrongCheck, a], [wrongId, b], [backDated, c]] as const) await store.put(key, JSON.stringify(record));
    await store.put('records/v1/misc/notes.json', JSON.stringify(a));
    // Act
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] }, AT);
    // Assess
    expect(codesByKey(report.failures)).toEqual({
      [wrongCheck]: ['KEY_CHECK_MISMATCH'],
      [wrongId]: ['KEY_RECORD_ID_MISMATCH'],
      [backDated]: ['KEY_HOUR_BACKDATED', 'SIGNED_OUTSIDE_KEY_HOUR'],
      'records/v1/misc/notes.json': ['KEY_LAYOUT_INVALID'],
    });
  });

  it('reports an object that is not JSON and a record signed by an unpinned key', async () => {
    // Prepare
    const store = new MemoryStore();
    const [good] = await filledStore(store, 1);
    const stranger = freshSigner();
    const [foreign] = await signBatch(unsignedRecords(2).slice(1), stranger.signer, WRITTEN);
    await store.put(recordKey(foreign!, WRITTEN), JSON.stringify(foreign));
    await store.put('records/v1/2026/05/01/13/iam-root-mfa/0123456789abcdef0123456789abcdef.json', '{"truncated": ');
    // Act
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] }, AT);
    // Assess
    expect(report.checked).toBe(3);
    expect(report.ok).toBe(1);
    expect(report.keyIds).toEqual([good!.integrity.batch.keyId, foreign!.integrity.batch.keyId].sort());
    expect(codesByKey(report.failures)).toEqual({
      [recordKey(foreign!, WRITTEN)]: ['KEY_NOT_PINNED'],
      'records/v1/2026/05/01/13/iam-root-mfa/0123456789abcdef0123456789abcdef.json': ['JSON_INVALID'],
    });
  });

  it('reports a published key file that holds another key than its name says', async () => {
    // Prepare
    const store = new MemoryStore();
    const [record] = await signBatch(unsignedRecords(1), keys.signer, WRITTEN);
    await store.put(recordKey(record!, WRITTEN), JSON.stringify(record));
    const impostor = freshSigner().publicPem;
    await store.put(publicKeyKey(record!.integrity.batch.keyId), impostor);
    // Act
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] }, AT);
    // Assess
    expect(report.ok).toBe(1);
    expect(codesByKey(report.failures)).toEqual({ [publicKeyKey(record!.integrity.batch.keyId)]: ['KEY_FILE_MISMATCH'] });
  });

  it('reports overwrite attempts, delete markers and short retention when the store knows them', async () => {
    // Prepare: a memory store that answers describe like S3 would
    const inner = new MemoryStore();
    const signed = await filledStore(inner, 4);
    const facts: Record<string, StoredObjectInfo> = {};
    const keysOf = signed.map((r) => recordKey(r, WRITTEN));
    const sixYears = new Date(Date.parse(signed[0]!.collectedAt) + 2192 * 86_400_000).toISOString();
    facts[keysOf[0]!] = { key: keysOf[0]!, lockMode: 'COMPLIANCE', retainUntil: sixYears, versions: 1, deleteMarker: false };
    facts[keysOf[1]!] = { key: keysOf[1]!, lockMode: 'COMPLIANCE', retainUntil: sixYears, versions: 2, deleteMarker: true };
    facts[keysOf[2]!] = { key: keysOf[2]!, lockMode: 'GOVERNANCE', retainUntil: '2026-06-01T00:00:00.000Z', versions: 1 };
    facts[keysOf[3]!] = { key: keysOf[3]!, versions: 1 };
    const store: EvidenceStore = { location: 'fake:', put: (k, b) => inner.put(k, b), get: (k) => inner.get(k), list: (p) => inner.list(p), describe: async (k) => facts[k] };
    // Act
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] }, { ...AT, lock: { minRetentionDays: 2192 } });
    // Assess
    expect(report.lockChecked).toBe(true);
    expect(report.ok).toBe(1);
    expect(codesByKey(report.failures)).toEqual({
      [keysOf[1]!]: ['OVERWRITE_ATTEMPTED', 'DELETE_MARKER_PRESENT'],
      [keysOf[2]!]: ['RETENTION_TOO_SHORT'],
      [keysOf[3]!]: ['RETENTION_MISSING'],
    });
  });

  it('reports a record hidden behind a delete marker, which no listing shows', async () => {
    // Prepare: S3 lists three records; the fourth's current version is a delete marker
    const inner = new MemoryStore();
    const signed = await filledStore(inner, 4);
    const keysOf = signed.map((r) => recordKey(r, WRITTEN));
    const sixYears = new Date(Date.parse(signed[0]!.collectedAt) + 2192 * 86_400_000).toISOString();
    const hidden = keysOf[3]!;
    const store: EvidenceStore = {
      location: 'fake:', put: (k, b) => inner.put(k, b), get: (k) => inner.get(k),
      list: async function* (p) { for await (const k of inner.list(p)) if (k !== hidden) yield k; },
      describe: async (k) => ({ key: k, lockMode: 'COMPLIANCE', retainUntil: sixYears, versions: 1, deleteMarker: k === hidden }),
      listDeleted: async function* (p) { if (hidden.startsWith(p)) yield hidden; },
    };
    // Act
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] }, { ...AT, lock: { minRetentionDays: 2192 } });
    // Assess
    expect(codesByKey(report.failures)).toEqual({ [hidden]: ['RECORD_DELETED'] });
    expect(report.checked).toBe(3);
  });

  it('verifies a big store with one signature check per batch', async () => {
    // Prepare
    const store = new MemoryStore();
    const signed = await signBatch(unsignedRecords(500), keys.signer, WRITTEN);
    await Promise.all(signed.map((r) => store.put(recordKey(r, WRITTEN), JSON.stringify(r))));
    // Act
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] }, AT);
    // Assess
    expect(report).toMatchObject({ checked: 500, ok: 500, failures: [] });
  });
});
