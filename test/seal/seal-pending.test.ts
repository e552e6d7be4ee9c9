import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateSealV2, type SealV2 } from '../../lib/evidence/schemas.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import { verifyIntegrity } from '../../lib/evidence/verify-record.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { findChainHead } from '../../lib/seal/chain-head.ts';
import { sealPending } from '../../lib/seal/seal-pending.ts';
import type { PutResult } from '../../lib/store/types.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { codesByKey } from '../fixtures/verification.ts';
import { TamperableStore, writeObject, writeV1Records } from './helpers.ts';

const keys = freshSigner();
const trust = { publicKeys: [keys.publicPem] };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('sealPending', () => {
  it('seals every closed hour from the earliest object, empty hours included, each listing its objects by name and linked to the one before', async () => {
    // Prepare: objects at 10:xx and 13:xx; 11, 12 and 14 are empty
    const store = new TamperableStore();
    const at10 = [await writeObject(store, keys.signer, '2026-05-01T10:20:00Z', 3), await writeObject(store, keys.signer, '2026-05-01T10:40:00Z', 1)];
    const at13 = await writeObject(store, keys.signer, '2026-05-01T13:05:00Z', 2);
    // Act: 15:20 with 15 minutes of grace: hours up to 15:00 are closed
    const run = await sealPending(store, keys.signer, { now: new Date('2026-05-01T15:20:00Z') });
    // Assess
    expect(run.sealed.map((s) => [s.key, s.window.start, s.records, s.objects])).toEqual([
      ['seals/v2/2026/05/01/00000000.json', '2026-05-01T10:00:00.000Z', 4, 2],
      ['seals/v2/2026/05/01/00000001.json', '2026-05-01T11:00:00.000Z', 0, 0],
      ['seals/v2/2026/05/01/00000002.json', '2026-05-01T12:00:00.000Z', 0, 0],
      ['seals/v2/2026/05/01/00000003.json', '2026-05-01T13:00:00.000Z', 2, 1],
      ['seals/v2/2026/05/01/00000004.json', '2026-05-01T14:00:00.000Z', 0, 0],
    ]);
    const seals = run.sealed.map((s) => store.json<SealV2>(s.key));
    expect(seals[0]!.previous).toBeNull();
    for (let i = 1; i < seals.length; i++) {
      expect(seals[i]!.previous).toEqual({ key: run.sealed[i - 1]!.key, hash: sha256(store.objects.get(run.sealed[i - 1]!.key)!) });
      expect(seals[i]!.window.start).toBe(seals[i - 1]!.window.end);
    }
    const listed = (o: { key: string; bytes: Buffer; records: Array<{ integrity: { batch: { root: string } } }> }) => ({ key: o.key, sha256: sha256(o.bytes), root: o.records[0]!.integrity.batch.root, count: o.records.length });
    expect(seals[0]!.objects).toEqual(at10.map(listed).sort((a, b) => (a.key < b.key ? -1 : 1)));
    expect(seals[3]!.objects).toEqual([listed(at13)]);
    for (const seal of seals) {
      expect(validateSealV2(seal)).toMatchObject({ records: [], part: { index: 0, after: null, final: true }, integrity: { batch: { treeSize: 1 } } });
      expect(verifyIntegrity(seal, pinKeys([keys.publicPem])).errors).toEqual([]);
      expect(seal.sealedAt).toBe('2026-05-01T15:20:00.000Z');
    }
    expect(run).toMatchObject({ lostRaces: 0, remaining: 0, head: { seq: 4, key: 'seals/v2/2026/05/01/00000004.json' } });
    expect(await verifyStore(store, trust)).toMatchObject({ checked: 6, ok: 6, objects: 3, failures: [], seals: { checked: 5, ok: 5, failures: [] }, warnings: [] });
  });

  it('seals an hour from LIST requests alone: no object is read', async () => {
    // Prepare
    const store = new TamperableStore();
    await writeObject(store, keys.signer, '2026-05-01T10:20:00Z', 5);
    const gets: string[] = [];
    const counting = Object.create(store) as TamperableStore;
    counting.get = async (key: string) => (gets.push(key), store.get(key));
    // Act
    await sealPending(counting, keys.signer, { now: new Date('2026-05-01T11:20:00Z') });
    // Assess
    expect(gets.filter((k) => k.startsWith('records/'))).toEqual([]);
  });

  it('leaves an hour open until its grace period has passed', async () => {
    // Prepare
    const store = new TamperableStore();
    await writeObject(store, keys.signer, '2026-05-01T13:59:59Z');
    // Act: 14:10 is within 15 minutes of 14:00, a write of hour 13 may still be in flight
    const early = await sealPending(store, keys.signer, { now: new Date('2026-05-01T14:10:00Z') });
    const later = await sealPending(store, keys.signer, { now: new Date('2026-05-01T14:16:00Z') });
    // Assess
    expect(early.sealed).toEqual([]);
    expect(later.sealed.map((s) => s.window.start)).toEqual(['2026-05-01T13:00:00.000Z']);
  });

  it('seals nothing in a store without records', async () => {
    const store = new TamperableStore();
    const run = await sealPending(store, keys.signer, { now: new Date('2026-05-01T15:20:00Z') });
    expect(run).toEqual({ sealed: [], lostRaces: 0, remaining: 0, skipped: [] });
    expect(store.keys('seals/')).toEqual([]);
  });

  it('finds the head by listing seal months, never records, and lists only the hour prefixes it seals', async () => {
    // Prepare: a chain sealed up to 12:00 in April, objects since
    const store = new TamperableStore();
    await writeObject(store, keys.signer, '2026-04-30T10:20:00Z');
    await sealPending(store, keys.signer, { now: new Date('2026-04-30T12:30:00Z') });
    await writeObject(store, keys.signer, '2026-05-01T01:10:00Z');
    store.listed.length = 0;
    // Act
    const head = await findChainHead(store, new Date('2026-05-01T02:20:00Z'));
    const run = await sealPending(store, keys.signer, { now: new Date('2026-05-01T02:20:00Z') });
    // Assess
    expect(head).toMatchObject({ seq: 1, key: 'seals/v2/2026/04/30/00000001.json', windowEnd: new Date('2026-04-30T12:00:00Z') });
    expect(run.sealed.map((s) => s.seq)).toEqual(Array.from({ length: 14 }, (_, i) => i + 2));
    expect(run.sealed.at(-1)!.window.start).toBe('2026-05-01T01:00:00.000Z');
    const recordLists = store.listed.filter((p) => p.startsWith('records/'));
    expect(recordLists.every((p) => /^records\/v[12]\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/$/.test(p))).toBe(true);
    expect(new Set(recordLists).size).toBe(recordLists.length);
    expect(store.listed.filter((p) => p.startsWith('seals/'))).toEqual(expect.arrayContaining(['seals/v2/', 'seals/v2/2026/06/', 'seals/v2/2026/05/', 'seals/v2/2026/04/']));
  });

  it('lets a concurrent sealer win: the loser writes nothing, reads the winner\'s seal and the chain stays one', async () => {
    // Prepare: sealer A is about to write seal 0 when sealer B runs to completion
    const store = new TamperableStore();
    await writeObject(store, keys.signer, '2026-05-01T10:20:00Z');
    const now = new Date('2026-05-01T13:20:00Z');
    const other = freshSigner();
    let winner: Awaited<ReturnType<typeof sealPending>> | undefined;
    const racing = Object.create(store) as TamperableStore;
    racing.put = async (key: string, body: string | Buffer): Promise<PutResult> => {
      if (key.startsWith('seals/') && !winner) winner = await sealPending(store, other.signer, { now });
      return store.put(key, body);
    };
    // Act
    const loser = await sealPending(racing, keys.signer, { now });
    // Assess
    expect(winner!.sealed.map((s) => s.seq)).toEqual([0, 1, 2]);
    expect(loser).toMatchObject({ sealed: [], lostRaces: 1, head: { seq: 2 } });
    expect(store.keys('seals/')).toHaveLength(3);
    expect(store.json<SealV2>('seals/v2/2026/05/01/00000000.json').integrity.batch.keyId).toBe(await other.signer.keyId());
    const report = await verifyStore(store, { publicKeys: [keys.publicPem, other.publicPem] });
    expect(report.seals).toEqual({ checked: 3, ok: 3, failures: [] });
    expect(report.failures).toEqual([]);
  });

  it('seals at most maxHours per run and continues where it stopped on the next run', async () => {
    // Prepare: the earliest object is 200 hours before the last closed hour
    const store = new TamperableStore();
    await writeObject(store, keys.signer, '2026-05-01T00:30:00Z');
    await writeObject(store, keys.signer, '2026-05-09T07:30:00Z');
    const now = new Date('2026-05-09T08:30:00Z');
    // Act
    const first = await sealPending(store, keys.signer, { now, maxHours: 168 });
    const second = await sealPending(store, keys.signer, { now, maxHours: 168 });
    // Assess
    expect(first.sealed).toHaveLength(168);
    expect(first.remaining).toBe(32);
    expect(second.sealed).toHaveLength(32);
    expect(second).toMatchObject({ remaining: 0, head: { seq: 199, windowEnd: new Date('2026-05-09T08:00:00Z') } });
    const report = await verifyStore(store, trust);
    expect(report).toMatchObject({ checked: 4, ok: 4, failures: [], seals: { checked: 200, ok: 200, failures: [] } });
  });

  it('stops starting seals when its time budget is spent, and the next run continues', async () => {
    // Prepare
    const store = new TamperableStore();
    await writeObject(store, keys.signer, '2026-05-01T00:30:00Z');
    const now = new Date('2026-05-01T05:30:00Z');
    // Act
    const spent = await sealPending(store, keys.signer, { now, budgetMs: 0 });
    const next = await sealPending(store, keys.signer, { now });
    // Assess
    expect(spent).toMatchObject({ sealed: [], remaining: 5 });
    expect(next.sealed).toHaveLength(5);
  });

  it('--through now seals the open hour too; an object written later in that hour is then late', async () => {
    // Prepare
    const store = new TamperableStore();
    await writeObject(store, keys.signer, '2026-05-01T14:05:00Z');
    // Act
    const run = await sealPending(store, keys.signer, { now: new Date('2026-05-01T14:20:00Z'), through: 'now' });
    const late = await writeObject(store, keys.signer, '2026-05-01T14:40:00Z', 1);
    const report = await verifyStore(store, trust);
    // Assess
    expect(run.sealed.map((s) => s.window.start)).toEqual(['2026-05-01T14:00:00.000Z']);
    expect(codesByKey(report.failures)).toEqual({ [late.key]: ['RECORD_NOT_IN_SEAL'] });
  });

  it('leaves out keys under an hour that are neither records nor record objects, and says so', async () => {
    // Prepare
    const store = new TamperableStore();
    await writeObject(store, keys.signer, '2026-05-01T10:20:00Z', 1);
    await store.put('records/v2/2026/05/01/10/iam-root-mfa/notes.txt', 'hello');
    await store.put('records/v1/2026/05/01/10/iam-root-mfa/0123456789abcdef0123456789abcdef.json', '{"truncated": ');
    // Act
    const run = await sealPending(store, keys.signer, { now: new Date('2026-05-01T11:20:00Z') });
    // Assess
    expect(run.sealed[0]).toMatchObject({ records: 1, objects: 1 });
    expect(run.skipped).toEqual([
      { key: 'records/v1/2026/05/01/10/iam-root-mfa/0123456789abcdef0123456789abcdef.json', reason: expect.stringMatching(/^cannot be hashed/) },
      { key: 'records/v2/2026/05/01/10/iam-root-mfa/notes.txt', reason: 'not a record object key' },
    ].sort((a, b) => (a.reason < b.reason ? -1 : 1)));
  });

  it('lists the v1 records of an hour by leaf hash beside its objects', async () => {
    // Prepare: records an older trailproof wrote (v1) and new writes (v2) in one hour
    const store = new TamperableStore();
    const v1 = await writeV1Records(store, keys.signer, '2026-05-01T10:20:00Z', 2);
    const v2 = await writeObject(store, keys.signer, '2026-05-01T10:50:00Z', 3);
    // Act
    const run = await sealPending(store, keys.signer, { now: new Date('2026-05-01T11:20:00Z') });
    // Assess
    const seal = store.json<SealV2>(run.sealed[0]!.key);
    expect(seal.records).toEqual(v1.map(({ key, record }) => ({ key, leafHash: record.integrity.leafHash })).sort((a, b) => (a.key < b.key ? -1 : 1)));
    expect(seal.objects.map((o) => o.key)).toEqual([v2.key]);
    expect(run.sealed[0]).toMatchObject({ records: 5, objects: 1 });
  });
});
