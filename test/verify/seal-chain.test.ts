import { beforeEach, describe, expect, it } from 'vitest';
import { signBatch, signDocuments } from '../../lib/evidence/batch.ts';
import type { SealV2 } from '../../lib/evidence/schemas.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { sealPending } from '../../lib/seal/seal-pending.ts';
import { recordAddress } from '../../lib/store/layout.ts';
import { recordObject } from '../../lib/store/record-object.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { codes, codesByKey as byKey } from '../fixtures/verification.ts';
import { TamperableStore, writeObject } from '../seal/helpers.ts';

const keys = freshSigner();
const trust = { publicKeys: [keys.publicPem] };
/** The verifier's clock: right after the sealer ran, hour 15 still within its grace. */
const AT = { now: new Date('2026-05-01T15:30:00Z') };
const SEAL = (seq: number) => `seals/v2/2026/05/01/${String(seq).padStart(8, '0')}.json`;
const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
/** A copy of a signed document without its integrity member. */
function unsignedCopy<T extends { integrity?: unknown }>(document: T): Omit<T, 'integrity'> {
  const copy = structuredClone(document);
  delete copy.integrity;
  return copy;
}

let store: TamperableStore;
let hours: Record<string, Awaited<ReturnType<typeof writeObject>>>;

/** One object in each of hours 10, 11, 13, 14 and 15 (12 is empty); sealed up to 15:00; hour 15 not yet sealed. */
beforeEach(async () => {
  store = new TamperableStore();
  hours = {};
  for (const [hour, count] of [['10', 2], ['11', 2], ['13', 2], ['14', 1], ['15', 2]] as const) {
    hours[hour] = await writeObject(store, keys.signer, `2026-05-01T${hour}:20:00Z`, count);
  }
  await sealPending(store, keys.signer, { now: new Date('2026-05-01T15:30:00Z') });
});

