import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signDocuments } from '../../lib/evidence/batch.ts';
import type { SealV2 } from '../../lib/evidence/schemas.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import { sealPending } from '../../lib/seal/seal-pending.ts';
import { recordObjectKey } from '../../lib/store/layout.ts';
import type { EvidenceStore, ListOptions, PutResult } from '../../lib/store/types.ts';
import { verifySeals } from '../../lib/verify/seal-chain.ts';
import { verifyClock } from '../../lib/verify/dates.ts';
import { verifyStore, type StoreVerification } from '../../lib/verify/verify-store.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { codes, codesByKey } from '../fixtures/verification.ts';
import { TamperableStore, writeObject, writeV1Records } from './helpers.ts';

const keys = freshSigner();
const trust = { publicKeys: [keys.publicPem] };
const hex = (text: string) => createHash('sha256').update(text).digest('hex');
afterEach(() => vi.restoreAllMocks());

/**
 * An hour of an organization's sweep as the sealer sees it: `objects` record objects under one
 * hour, names only (the sealer never reads them; a GET fails the test), listed in pages of 1,000
 * keys as S3 does. Seals are kept in memory.
 */
class BigHourStore implements EvidenceStore {
  readonly location = 'big-hour:';
  readonly seals = new Map<string, Buffer>();
  listPages = 0;
  readonly #keys: string[];

  constructor(objects: number, recordsPerObject: number, hour: Date) {
    const accounts = Array.from({ length: 50 }, (_, i) => String(100000000000 + i));
    this.#keys = Array.from({ length: objects }, (_, i) =>
      recordObjectKey({ checkId: `s3-bucket-check-${i % 5}`, account: accounts[i % 50]!, region: 'us-east-1', root: hex(`root ${i}`), count: recordsPerObject, sha256: hex(`bytes ${i}`) }, hour),
    ).sort();
  }

  async put(key: string, body: string | Buffer): Promise<PutResult> {
    if (this.seals.has(key)) return { key, created: false };
    this.seals.set(key, Buffer.from(body));
    return { key, created: true };
  }

  async get(key: string): Promise<Buffer | undefined> {
    if (key.startsWith('records/')) throw new Error(`the sealer read ${key}: sealing must take LIST requests only`);
    return this.seals.get(key);
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<string> {
    const source = prefix.startsWith('records/') ? this.#keys : [...this.seals.keys()].sort();
    const keys = source.filter((k) => k.startsWith(prefix) && (options.startAfter === undefined || k > options.startAfter));
    // One request per page of 1,000 keys (at least one, even for an empty answer), as ListObjectsV2.
    for (let page = 0; page === 0 || page * 1000 < keys.length; page++) {
      this.listPages++;
      yield* keys.slice(page * 1000, (page + 1) * 1000);
    }
  }
}

