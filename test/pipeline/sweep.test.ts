import { describe, expect, it } from 'vitest';
import type { SnapshotKind } from '../../lib/collectors/types.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { runSweep } from '../../lib/pipeline/sweep.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import type { RunDocument } from '../../lib/evidence/ledger-types.ts';
import { verifyLedgerDocument } from '../../lib/evidence/verify-record.ts';
import { readLedger, readRecords } from '../../lib/store/read-records.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { engine, widgetKind } from '../fixtures/pipeline/fake-engine.ts';

async function records(deps: ReturnType<typeof engine>): Promise<EvidenceRecord[]> {
  const out: EvidenceRecord[] = [];
  for await (const { record } of readRecords(deps.store)) out.push(record);
  return out;
}

const START = new Date('2026-11-02T02:00:00Z');

describe('runSweep', () => {
  it('writes one baseline record per check and resource, observed at the sweep start', async () => {
    const deps = engine({ 'w-1': { open: true }, 'phi-2': { open: false } });
    const summary = await runSweep(deps, { account: '111122223333', regions: ['us-east-1'], startedAt: START });

    const all = await records(deps);
    expect(summary.written).toBe(4);
    expect(all.map((r) => `${r.check.id}/${r.resource.id}/${r.result}`).sort()).toEqual([
      'widget-closed/phi-2/pass', 'widget-closed/w-1/fail', 'widget-phi-closed/phi-2/pass', 'widget-phi-closed/w-1/not_applicable',
    ]);
    expect(all.every((r) => r.observedAt === START.toISOString() && r.trigger.source === 'sweep')).toBe(true);
  });

  it('gives the same record ids when the same scheduled run is retried, which verify counts once as retries', async () => {
    // The real clock: records say they were collected now, so they are written in this hour too.
    const deps = engine({ 'w-1': { open: true } }, { now: () => new Date() });
    const first = await runSweep(deps, { account: '111122223333', regions: ['us-east-1'], startedAt: START });
    const retry = await runSweep(deps, { account: '111122223333', regions: ['us-east-1'], startedAt: START });
    expect(retry.outcomes.map((o) => o.recordIds)).toEqual(first.outcomes.map((o) => o.recordIds));
    const report = await verifyStore(deps.store, { publicKeys: [await deps.signer.publicKeyPem()] });
    // Two records and the run record, each stored twice.
    expect(report).toMatchObject({ checked: 3, ok: 3, objects: 6, duplicates: 3, failures: [] });
    expect(new Set(report.warnings!.map((w) => w.code))).toEqual(new Set(['RECORD_RETRIED']));
  });

  it('sweeps a global kind once, from the first region only; regional kinds in every region', async () => {
    const regional = engine({ 'w-1': { open: false } });
    await runSweep(regional, { account: '111122223333', regions: ['us-east-1', 'eu-west-1'], startedAt: START });
    expect(regional.calls).toEqual(['w-1', 'w-1']);

    const global = engine({ 'w-1': { open: false } });
    const kind = { ...widgetKind({ 'w-1': { open: false } }, global.calls), global: true } as SnapshotKind;
    await runSweep({ ...global, kinds: [kind] }, { account: '111122223333', regions: ['us-east-1', 'eu-west-1'], startedAt: START });
    expect(global.calls).toEqual(['w-1']);
  });

  it('turns a listing that fails into error records for that scope, not silence', async () => {
    const deps = engine({});
    // eslint-disable-next-line require-yield -- a listing that fails before its first page
    const failing = { ...widgetKind({}), enumerate: async function* () { throw Object.assign(new Error('not allowed'), { name: 'AccessDenied' }); } } as SnapshotKind;
    await runSweep({ ...deps, kinds: [failing] }, { account: '111122223333', regions: ['us-east-1'], startedAt: START });
    const all = await records(deps);
    expect(all.map((r) => [r.check.id, r.result, r.resource.id])).toEqual(expect.arrayContaining([
      ['widget-closed', 'error', '111122223333:us-east-1'], ['widget-phi-closed', 'error', '111122223333:us-east-1'],
    ]));
    expect(all[0]!.reason).toMatch(/ACCESS_DENIED: widget.enumerate was denied/);
  });

  it('streams: memory does not hold every resource (every group is signed and written when maxPending records are pending)', async () => {
    const world = Object.fromEntries(Array.from({ length: 450 }, (_, i) => [`w-${i}`, { open: i % 2 === 0 }]));
    let signatures = 0;
    const base = engine(world);
    const signer = base.signer;
    const deps = { ...base, batchSize: 200, maxPending: 200, signer: { keyId: () => signer.keyId(), publicKeyPem: () => signer.publicKeyPem(), sign: (m: Buffer) => ((signatures += 1), signer.sign(m)) } };
    const summary = await runSweep(deps, { account: '111122223333', regions: ['us-east-1'], startedAt: START });
    expect(summary.written).toBe(900);
    // 900 records of two checks, written whenever 200 are pending: five rounds of one object per check; then the run record.
    expect(summary.objects).toBe(10);
    expect(signatures).toBe(11);
    expect(summary.byCheck['widget-closed']).toEqual({ pass: 225, fail: 225 });
  });

  it('only runs the checks asked for', async () => {
    const deps = engine({ 'w-1': { open: true } });
    await runSweep(deps, { account: '111122223333', regions: ['us-east-1'], startedAt: START, checkIds: ['widget-closed'] });
    expect((await records(deps)).map((r) => r.check.id)).toEqual(['widget-closed']);
  });
});

