import { describe, expect, it } from 'vitest';
import { parseInput } from '../../lib/events/parse.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import { verifyRecord } from '../../lib/evidence/verify-record.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { runPipeline } from '../../lib/pipeline/run.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { readRecords } from '../../lib/store/read-records.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { engine, widgetEvent } from '../fixtures/pipeline/fake-engine.ts';

/** Every record the run stored, with its address (`<object key>#<line>`). */
async function stored(store: MemoryStore): Promise<Array<{ key: string; record: EvidenceRecord }>> {
  const out = [];
  for await (const item of readRecords(store)) out.push(item);
  return out;
}

/** The records/v2 objects of a store and how many lines each holds. */
async function objects(store: MemoryStore): Promise<Array<{ key: string; lines: number }>> {
  const out = [];
  for await (const key of store.list('records/')) out.push({ key, lines: (await store.get(key))!.toString().split('\n').length - 1 });
  return out;
}

describe('runPipeline', () => {
  it('writes one signed, verifiable record per check and resource, one object per check under the write hour', async () => {
    const deps = engine({ 'w-1': { open: true } });
    const summary = await runPipeline(parseInput(widgetEvent('e-1', 'w-1'), 'one.json'), deps);

    const records = await stored(deps.store);
    expect(summary.outcomes).toEqual([{ source: 'one.json', status: 'recorded', recordIds: expect.any(Array) }]);
    expect(summary).toMatchObject({ records: 2, written: 2, objects: 2 });
    expect(records.map((r) => [r.record.check.id, r.record.result])).toEqual(expect.arrayContaining([['widget-closed', 'fail'], ['widget-phi-closed', 'not_applicable']]));
    expect(records.map((r) => r.key.replace(/\/[0-9a-f]{64}-1-[0-9a-f]{64}\.jsonl#1$/, ''))).toEqual([
      'records/v2/2026/11/02/11/widget-closed/111122223333/us-east-1',
      'records/v2/2026/11/02/11/widget-phi-closed/111122223333/us-east-1',
    ]);
    const trusted = pinKeys([await deps.signer.publicKeyPem()]);
    for (const { record } of records) expect(verifyRecord(record, trusted).errors).toEqual([]);
    expect(records[0]!.record.trigger).toMatchObject({ source: 'cloudtrail', eventId: 'e-1', eventName: 'OpenWidget', actor: 'arn:aws:iam::111122223333:user/alice' });
  });

  it('reads a resource once however many checks look at it', async () => {
    const deps = engine({ 'phi-1': { open: false } });
    await runPipeline(parseInput(widgetEvent('e-1', 'phi-1'), 'x'), deps);
    expect(deps.calls).toEqual(['phi-1']);
    expect((await stored(deps.store)).map((r) => r.record.result)).toEqual(['pass', 'pass']);
  });

  it('processes the good lines of a batch and reports the bad one with its reason', async () => {
    const deps = engine({ 'w-1': { open: true }, 'w-2': { open: false } });
    const text = [widgetEvent('e-1', 'w-1'), '{"eventName": ', widgetEvent('e-2', 'w-2')].join('\n');
    const summary = await runPipeline(parseInput(text, 'batch.jsonl'), deps);

    expect(summary.outcomes.map((o) => o.status)).toEqual(['recorded', 'invalid', 'recorded']);
    expect(summary.outcomes[1]!.source).toBe('batch.jsonl:2');
    expect(summary.outcomes[1]).toMatchObject({ code: 'INVALID_JSON', detail: expect.stringMatching(/^\$: /) });
    expect(summary.written).toBe(4);
  });

  it('gives a trigger delivered twice the same record ids: the rerun signs a new object, which verify counts once as a retry', async () => {
    const deps = engine({ 'w-1': { open: true } });
    const first = await runPipeline(parseInput(widgetEvent('e-1', 'w-1'), 'first'), deps);
    const again = await runPipeline(parseInput(widgetEvent('e-1', 'w-1'), 'retry'), deps);
    expect(again.outcomes[0]!.recordIds).toEqual(first.outcomes[0]!.recordIds);
    expect(deps.store.size).toBe(4);
    // The engine's clock, not the wall clock: its hour is still within the seal grace, so unsealed is not overdue.
    const report = await verifyStore(deps.store, { publicKeys: [await deps.signer.publicKeyPem()] }, { now: deps.now!() });
    expect(report).toMatchObject({ checked: 2, ok: 2, duplicates: 2, failures: [] });
    expect(report.warnings!.map((w) => w.code)).toEqual(['RECORD_RETRIED', 'RECORD_RETRIED']);
  });

  it('writes the same batch once: a repeated PUT of the same bytes is a duplicate, not a second object', async () => {
    // Prepare: a store that loses the first answer, so the writer cannot tell whether its PUT landed
    const store = new MemoryStore();
    const deps = engine({ 'w-1': { open: true } }, { store });
    const bodies: Array<[string, Buffer]> = [];
    const recording = Object.assign(Object.create(store), { put: async (key: string, body: Buffer) => (bodies.push([key, body]), store.put(key, body)) });
    await runPipeline(parseInput(widgetEvent('e-1', 'w-1'), 'x'), { ...deps, store: recording });
    // Act: the same object bytes PUT again, as an SDK retry after a lost 200 does
    const repeated = await Promise.all(bodies.map(([key, body]) => store.put(key, body)));
    // Assess
    expect(repeated.map((r) => r.created)).toEqual([false, false]);
    expect(store.size).toBe(2);
  });

  it('turns an AWS read failure into an error record and a collector bug into one too', async () => {
    const deps = engine({ 'w-denied': 'denied', 'w-bug': new Error('boom') });
    await runPipeline(parseInput([widgetEvent('e-1', 'w-denied'), widgetEvent('e-2', 'w-bug')].join('\n'), 'x'), deps);
    const results = (await stored(deps.store)).filter((r) => r.record.check.id === 'widget-closed').map((r) => r.record.reason);
    expect(results).toEqual(expect.arrayContaining([expect.stringMatching(/^ACCESS_DENIED: widgets:DescribeWidget was denied/), expect.stringMatching(/widget.collect failed.*boom/)]));
  });

  it('records a deleted resource as not_applicable', async () => {
    const deps = engine({ 'w-gone': 'gone' });
    await runPipeline(parseInput(widgetEvent('e-1', 'w-gone', 'CloseWidget'), 'x'), deps);
    expect((await stored(deps.store)).map((r) => r.record.result)).toEqual(['not_applicable', 'not_applicable']);
  });

  it('says why an event gave no record', async () => {
    const deps = engine({});
    const summary = await runPipeline(parseInput([widgetEvent('e-1', undefined), JSON.stringify({ ...JSON.parse(widgetEvent('e-2', 'w')), eventSource: 'other.amazonaws.com' })].join('\n'), 'x'), deps);
    expect(summary.outcomes.map((o) => [o.status, o.detail])).toEqual([
      ['no-check', expect.stringMatching(/widget-closed matched OpenWidget but the event names no AWS::Test::Widget/)],
      ['no-check', expect.stringMatching(/no check applies to other.amazonaws.com:OpenWidget/)],
    ]);
  });

  it('writes nothing when the batch cannot be signed, and fails every input of the batch', async () => {
    const deps = engine({ 'w-1': { open: true } }, { signer: { keyId: async () => 'sha256:00', publicKeyPem: async () => '', sign: async () => { throw new Error('KMS unavailable'); } } });
    const summary = await runPipeline(parseInput(widgetEvent('e-1', 'w-1'), 'x'), deps);
    expect(summary.outcomes[0]).toMatchObject({ status: 'failed', detail: expect.stringMatching(/signing failed: KMS unavailable/) });
    expect(deps.store.size).toBe(0);
  });

  it('fails only the inputs with records in the object that could not be written', async () => {
    const store = new MemoryStore();
    const failing = Object.assign(Object.create(store), { put: async (key: string, body: Buffer) => (key.includes('/us-west-2/') ? Promise.reject(new Error('S3 503')) : store.put(key, body)) });
    const deps = engine({ 'w-ok': { open: false }, 'w-bad': { open: false } }, { store: failing });
    const summary = await runPipeline(parseInput([widgetEvent('e-1', 'w-ok'), widgetEvent('e-2', 'w-bad', 'OpenWidget', 'us-west-2')].join('\n'), 'x'), deps);
    expect(summary.outcomes.map((o) => o.status)).toEqual(['recorded', 'failed']);
    expect(summary.outcomes[1]!.detail).toMatch(/write failed: S3 503/);
    expect(store.size).toBe(2);
  });

  it('signs one batch per object, each of one check, at most the configured size', async () => {
    let signatures = 0;
    const base = engine(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`w-${i}`, { open: true }])));
    const signer = base.signer;
    const deps = { ...base, batchSize: 4, signer: { ...signer, keyId: () => signer.keyId(), publicKeyPem: () => signer.publicKeyPem(), sign: (m: Buffer) => ((signatures += 1), signer.sign(m)) } };
    const text = Array.from({ length: 5 }, (_, i) => widgetEvent(`e-${i}`, `w-${i}`)).join('\n');
    const summary = await runPipeline(parseInput(text, 'x'), deps);
    const written = await objects(base.store);
    expect(summary).toMatchObject({ written: 10, objects: written.length });
    expect(signatures).toBe(written.length);
    expect(written.every((o) => o.lines <= 4)).toBe(true);
    expect(written.reduce((n, o) => n + o.lines, 0)).toBe(10);
    expect(new Set(written.map((o) => o.key.split('/')[6]))).toEqual(new Set(['widget-closed', 'widget-phi-closed']));
  });
});