describe('sealing an hour in parts', () => {
  it('seals 200,000 records in 25,000 objects from their names, in bounded parts, never building a big string', async () => {
    // Prepare
    const hour = new Date('2026-05-01T06:00:00Z');
    const store = new BigHourStore(25_000, 8, hour);
    let longest = 0;
    const stringify = JSON.stringify;
    vi.spyOn(JSON, 'stringify').mockImplementation((...args: Parameters<typeof JSON.stringify>) => {
      const text = stringify(...args);
      longest = Math.max(longest, text?.length ?? 0);
      return text;
    });
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    // Act
    const run = await sealPending(store, keys.signer, { now: new Date('2026-05-01T07:20:00Z') });
    const seconds = (performance.now() - started) / 1000;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    // Assess
    expect(run.sealed.map((s) => [s.part, s.final, s.objects, s.records])).toEqual(Array.from({ length: 10 }, (_, i) => [i, i === 9, 2_500, 20_000]));
    const sizes = [...store.seals.values()].map((b) => b.length);
    expect(Math.max(...sizes)).toBeLessThan(1024 * 1024);
    expect(longest).toBeLessThan(64 * 1024);
    const sealPages = store.listPages;
    const total = sizes.reduce((a, b) => a + b, 0);
    console.info(`big hour: 200,000 records in 25,000 objects -> ${run.sealed.length} seals, ${(total / 1024 / 1024).toFixed(2)} MB in all (largest ${(Math.max(...sizes) / 1024).toFixed(0)} KB); ${sealPages} LIST requests, 0 GET; ${seconds.toFixed(2)} s; heap +${(heapGrowth / 1024 / 1024).toFixed(0)} MB; longest JSON string ${longest} chars`);
    const index = await verifySeals(store, pinKeys(trust.publicKeys), { clock: verifyClock({ now: new Date('2026-05-01T07:20:00Z') }) });
    expect(index!.chain).toEqual({ checked: 10, ok: 10, failures: [] });
    expect(index!.hours.get(hour.getTime())).toMatchObject({ finalKey: run.sealed[9]!.key, parts: run.sealed.map((s) => ({ key: s.key })) });
  }, 120_000);

  it('resumes a partly sealed hour on the next run after the last key sealed: the chain is never stuck', async () => {
    // Prepare
    const store = new BigHourStore(2_500, 8, new Date('2026-05-01T06:00:00Z'));
    const now = new Date('2026-05-01T07:20:00Z');
    // Act: one seal per run, as a sealer that keeps running out of time would
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await sealPending(store, keys.signer, { now, maxEntries: 1_000, maxHours: 1 }));
    // Assess
    expect(runs.map((r) => r.sealed.map((s) => [s.seq, s.part, s.final]))).toEqual([[[0, 0, false]], [[1, 1, false]], [[2, 2, true]], []]);
    expect(runs.map((r) => r.remaining)).toEqual([1, 1, 0, 0]);
    const seals = [...store.seals.keys()].sort().map((k) => JSON.parse(store.seals.get(k)!.toString()) as SealV2);
    expect(seals[1]!.part.after).toBe(seals[0]!.objects.at(-1)!.key);
    expect(seals[2]!.part.after).toBe(seals[1]!.objects.at(-1)!.key);
    expect(seals.reduce((n, s) => n + s.objects.length, 0)).toBe(2_500);
    expect((await verifySeals(store, pinKeys(trust.publicKeys), { clock: verifyClock({ now }) }))!.chain).toEqual({ checked: 3, ok: 3, failures: [] });
  });
});

