import { beforeEach, describe, expect, it } from 'vitest';
import { signBatch, signDocuments } from '../../lib/evidence/batch.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { sealPending } from '../../lib/seal/seal-pending.ts';
import type { SealDocument } from '../../lib/seal/types.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { codes, codesByKey as byKey } from '../fixtures/verification.ts';
import { TamperableStore, writeRecords } from '../seal/helpers.ts';

const keys = freshSigner();
const trust = { publicKeys: [keys.publicPem] };
const SEAL = (seq: number) => `seals/v1/2026/05/01/${String(seq).padStart(8, '0')}.json`;
const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
/** A copy of a signed document without its integrity member. */
function unsignedCopy<T extends { integrity?: unknown }>(document: T): Omit<T, 'integrity'> {
  const copy = structuredClone(document);
  delete copy.integrity;
  return copy;
}

let store: TamperableStore;
let hours: Record<string, Array<{ key: string; record: EvidenceRecord }>>;

/** Hours 10, 11, 13 and 14 hold records, 12 is empty; sealed up to 15:00; hour 15 not yet sealed. */
beforeEach(async () => {
  store = new TamperableStore();
  hours = {};
  for (const [hour, count] of [['10', 2], ['11', 2], ['13', 2], ['14', 1], ['15', 2]] as const) {
    hours[hour] = await writeRecords(store, keys.signer, `2026-05-01T${hour}:20:00Z`, count);
  }
  await sealPending(store, keys.signer, { now: new Date('2026-05-01T15:30:00Z') });
});

