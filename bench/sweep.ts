// A sweep over a synthetic account (bench/account/plan.ts: every kind a sweep check enumerates, in
// a clinic's proportions) through SDK clients with real pagination: time, records per second, peak
// memory, and which sweep checks found resources (every one must, or the account has a gap).
// Loading every kind's SDK (a fixed cost, ~0.6 s and ~190 MB) is timed on its own, and a small
// sweep of BENCH_WARMUP resources (200) runs first, so the measured time is the sweep's work and
// 10,000 against 1,000 resources shows how it grows. Peak RSS is the whole process's, all of it.
import { CHECKS } from '../lib/checks/registry.ts';
import { DEFAULT_SETTINGS } from '../lib/model/check.ts';
import { SNAPSHOT_KINDS } from '../lib/collectors/kinds.ts';
import { loadKinds } from '../lib/collectors/lazy-kinds.ts';
import { generateKeyPair } from '../lib/evidence/keys.ts';
import { LocalKeySigner } from '../lib/signers/local.ts';
import { runSweep } from '../lib/pipeline/sweep.ts';
import { SWEEP_TIME, syntheticAccount } from './account-fakes.ts';
import { discardingStore } from './fake-clients.ts';
import { timed } from './timing.ts';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 17_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const ACCOUNT = '111122223333';
const signer = LocalKeySigner.fromPem(generateKeyPair().privatePem);

/** One sweep of a fresh synthetic account of `resources` resources into a discarding store. */
async function sweep(resources: number) {
  const { clients, facts } = syntheticAccount(ACCOUNT, resources);
  const store = discardingStore();
  const summary = await runSweep(
    { clientsFor: () => clients, settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: SNAPSHOT_KINDS, functionName: 'bench', store, signer },
    { account: ACCOUNT, regions: ['us-east-1'], startedAt: SWEEP_TIME },
  );
  return { summary, facts, objects: store.count };
}

const load = await timed(() => loadKinds(SNAPSHOT_KINDS));
if (WARMUP > 0) await sweep(WARMUP);
const { result: { summary, facts, objects }, seconds, cpuSeconds } = await timed(() => sweep(RESOURCES));
const maxRssMB = process.resourceUsage().maxRSS / 1024;

const sweepChecks = CHECKS.filter((c) => c.metadata.triggers.sweep);
const count = (id: string, results?: string[]) => Object.entries(summary.byCheck[id] ?? {}).reduce((n, [result, k]) => n + (!results || results.includes(result) ? k : 0), 0);
const errors = sweepChecks.reduce((n, c) => n + count(c.metadata.id, ['error']), 0);
// A check covered by the account judged at least one resource (pass, fail or not_applicable).
const uncovered = sweepChecks.map((c) => c.metadata.id).filter((id) => count(id, ['pass', 'fail', 'not_applicable']) === 0);
const recordsByKind: Record<string, number> = {};
for (const check of sweepChecks) recordsByKind[check.metadata.snapshotKind] = (recordsByKind[check.metadata.snapshotKind] ?? 0) + count(check.metadata.id);
process.stdout.write(`${JSON.stringify({
  bench: 'sweep', resources: RESOURCES, records: summary.records, errorRecords: errors, errorRecordsByDesign: facts.errorRecordsByDesign, objects,
  loadSeconds: load.seconds, seconds, cpuSeconds, recordsPerSecond: summary.records / seconds, maxRssMB,
  sweepChecks: sweepChecks.length, checksCovered: sweepChecks.length - uncovered.length, kinds: Object.keys(recordsByKind).length,
  uncoveredChecks: uncovered.join(' '), recordsByKind: Object.entries(recordsByKind).sort(([, a], [, b]) => b - a).map(([kind, n]) => `${kind} ${n}`).join(', '),
})}\n`);