describe('verifying an hour sealed in parts', () => {
  async function partlySealed(): Promise<{ store: TamperableStore; keysOf: string[] }> {
    const store = new TamperableStore();
    const written = [];
    for (let i = 0; i < 5; i++) written.push(await writeObject(store, keys.signer, `2026-05-01T10:${10 + i}:00Z`, 1));
    return { store, keysOf: written.map((o) => o.key).sort() };
  }

  it('verifies every part, and counts the hour sealed only once its final part exists', async () => {
    // Prepare
    const { store, keysOf } = await partlySealed();
    // Act
    await sealPending(store, keys.signer, { now: new Date('2026-05-01T11:20:00Z'), maxEntries: 2, maxHours: 1 });
    const open = await verifyStore(store, trust, { now: new Date('2026-05-01T11:20:00Z') });
    await sealPending(store, keys.signer, { now: new Date('2026-05-01T11:20:00Z'), maxEntries: 2 });
    const closed = await verifyStore(store, trust, { now: new Date('2026-05-01T11:20:00Z') });
    // Assess: while the hour is open, its unsealed objects are pending, not failures
    expect(open).toMatchObject({ failures: [], seals: { checked: 1, ok: 1 } });
    expect(codes(open.warnings!)).toEqual(['RECORDS_NOT_YET_SEALED']);
    expect(open.warnings![0]!.message).toMatch(/3 record\(s\) or object\(s\)/);
    expect(closed).toMatchObject({ checked: 5, ok: 5, failures: [], seals: { checked: 3, ok: 3, failures: [] }, warnings: [] });
    expect(store.keys('seals/').map((k) => store.json<SealV2>(k).objects.length)).toEqual([2, 2, 1]);
    expect(keysOf).toHaveLength(5);
  });

  it('cuts parts across an hour holding v1 records and v2 objects, records first, and verifies them all', async () => {
    // Prepare
    const store = new TamperableStore();
    await writeV1Records(store, keys.signer, '2026-05-01T10:05:00Z', 3);
    for (let i = 0; i < 3; i++) await writeObject(store, keys.signer, `2026-05-01T10:${20 + i}:00Z`, 2);
    // Act
    const run = await sealPending(store, keys.signer, { now: new Date('2026-05-01T11:20:00Z'), maxEntries: 2 });
    const report = await verifyStore(store, trust, { now: new Date('2026-05-01T11:20:00Z') });
    // Assess
    const seals = store.keys('seals/').map((k) => store.json<SealV2>(k));
    expect(seals.map((s) => [s.records.length, s.objects.length, s.part.final])).toEqual([[2, 0, false], [1, 1, false], [0, 2, true]]);
    expect(seals[1]!.part.after).toBe(seals[0]!.records[1]!.key);
    expect(seals[2]!.part.after).toBe(seals[1]!.objects[0]!.key);
    expect(run.sealed.reduce((n, s) => n + s.records, 0)).toBe(9);
    expect(report).toMatchObject({ checked: 9, ok: 9, failures: [], seals: { checked: 3, ok: 3, failures: [] }, warnings: [] });
  });

  it('reports a part that does not continue the one before, a missing part, and an object slipped into a sealed part', async () => {
    // Prepare: three parts; copies where part 1 (re-signed with the real key) starts after another key, or starts the next hour
    const { store } = await partlySealed();
    await sealPending(store, keys.signer, { now: new Date('2026-05-01T11:20:00Z'), maxEntries: 2 });
    const [, second, third] = store.keys('seals/');
    const copy = async (change?: (seal: SealV2) => void, drop?: string) => {
      const tampered = new TamperableStore();
      for (const [key, bytes] of store.objects) if (key !== drop) tampered.objects.set(key, bytes);
      if (change) {
        const seal: Partial<SealV2> = store.json<SealV2>(second!);
        delete seal.integrity;
        change(seal as SealV2);
        const [signed] = await signDocuments([seal], keys.signer, new Date('2026-05-01T11:20:00Z'));
        tampered.overwrite(second!, `${JSON.stringify(signed)}\n`);
      }
      return tampered;
    };
    const skipped = await copy((seal) => (seal.part.after = seal.objects[0]!.key));
    const newHour = await copy((seal) => Object.assign(seal, { window: { start: '2026-05-01T11:00:00.000Z', end: '2026-05-01T12:00:00.000Z' }, part: { index: 0, after: null, final: false } }));
    const missing = await copy(undefined, second);
    const late = await writeObject(store, keys.signer, '2026-05-01T10:00:00Z', 1);
    // Act
    const [skippedReport, newHourReport, missingReport, lateReport] = await Promise.all([skipped, newHour, missing, store].map((s) => verifyStore(s, trust, { now: new Date('2026-05-01T11:20:00Z') }))) as [StoreVerification, StoreVerification, StoreVerification, StoreVerification];
    // Assess
    expect(codesByKey(skippedReport.seals!.failures)).toEqual({ [second!]: ['SEAL_PART_INVALID', 'SEAL_PART_AFTER_MISMATCH'], [third!]: ['PREVIOUS_SEAL_HASH_MISMATCH'] });
    expect(codesByKey(newHourReport.seals!.failures)[second!]).toEqual(['SEAL_OBJECT_OUTSIDE_WINDOW', 'SEAL_PART_EXPECTED']);
    expect(codesByKey(missingReport.seals!.failures)).toEqual({ [third!]: ['SEAL_CHAIN_GAP', 'SEAL_MISSING'] });
    expect(codesByKey(lateReport.failures)).toEqual({ [late.key]: ['RECORD_NOT_IN_SEAL'] });
  });
});