describe('runSweep when an account cannot be reached', () => {
  it('writes an error record per check for that account and region (e.g. the member role is missing)', async () => {
    const deps = engine({ 'w-1': { open: true } }, { clientsFor: () => { throw Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }); } });
    const summary = await runSweep(deps, { account: '444455556666', regions: ['us-east-1', 'eu-west-1'], startedAt: START });
    const all = await records(deps);
    expect(summary.byCheck).toEqual({ 'widget-closed': { error: 2 }, 'widget-phi-closed': { error: 2 } });
    expect(all.map((r) => r.resource.id).sort()).toEqual(['444455556666:eu-west-1', '444455556666:eu-west-1', '444455556666:us-east-1', '444455556666:us-east-1']);
    expect(all[0]!.reason).toMatch(/ACCESS_DENIED: sts:AssumeRole was denied/);
  });
});

describe('runSweep run records', () => {
  /** The run records of a store, by region. */
  async function runRecords(deps: ReturnType<typeof engine>): Promise<RunDocument[]> {
    const out: RunDocument[] = [];
    for await (const { document } of readLedger(deps.store, { areas: ['runs'] })) out.push(document as RunDocument);
    return out.sort((a, b) => (a.region < b.region ? -1 : 1));
  }

  it('writes one signed run record per region: the checks run, resources judged by result, start and end', async () => {
    // Prepare
    const end = new Date('2026-11-02T02:03:00Z');
    const deps = engine({ 'w-1': { open: true }, 'phi-2': { open: false } }, { now: () => end });
    // Act
    await runSweep(deps, { account: '111122223333', regions: ['us-east-1', 'eu-west-1'], startedAt: START });
    // Assess
    const runs = await runRecords(deps);
    expect(runs.map((r) => [r.account, r.region, r.startedAt, r.endedAt])).toEqual([
      ['111122223333', 'eu-west-1', START.toISOString(), end.toISOString()],
      ['111122223333', 'us-east-1', START.toISOString(), end.toISOString()],
    ]);
    expect(runs[1]!.checks).toEqual([
      { id: 'widget-closed', resources: 2, results: { pass: 1, fail: 1, not_applicable: 0, error: 0 } },
      { id: 'widget-phi-closed', resources: 2, results: { pass: 1, fail: 0, not_applicable: 1, error: 0 } },
    ]);
    expect(runs[1]!.errors).toEqual([]);
    const pinned = pinKeys([await deps.signer.publicKeyPem()]);
    expect(runs.map((r) => verifyLedgerDocument(r, pinned).ok)).toEqual([true, true]);
  });

  it('counts a scope that could not be listed as an error, not as a resource, and names it', async () => {
    const deps = engine({});
    // eslint-disable-next-line require-yield -- a listing that fails before its first page
    const failing = { ...widgetKind({}), enumerate: async function* () { throw Object.assign(new Error('not allowed'), { name: 'AccessDenied' }); } } as SnapshotKind;

    await runSweep({ ...deps, kinds: [failing] }, { account: '111122223333', regions: ['us-east-1'], startedAt: START });

    const [run] = await runRecords(deps);
    expect(run!.checks.map((c) => [c.id, c.resources, c.results.error])).toEqual([['widget-closed', 0, 1], ['widget-phi-closed', 0, 1]]);
  });

  it('lists the inputs that could not be recorded as the run\'s errors', async () => {
    const deps = engine({ 'w-1': { open: true } });
    const store = deps.store;
    const failingStore = { ...store, location: store.location, list: store.list.bind(store), get: store.get.bind(store), put: (key: string, body: string | Buffer) => (key.startsWith('records/') ? Promise.reject(new Error('SlowDown')) : store.put(key, body)) };

    await runSweep({ ...deps, store: failingStore }, { account: '111122223333', regions: ['us-east-1'], startedAt: START });

    const [run] = await runRecords(deps);
    expect(run!.errors).toEqual([{ source: 'widget:w-1', detail: expect.stringMatching(/write failed: .*SlowDown/) }]);
  });
});
