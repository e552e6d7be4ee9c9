import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { UnsignedRecord } from '../../lib/evidence/types.ts';
import { EvidenceWriter, type InputOutcome } from '../../lib/pipeline/writer.ts';
import { parseRecordObjectKey } from '../../lib/store/layout.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { readRecords } from '../../lib/store/read-records.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { freshSigner, unsignedRecord } from '../evidence/helpers.ts';

const keys = freshSigner();
const AT = new Date('2026-05-01T13:20:00Z');
const outcome = (source: string): InputOutcome => ({ source, status: 'recorded', recordIds: [] });

/** Record n of the fixture, for a check, account and region. */
function record(n: number, fields: { check?: string; account?: string; region?: string } = {}): UnsignedRecord {
  const base = unsignedRecord(n);
  return { ...base, check: { ...base.check, id: fields.check ?? base.check.id }, account: fields.account ?? base.account, region: fields.region ?? base.region };
}

async function keysOf(store: MemoryStore): Promise<string[]> {
  const out: string[] = [];
  for await (const key of store.list('records/')) out.push(key);
  return out;
}

describe('EvidenceWriter', () => {
  it('writes one JSON Lines object per check, account and region, named by root, count and the SHA-256 of its bytes', async () => {
    // Prepare
    const store = new MemoryStore();
    const writer = new EvidenceWriter({ store, signer: keys.signer, now: () => AT });
    // Act
    await writer.add(outcome('a'), [record(1), record(2, { check: 'iam-root-mfa' })]);
    await writer.add(outcome('b'), [record(3), record(4, { region: 'eu-west-1' }), record(5, { account: '444455556666' })]);
    await writer.flush();
    // Assess
    const written = await keysOf(store);
    expect(written.map((k) => { const p = parseRecordObjectKey(k)!; return [p.checkId, p.account, p.region, p.count]; })).toEqual([
      ['ec2-sg-no-public-admin-ports', '111122223333', 'eu-west-1', 1],
      ['ec2-sg-no-public-admin-ports', '111122223333', 'us-east-1', 2],
      ['ec2-sg-no-public-admin-ports', '444455556666', 'us-east-1', 1],
      ['iam-root-mfa', '111122223333', 'us-east-1', 1],
    ]);
    for (const key of written) {
      const bytes = (await store.get(key))!;
      const lines = bytes.toString().split('\n');
      const named = parseRecordObjectKey(key)!;
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(named.sha256);
      expect(lines.pop()).toBe('');
      expect(lines.map((l) => JSON.parse(l).integrity.batch)).toEqual(lines.map((_, i) => expect.objectContaining({ root: named.root, treeSize: named.count, leafIndex: i })));
    }
    expect(writer.summary).toMatchObject({ records: 5, written: 5, duplicates: 0, objects: 4 });
    expect(await verifyStore(store, { publicKeys: [keys.publicPem] }, { now: AT })).toMatchObject({ checked: 5, ok: 5, objects: 4, failures: [] });
  });

  it('splits a group bigger than the batch size into objects of at most that many records, one signature each', async () => {
    // Prepare
    const store = new MemoryStore();
    let signatures = 0;
    const signer = { keyId: () => keys.signer.keyId(), publicKeyPem: () => keys.signer.publicKeyPem(), sign: (m: Buffer) => ((signatures += 1), keys.signer.sign(m)) };
    const writer = new EvidenceWriter({ store, signer, batchSize: 3, now: () => AT });
    // Act: one input of 7 records of one check
    await writer.add(outcome('big'), Array.from({ length: 7 }, (_, i) => record(i + 1)));
    await writer.flush();
    // Assess
    expect((await keysOf(store)).map((k) => parseRecordObjectKey(k)!.count).sort()).toEqual([1, 3, 3]);
    expect(signatures).toBe(3);
    const read = [];
    for await (const { key } of readRecords(store)) read.push(key);
    expect(read).toHaveLength(7);
  });

  it('writes a group as soon as it holds batchSize records, and every group once maxPending records wait', async () => {
    // Prepare: objects of 3 records, at most 5 records pending
    const store = new MemoryStore();
    const writer = new EvidenceWriter({ store, signer: keys.signer, batchSize: 3, maxPending: 5, now: () => AT });
    // Act: a group fills (written at once), then other groups pile up past maxPending
    await writer.add(outcome('a'), [record(1), record(2), record(3)]);
    const afterFull = (await keysOf(store)).length;
    await writer.add(outcome('b'), [record(4, { region: 'eu-west-1' }), record(5, { region: 'eu-west-1' })]);
    await writer.add(outcome('c'), [record(6, { account: '444455556666' }), record(7, { account: '444455556666' })]);
    const beforeLimit = (await keysOf(store)).length;
    await writer.add(outcome('d'), [record(8, { check: 'iam-root-mfa' }), record(9, { check: 'iam-root-mfa' })]);
    // Assess
    expect(afterFull).toBe(1);
    expect(beforeLimit).toBe(1);
    expect((await keysOf(store)).map((k) => parseRecordObjectKey(k)!.count).sort()).toEqual([2, 2, 3]);
    await writer.flush();
    expect(writer.summary).toMatchObject({ records: 9, written: 9, objects: 4 });
  });

  it('gives the same records the same bytes: a repeated PUT of a batch is the same object', async () => {
    // Prepare: a store that records every PUT
    const store = new MemoryStore();
    const puts: Array<[string, Buffer]> = [];
    const recording = Object.assign(Object.create(store) as MemoryStore, { put: (key: string, body: Buffer) => (puts.push([key, body]), store.put(key, body)) });
    const writer = new EvidenceWriter({ store: recording, signer: keys.signer, now: () => AT });
    await writer.add(outcome('a'), [record(1), record(2)]);
    await writer.flush();
    // Act
    const again = await store.put(puts[0]![0], Buffer.from(puts[0]![1]));
    // Assess
    expect(again).toEqual({ key: puts[0]![0], created: false });
    expect(store.size).toBe(1);
  });

  it('fails alone an input whose record cannot be canonicalized (a lone UTF-16 surrogate), and never writes it', async () => {
    // Prepare
    const store = new MemoryStore();
    const writer = new EvidenceWriter({ store, signer: keys.signer, now: () => AT });
    const bad = outcome('bad');
    const good = outcome('good');
    // Act
    await writer.add(bad, [{ ...record(1), observed: { name: 'x\ud800y' } }]);
    await writer.add(good, [record(2)]);
    await writer.flush();
    // Assess
    expect(bad).toMatchObject({ status: 'invalid', code: 'INVALID_VALUE', detail: expect.stringMatching(/not signed: observed\.name: contains a lone UTF-16 surrogate/), recordIds: [] });
    expect(good).toMatchObject({ status: 'recorded', recordIds: [record(2).id] });
    expect(writer.summary).toMatchObject({ records: 1, written: 1 });
  });

  it('counts an object that already held the same bytes as duplicates, and refuses one that holds other bytes', async () => {
    // Prepare: a store that claims every object exists, once with the same bytes and once with others
    const store = new MemoryStore();
    const answers = [{ created: false }, { created: false, conflict: true }];
    const stub = Object.assign(Object.create(store) as MemoryStore, { put: async (key: string) => ({ key, ...answers.shift()! }) });
    const writer = new EvidenceWriter({ store: stub, signer: keys.signer, now: () => AT, concurrency: 1 });
    const [same, other] = [outcome('same'), outcome('other')];
    // Act
    await writer.add(same, [record(1)]);
    await writer.add(other, [record(2, { region: 'eu-west-1' })]);
    await writer.flush();
    // Assess
    expect(writer.summary).toMatchObject({ records: 1, written: 0, duplicates: 1, objects: 0 });
    expect(same.status).toBe('recorded');
    expect(other).toMatchObject({ status: 'failed', detail: expect.stringMatching(/already holds other bytes/) });
  });
});
