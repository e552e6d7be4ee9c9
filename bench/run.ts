// `npm run bench`: every benchmark in its own process (so peak memory is its own), several runs
// each, medians printed with the ratios the issues ask for. Machines are shared: trust medians.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

function run(script: string, env: Record<string, string> = {}): Record<string, number> {
  const out = execFileSync(process.execPath, [here(script)], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medians(script: string, env: Record<string, string> = {}): Record<string, number> {
  const runs = Array.from({ length: RUNS }, () => run(script, env));
  return Object.fromEntries(Object.keys(runs[0]!).map((k) => [k, typeof runs[0]![k] === 'number' ? median(runs.map((r) => r[k]!)) : runs[0]![k]!]));
}

const f = (n: number, digits = 1) => n.toFixed(digits);
console.log(`trailproof benchmarks (median of ${RUNS} runs each, Node ${process.version})\n`);

interface CollectStats { events: number; records: number; seconds: number; recordsPerSecond: number; floorSeconds: number; ratioToFloor: number; maxRssMB: number }
interface SweepStats { resources: number; records: number; errorRecords: number; seconds: number; recordsPerSecond: number; maxRssMB: number }
const collect = medians('collect.ts') as unknown as CollectStats;
console.log(`collect: ${collect.events} events -> ${collect.records} records in ${f(collect.seconds, 2)} s = ${f(collect.recordsPerSecond, 0)} records/s`);
console.log(`  floor (JCS + leaf hash + Merkle + 1 signature per 1,000 records): ${f(collect.floorSeconds, 3)} s; pipeline / floor = ${f(collect.ratioToFloor, 1)}x; peak RSS ${f(collect.maxRssMB, 0)} MB\n`);

const sweep = (resources: number) => medians('sweep.ts', { BENCH_RESOURCES: String(resources) }) as unknown as SweepStats;
const small = sweep(1000);
const large = sweep(10000);
const full = sweep(17000);
for (const s of [small, large, full]) {
  console.log(`sweep: ${s.resources} resources -> ${s.records} records (${s.errorRecords} error) in ${f(s.seconds, 2)} s = ${f(s.recordsPerSecond, 0)} records/s, peak RSS ${f(s.maxRssMB, 0)} MB`);
}
console.log(`  10,000 vs 1,000 resources: time ${f(large.seconds / small.seconds, 1)}x (linear = 10x), peak RSS ${f(large.maxRssMB / small.maxRssMB, 2)}x`);
console.log(`  full synthetic account (10,000 buckets, 5,000 groups, 2,000 users): peak RSS ${f(full.maxRssMB, 0)} MB (goal < 512 MB)\n`);

for (const extra of ['verify.ts', 'deploy-size.ts']) {
  try {
    const mod = await import(here(extra));
    for (const line of await (mod.default ?? mod.deploySizeBench ?? mod.verifyBench)()) console.log(line);
    console.log('');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
}