describe('verifyStore with seals', () => {
  it('verifies an untouched chain and warns about objects newer than the newest seal', async () => {
    // Act
    const report = await verifyStore(store, trust, AT);
    // Assess
    expect(report).toMatchObject({ checked: 9, ok: 9, objects: 5, failures: [], seals: { checked: 5, ok: 5, failures: [] } });
    expect(codes(report.warnings!)).toEqual(['RECORDS_NOT_YET_SEALED']);
  });

  it('reports a changed seal, the broken link after it, and the object it no longer lists', async () => {
    // Prepare: an attacker drops an object from seal 1 (hour 11)
    const seal = store.json<SealV2>(SEAL(1));
    const dropped = seal.objects.shift()!;
    store.overwrite(SEAL(1), text(seal));
    // Act
    const report = await verifyStore(store, trust, AT);
    // Assess
    expect(byKey(report.seals!.failures)).toEqual({
      [SEAL(1)]: ['LEAF_HASH_MISMATCH'],
      [SEAL(2)]: ['PREVIOUS_SEAL_HASH_MISMATCH'],
    });
    expect(byKey(report.failures)[dropped.key]).toEqual(['RECORD_NOT_IN_SEAL']);
  });

  it('reports a missing seal as a gap, and the objects of its hour as unsealed', async () => {
    // Prepare
    store.remove(SEAL(1));
    // Act
    const report = await verifyStore(store, trust, AT);
    // Assess
    expect(byKey(report.seals!.failures)).toEqual({
      [SEAL(2)]: ['SEAL_CHAIN_GAP', 'SEAL_MISSING'],
    });
    expect(byKey(report.failures)[hours['11']!.key]).toEqual(['HOUR_NOT_SEALED']);
  });

  it('reports a chain whose first seals are gone', async () => {
    store.remove(SEAL(0));
    const report = await verifyStore(store, trust, AT);
    expect(byKey(report.seals!.failures)[SEAL(1)]).toEqual(['SEAL_CHAIN_START_MISSING', 'SEAL_MISSING']);
  });

  it('reports a sealed object that was removed', async () => {
    // Prepare
    const gone = hours['13']!;
    store.remove(gone.key);
    // Act
    const report = await verifyStore(store, trust, AT);
    // Assess
    expect(byKey(report.failures)).toEqual({ [gone.key]: ['SEALED_OBJECT_MISSING'] });
    expect(report.seals!.failures).toEqual([]);
  });

  it('reports a sealed object rewritten with the real key: under a new name it is missing plus late, in place its name gives it away', async () => {
    // Prepare: an insider with the signing key re-signs hour 10 with one verdict changed
    const original = hours['10']!;
    const [first, ...rest] = original.records.map((r) => unsignedCopy(r));
    const forged = await signBatch([{ ...first!, result: 'pass' }, ...rest], keys.signer, new Date(first!.collectedAt));
    const renamed = recordObject(forged, new Date(first!.collectedAt));
    const inPlace = new TamperableStore();
    for (const [key, bytes] of store.objects) inPlace.objects.set(key, bytes);
    store.remove(original.key);
    await store.put(renamed.key, renamed.bytes);
    inPlace.overwrite(original.key, renamed.bytes);
    // Act
    const report = await verifyStore(store, trust, AT);
    const inPlaceReport = await verifyStore(inPlace, trust, AT);
    // Assess
    expect(byKey(report.failures)).toEqual({ [original.key]: ['SEALED_OBJECT_MISSING'], [renamed.key]: ['RECORD_NOT_IN_SEAL'] });
    expect(byKey(inPlaceReport.failures)[original.key]).toEqual(['OBJECT_SHA256_MISMATCH', 'OBJECT_ROOT_MISMATCH', 'SEALED_OBJECT_CHANGED']);
    expect(byKey(inPlaceReport.failures)[recordAddress(original.key, 1)]).toEqual(['OBJECT_LINE_BATCH_MISMATCH']);
    expect(inPlaceReport.ok).toBe(7);
  });

  it('reports a line edited in place on its own, in its object, and against its seal', async () => {
    // Prepare
    const { key, records } = hours['14']!;
    store.overwrite(key, `${JSON.stringify({ ...records[0]!, reason: 'nothing to see' })}\n`);
    // Act
    const report = await verifyStore(store, trust, AT);
    // Assess
    expect(byKey(report.failures)).toEqual({
      [recordAddress(key, 1)]: ['LEAF_HASH_MISMATCH'],
      [key]: ['OBJECT_SHA256_MISMATCH', 'OBJECT_ROOT_MISMATCH', 'SEALED_OBJECT_CHANGED'],
    });
  });

  it('reports an object slipped in later under a sealed hour', async () => {
    // Prepare: validly signed, but written into hour 13 after seal 3 listed it
    const slipped = await writeObject(store, keys.signer, '2026-05-01T13:50:00Z', 1);
    // Act
    const report = await verifyStore(store, trust, AT);
    // Assess
    expect(byKey(report.failures)).toEqual({ [slipped.key]: ['RECORD_NOT_IN_SEAL'] });
  });

  it('rejects a seal signed by an unpinned key and one with no signature at all', async () => {
    // Prepare: seal 4 re-signed by a stranger (same content), seal 3 stripped of its integrity
    const stranger = freshSigner();
    const [resigned] = await signDocuments([unsignedCopy(store.json<SealV2>(SEAL(4)))], stranger.signer, AT.now);
    store.overwrite(SEAL(4), text(resigned));
    store.overwrite(SEAL(3), text(unsignedCopy(store.json<SealV2>(SEAL(3)))));
    // Act
    const report = await verifyStore(store, trust, AT);
    // Assess
    const failures = byKey(report.seals!.failures);
    expect(failures[SEAL(3)]).toEqual(['SCHEMA_INVALID']);
    expect(failures[SEAL(4)]).toEqual(['KEY_NOT_PINNED', 'PREVIOUS_SEAL_HASH_MISMATCH']);
  });

  it('reports a seal that lists an object with other facts than its name, and a v2 seal stored as v1', async () => {
    // Prepare: seal 3 claims another count for its object (re-signed by the real key), seal 4 moved under seals/v1/
    const seal = store.json<SealV2>(SEAL(3));
    seal.objects[0]!.count = 7;
    const [resigned] = await signDocuments([unsignedCopy(seal)], keys.signer, AT.now);
    store.overwrite(SEAL(3), text(resigned));
    const four = store.objects.get(SEAL(4))!;
    store.remove(SEAL(4));
    await store.put(SEAL(4).replace('seals/v2/', 'seals/v1/'), four);
    // Act
    const report = await verifyStore(store, trust, AT);
    // Assess
    const failures = byKey(report.seals!.failures);
    expect(failures[SEAL(3)]).toEqual(['SEAL_OBJECT_NAME_MISMATCH']);
    expect(failures[SEAL(4).replace('seals/v2/', 'seals/v1/')]).toEqual(['KEY_VERSION_MISMATCH']);
  });

  it('checks only the objects and seals of a period', async () => {
    // Prepare: tampering outside the period
    store.remove(hours['10']!.key);
    // Act
    const report = await verifyStore(store, trust, { ...AT, period: { from: new Date('2026-05-01T13:00:00Z'), to: new Date('2026-05-01T14:00:00Z') } });
    // Assess
    expect(report).toMatchObject({ checked: 2, ok: 2, objects: 1, failures: [], seals: { checked: 1, ok: 1, failures: [] }, warnings: [] });
  });

  it('reports a deleted sealed object (delete marker), short retention and the wrong lock mode from the store\'s facts', async () => {
    // Prepare: S3-like facts
    store.withDescribe();
    const { key } = hours['11']!;
    store.remove(key);
    store.facts.set(key, { key, versions: 1, deleteMarker: true });
    store.facts.set(SEAL(2), { key: SEAL(2), lockMode: 'GOVERNANCE', retainUntil: '2026-05-02T15:30:00.000Z', versions: 1, deleteMarker: false });
    // Act
    const report = await verifyStore(store, trust, { ...AT, lock: { mode: 'COMPLIANCE', minRetentionDays: 2192 } });
    // Assess
    expect(byKey(report.failures)[key]).toEqual(['SEALED_OBJECT_DELETED']);
    expect(byKey(report.seals!.failures)[SEAL(2)]).toEqual(['LOCK_MODE_MISMATCH', 'RETENTION_TOO_SHORT']);
  });

  it('takes versions of one content as a retried write (radosgw), versions of two as an overwrite', async () => {
    // Prepare
    store.withDescribe();
    const facts = { lockMode: 'COMPLIANCE' as const, retainUntil: '2099-01-01T00:00:00.000Z', deleteMarker: false };
    store.facts.set(hours['10']!.key, { key: hours['10']!.key, versions: 2, distinctVersions: 1, ...facts });
    store.facts.set(hours['11']!.key, { key: hours['11']!.key, versions: 2, distinctVersions: 2, ...facts });
    // Act
    const report = await verifyStore(store, trust, { ...AT, lock: {} });
    // Assess
    expect(byKey(report.failures)).toEqual({ [hours['11']!.key]: ['OVERWRITE_ATTEMPTED'] });
  });

  it('fails a store without seals when seals are required, or once an hour is past its seal grace (seals/ deleted)', async () => {
    // Prepare
    const bare = new TamperableStore();
    const { key } = await writeObject(bare, keys.signer, '2026-05-01T10:20:00Z', 1);
    // Act
    const young = await verifyStore(bare, trust, { now: new Date('2026-05-01T11:30:00Z') });
    const required = await verifyStore(bare, trust, { now: new Date('2026-05-01T11:30:00Z'), seals: 'require' });
    const overdue = await verifyStore(bare, trust, AT);
    const longerGrace = await verifyStore(bare, trust, { ...AT, sealGraceMs: 5 * 3_600_000 });
    // Assess
    expect(young.seals).toBeUndefined();
    expect(young.failures).toEqual([]);
    expect(byKey(required.seals!.failures)).toEqual({ 'seals/': ['NO_SEALS'] });
    expect(byKey(overdue.seals!.failures)).toEqual({ 'seals/': ['NO_SEALS'] });
    expect(byKey(overdue.failures)).toEqual({ [key]: ['SEAL_OVERDUE'] });
    expect(longerGrace.failures).toEqual([]);
  });
});
