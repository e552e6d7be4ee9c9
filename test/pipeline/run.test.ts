import { describe, expect, it } from 'vitest';
import { parseInput } from '../../lib/events/parse.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import { verifyRecord } from '../../lib/evidence/verify-record.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { runPipeline } from '../../lib/pipeline/run.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { engine, widgetEvent } from '../fixtures/pipeline/fake-engine.ts';

async function stored(store: MemoryStore): Promise<Array<{ key: string; record: EvidenceRecord }>> {
  const out = [];
  for await (const key of store.list('records/')) out.push({ key, record: JSON.parse((await store.get(key))!.toString()) as EvidenceRecord });
  return out;
}

describe('runPipeline', () => {
  it('writes one signed, verifiable record per check and resource, under the write hour', async () => {
    const deps = engine({ 'w-1': { open: true } });
    const summary = await runPipeline(parseInput(widgetEvent('e-1', 'w-1'), 'one.json'), deps);

    const records = await stored(deps.store);
    expect(summary.outcomes).toEqual([{ source: 'one.json', status: 'recorded', recordIds: expect.any(Array) }]);
    expect(records.map((r) => [r.record.check.id, r.record.result])).toEqual(expect.arrayContaining([['widget-closed', 'fail'], ['widget-phi-closed', 'not_applicable']]));
    expect(records.every((r) => r.key.startsWith('records/v1/2026/11/02/11/'))).toBe(true);
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

  it('counts the same trigger delivered twice once, and never rewrites it', async () => {
    const deps = engine({ 'w-1': { open: true } });
    await runPipeline(parseInput(widgetEvent('e-1', 'w-1'), 'first'), deps);
    const again = await runPipeline(parseInput(widgetEvent('e-1', 'w-1'), 'retry'), deps);
    expect(again).toMatchObject({ written: 0, duplicates: 2 });
    expect(deps.store.size).toBe(2);
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

  it('fails only the input whose record could not be written', async () => {
    const store = new MemoryStore();
    const failing = Object.assign(Object.create(store), { put: async (key: string, body: string) => (body.includes('"w-bad"') ? Promise.reject(new Error('S3 503')) : store.put(key, body)) });
    const deps = engine({ 'w-ok': { open: false }, 'w-bad': { open: false } }, { store: failing });
    const summary = await runPipeline(parseInput([widgetEvent('e-1', 'w-ok'), widgetEvent('e-2', 'w-bad')].join('\n'), 'x'), deps);
    expect(summary.outcomes.map((o) => o.status)).toEqual(['recorded', 'failed']);
    expect(summary.outcomes[1]!.detail).toMatch(/write failed: S3 503/);
    expect(store.size).toBe(2);
  });

  it('signs in batches of the configured size: one signature per batch', async () => {
    let signatures = 0;
    const base = engine(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`w-${i}`, { open: true }])));
    const signer = base.signer;
    const deps = { ...base, batchSize: 4, signer: { ...signer, keyId: () => signer.keyId(), publicKeyPem: () => signer.publicKeyPem(), sign: (m: Buffer) => ((signatures += 1), signer.sign(m)) } };
    const text = Array.from({ length: 5 }, (_, i) => widgetEvent(`e-${i}`, `w-${i}`)).join('\n');
    const summary = await runPipeline(parseInput(text, 'x'), deps);
    expect(summary.written).toBe(10);
    expect(signatures).toBe(3);
  });
});
