import { describe, expect, it } from 'vitest';
import { signBatch } from '../../lib/evidence/batch.ts';
import { generateKeyPair, pinKeys } from '../../lib/evidence/keys.ts';
import { LocalKeySigner } from '../../lib/signers/local.ts';
import type { EvidenceRecord, UnsignedRecord } from '../../lib/evidence/types.ts';
import { verifyRecord } from '../../lib/evidence/verify-record.ts';
import { findRecord } from '../../lib/report/find-record.ts';
import { generateReport, parseFormat, type RecordVerifier } from '../../lib/report/generate.ts';
import { recordKey } from '../../lib/store/layout.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { CHECKS, makeRecord } from '../fixtures/report/records.ts';
import { codes } from '../fixtures/verification.ts';

const WRITTEN = new Date('2026-03-15T10:00:00Z');

/** A store holding really signed records (the report verifies them with the real verifier). */
async function signedStore(): Promise<{ store: MemoryStore; signed: EvidenceRecord[]; verify: RecordVerifier; keys: string[] }> {
  const { privatePem, publicPem } = generateKeyPair();
  const unsigned = [
    makeRecord({ seed: 'in-1', result: 'fail', resourceId: 'sg-1', observedAt: '2026-03-10T00:00:00Z' }),
    makeRecord({ seed: 'in-2', check: 'iam-user-console-mfa', resourceId: 'alice', observedAt: '2026-03-20T00:00:00Z' }),
    makeRecord({ seed: 'out', resourceId: 'sg-2', observedAt: '2026-04-02T00:00:00Z' }),
  ].map(({ integrity: _drop, ...rest }) => rest as UnsignedRecord);
  const signed = await signBatch(unsigned, LocalKeySigner.fromPem(privatePem), WRITTEN);
  const store = new MemoryStore();
  const keys: string[] = [];
  for (const record of signed) {
    const key = recordKey(record, WRITTEN);
    keys.push(key);
    await store.put(key, JSON.stringify(record, null, 2));
  }
  const trusted = pinKeys([publicPem]);
  return { store, signed, keys, verify: (r) => verifyRecord(r, trusted, new Map()) };
}

const PERIOD = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', generatedAt: '2026-04-01T00:00:00Z', checks: CHECKS };

describe('generateReport', () => {
  it('reads the period from a store, verifies every record and renders the chosen format', async () => {
    // Prepare
    const { store, verify, signed, keys } = await signedStore();

    // Act
    const { content, model, malformed } = await generateReport(store, verify, { ...PERIOD, format: 'csv' });

    // Assess
    expect(malformed).toEqual([]);
    expect(model.entries.map((e) => e.record.id).sort()).toEqual([signed[0]!.id, signed[1]!.id].sort());
    expect(model.integrity).toEqual({ verified: 2, failed: 0 });
    expect(model.entries.map((e) => e.key).sort()).toEqual([keys[0], keys[1]].sort());
    expect(content.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('marks an altered record as failed and still reports it', async () => {
    const { store, verify, signed, keys } = await signedStore();
    const altered = { ...signed[0]!, result: 'pass', reason: 'nothing to see' };
    // MemoryStore never overwrites: the tampered copy goes to a fresh store with the others.
    const tampered = new MemoryStore();
    await tampered.put(keys[0]!, JSON.stringify(altered));
    await tampered.put(keys[1]!, (await store.get(keys[1]!))!);

    const { model, content } = await generateReport(tampered, verify, { ...PERIOD, format: 'html' });

    const entry = model.entries.find((e) => e.record.id === altered.id)!;
    expect(entry.integrity.ok).toBe(false);
    expect(codes(entry.integrity.errors)).toEqual(['LEAF_HASH_MISMATCH']);
    expect(model.integrity).toEqual({ verified: 1, failed: 1 });
    expect(content).toContain('1 record failed verification');
  });

  it('rejects records signed by a key that is not pinned', async () => {
    const { store } = await signedStore();
    const other = pinKeys([generateKeyPair().publicPem]);

    const { model } = await generateReport(store, (r) => verifyRecord(r, other), { ...PERIOD, format: 'ocsf' });

    expect(model.integrity).toEqual({ verified: 0, failed: 2 });
    expect(codes(model.entries[0]!.integrity.errors)).toEqual(['KEY_NOT_PINNED']);
  });

  it('lists objects too broken to display instead of dropping them', async () => {
    const { store, verify } = await signedStore();
    await store.put('records/v1/2026/03/15/10/iam-root-mfa/ffffffffffffffffffffffffffffffff.json', JSON.stringify({ id: 'ffffffffffffffffffffffffffffffff' }));

    const { malformed, model } = await generateReport(store, verify, { ...PERIOD, format: 'oscal' });

    expect(malformed).toHaveLength(1);
    expect(malformed[0]!.key).toContain('ffffffffffffffffffffffffffffffff');
    expect(new Set(codes(malformed[0]!.errors))).toEqual(new Set(['SCHEMA_INVALID']));
    expect(model.entries).toHaveLength(2);
  });

  it('accepts only known formats', () => {
    expect(parseFormat('oscal')).toBe('oscal');
    expect(() => parseFormat('pdf')).toThrow(/--format must be one of html, csv, oscal, ocsf/);
  });
});

describe('findRecord', () => {
  it('finds a record by id through the key layout, or by key', async () => {
    const { store, signed, keys } = await signedStore();

    expect(await findRecord(store, signed[1]!.id)).toEqual({ key: keys[1], record: signed[1] });
    expect(await findRecord(store, signed[1]!.id.toUpperCase())).toMatchObject({ key: keys[1] });
    expect(await findRecord(store, keys[0]!)).toEqual({ key: keys[0], record: signed[0] });
  });

  it('finds a record stored under another layout by reading the records', async () => {
    const record = makeRecord({ seed: 'elsewhere' });
    const store = new MemoryStore();
    await store.put('records/legacy/one.json', JSON.stringify(record));

    expect(await findRecord(store, record.id)).toEqual({ key: 'records/legacy/one.json', record });
  });

  it('says undefined for an unknown id, a missing key or text that is no id', async () => {
    const { store } = await signedStore();

    expect(await findRecord(store, '0'.repeat(32))).toBeUndefined();
    expect(await findRecord(store, 'records/v1/none.json')).toBeUndefined();
    expect(await findRecord(store, 'not-an-id')).toBeUndefined();
  });
});