describe('verifyStore with seals', () => {
  it('verifies an untouched chain and warns about records newer than the newest seal', async () => {
    // Act
    const report = await verifyStore(store, trust);
    // Assess
    expect(report).toMatchObject({ checked: 9, ok: 9, failures: [], seals: { checked: 5, ok: 5, failures: [] } });
    expect(codes(report.warnings!)).toEqual(['RECORDS_NOT_YET_SEALED']);
  });

  it('reports a changed seal, the broken link after it, and the record it no longer lists', async () => {
    // Prepare: an attacker drops a record from seal 1 (hour 11)
    const seal = store.json<SealDocument>(SEAL(1));
    const dropped = seal.records.shift()!;
    store.overwrite(SEAL(1), text(seal));
    // Act
    const report = await verifyStore(store, trust);
    // Assess
    expect(byKey(report.seals!.failures)).toEqual({
      [SEAL(1)]: ['LEAF_HASH_MISMATCH'],
      [SEAL(2)]: ['PREVIOUS_SEAL_HASH_MISMATCH'],
    });
    expect(byKey(report.failures)[dropped.key]).toEqual(['RECORD_NOT_IN_SEAL']);
  });

  it('reports a missing seal as a gap, and the records of its hour as unsealed', async () => {
    // Prepare
    store.remove(SEAL(1));
    // Act
    const report = await verifyStore(store, trust);
    // Assess
    expect(byKey(report.seals!.failures)).toEqual({
      [SEAL(2)]: ['SEAL_CHAIN_GAP', 'SEAL_MISSING'],
    });
    for (const { key } of hours['11']!) expect(byKey(report.failures)[key]).toEqual(['HOUR_NOT_SEALED']);
  });

  it('reports a chain whose first seals are gone', async () => {
    store.remove(SEAL(0));
    const report = await verifyStore(store, trust);
    expect(byKey(report.seals!.failures)[SEAL(1)]).toEqual(['SEAL_CHAIN_START_MISSING', 'SEAL_MISSING']);
  });

  it('reports a sealed record that was removed', async () => {
    // Prepare
    const [gone] = hours['13']!;
    store.remove(gone!.key);
    // Act
    const report = await verifyStore(store, trust);
    // Assess
    expect(byKey(report.failures)).toEqual({ [gone!.key]: ['SEALED_RECORD_MISSING'] });
    expect(report.seals!.failures).toEqual([]);
  });

  it('reports a sealed record changed and re-signed with the real key: it verifies alone, not against its seal', async () => {
    // Prepare: an insider with the signing key rewrites a verdict after the hour was sealed
    const { key, record } = hours['10']![0]!;
    const [forged] = await signBatch([{ ...unsignedCopy(record), result: 'pass' }], keys.signer, new Date(record.collectedAt));
    store.overwrite(key, text(forged));
    // Act
    const report = await verifyStore(store, trust);
    // Assess
    expect(byKey(report.failures)).toEqual({ [key]: ['SEALED_RECORD_CHANGED'] });
    expect(report.ok).toBe(8);
  });

  it('reports a sealed record edited in place both on its own and against its seal', async () => {
    const { key, record } = hours['14']![0]!;
    store.overwrite(key, text({ ...record, reason: 'nothing to see' }));
    const report = await verifyStore(store, trust);
    expect(byKey(report.failures)[key]).toEqual(['LEAF_HASH_MISMATCH', 'SEALED_RECORD_CHANGED']);
  });

  it('reports a record slipped in later under a sealed hour', async () => {
    // Prepare: validly signed, but written into hour 13 after seal 3 listed it
    const [slipped] = await writeRecords(store, keys.signer, '2026-05-01T13:50:00Z', 1);
    // Act
    const report = await verifyStore(store, trust);
    // Assess
    expect(byKey(report.failures)).toEqual({ [slipped!.key]: ['RECORD_NOT_IN_SEAL'] });
  });

  it('rejects a seal signed by an unpinned key and one with no signature at all', async () => {
    // Prepare: seal 4 re-signed by a stranger (same content), seal 3 stripped of its integrity
    const stranger = freshSigner();
    const [resigned] = await signDocuments([unsignedCopy(store.json<SealDocument>(SEAL(4)))], stranger.signer);
    store.overwrite(SEAL(4), text(resigned));
    store.overwrite(SEAL(3), text(unsignedCopy(store.json<SealDocument>(SEAL(3)))));
    // Act
    const report = await verifyStore(store, trust);
    // Assess
    const failures = byKey(report.seals!.failures);
    expect(failures[SEAL(3)]).toEqual(['SCHEMA_INVALID']);
    expect(failures[SEAL(4)]).toEqual(['KEY_NOT_PINNED', 'PREVIOUS_SEAL_HASH_MISMATCH']);
  });

  it('checks only the records and seals of a period', async () => {
    // Prepare: tampering outside the period
    const { key } = hours['10']![0]!;
    store.remove(key);
    // Act
    const report = await verifyStore(store, trust, { period: { from: new Date('2026-05-01T13:00:00Z'), to: new Date('2026-05-01T14:00:00Z') } });
    // Assess
    expect(report).toMatchObject({ checked: 2, ok: 2, objects: 2, failures: [], seals: { checked: 1, ok: 1, failures: [] }, warnings: [] });
  });

  it('reports a deleted sealed record (delete marker), short retention and the wrong lock mode from the store\'s facts', async () => {
    // Prepare: S3-like facts
    store.withDescribe();
    const { key } = hours['11']![0]!;
    store.remove(key);
    store.facts.set(key, { key, versions: 1, deleteMarker: true });
    store.facts.set(SEAL(2), { key: SEAL(2), lockMode: 'GOVERNANCE', retainUntil: '2026-05-02T15:30:00.000Z', versions: 1, deleteMarker: false });
    // Act
    const report = await verifyStore(store, trust, { lock: { mode: 'COMPLIANCE', minRetentionDays: 2192 } });
    // Assess
    expect(byKey(report.failures)[key]).toEqual(['SEALED_RECORD_DELETED']);
    expect(byKey(report.seals!.failures)[SEAL(2)]).toEqual(['LOCK_MODE_MISMATCH', 'RETENTION_TOO_SHORT']);
  });

  it('fails a store without seals only when seals are required', async () => {
    // Prepare
    const bare = new TamperableStore();
    await writeRecords(bare, keys.signer, '2026-05-01T10:20:00Z', 1);
    // Act
    const auto = await verifyStore(bare, trust);
    const required = await verifyStore(bare, trust, { seals: 'require' });
    // Assess
    expect(auto.seals).toBeUndefined();
    expect(auto.failures).toEqual([]);
    expect(byKey(required.seals!.failures)).toEqual({ 'seals/v1/': ['NO_SEALS'] });
  });
});
