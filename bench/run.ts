// `npm run bench`: every benchmark in its own process (so peak memory is its own), BENCH_RUNS runs
// each (default 3), medians printed, then tables of the goals of issue 9 and of issue 11 (the sweep)
// with the measured figures.
// Ratios compare work measured in the same process. The machine may be shared: wall time is what
// the table judges, main-thread CPU time is printed beside it, and so is the load average.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const VERIFY_N = Number(process.env.BENCH_VERIFY_RECORDS ?? 100_000);
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

interface CollectStats { events: number; records: number; objects: number; seconds: number; cpuSeconds: number; recordsPerSecond: number; floorSeconds: number; floorCpuSeconds: number; ratioToFloor: number; cpuRatioToFloor: number; floor2Seconds: number; ratioToFloor2: number; cpuRatioToFloor2: number; maxRssMB: number }
interface SweepStats {
  resources: number; records: number; errorRecords: number; errorRecordsByDesign: number; objects: number; loadSeconds: number; seconds: number; cpuSeconds: number;
  recordsPerSecond: number; maxRssMB: number; sweepChecks: number; checksCovered: number; kinds: number; uncoveredChecks: string; recordsByKind: string;
}
interface VerifyStats { records: number; objects: number; seals: number; seconds: number; recordsPerSecond: number; floorSeconds: number; ratioToFloor: number; cpuRatioToFloor: number; maxRssMB: number; liveHeapMB: number }
interface S3Stats { records: number; objects: number; latencyMs: number; verifySeconds: number; verifyRecordsPerSecond: number; verifyRequests: number; verifyRequestsPer1000: number; verifyByOperation: string; listSeconds: number; listRecordsPerSecond: number; listRequests: number }
interface OrgStats { accounts: number; resources: number; records: number; objects: number; sweepSeconds: number; sweepRequests: string; sealRequests: string; requests: number; requestsPer1000: number; sealParts: number; sealBytes: number; sealLargestPartBytes: number; sealSeconds: number }

function run<T>(script: string, args: string[] = [], env: Record<string, string> = {}, flags: string[] = []): T {
  const out = execFileSync(process.execPath, [...flags, here(script), ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Every numeric field is the median over RUNS runs (each field on its own); text fields are the first run's. */
function medians<T extends object>(script: string, args: string[] = [], env: Record<string, string> = {}, flags: string[] = []): T {
  const runs = Array.from({ length: RUNS }, () => run<Record<string, unknown>>(script, args, env, flags));
  return Object.fromEntries(Object.keys(runs[0]!).map((k) => [k, typeof runs[0]![k] === 'number' ? median(runs.map((r) => r[k] as number)) : runs[0]![k]])) as T;
}

const f = (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const load = () => loadavg().map((l) => f(l, 2)).join(' ');
console.log(`trailproof benchmarks (median of ${RUNS} runs each, Node ${process.version}, ${availableParallelism()} cores, load average ${load()})\n`);

const collect = medians<CollectStats>('collect.ts');
console.log(`collect: ${collect.events} events -> ${collect.records} records in ${collect.objects} objects, ${f(collect.seconds, 2)} s = ${f(collect.recordsPerSecond, 0)} records/s, peak RSS ${f(collect.maxRssMB, 0)} MB`);
console.log(`  floor (JSON.parse of each input line; JCS + leaf hash per record, Merkle tree with audit paths + 1 signature per object of the same size; each object's lines as stored, UTF-8, SHA-256): ${f(collect.floor2Seconds, 3)} s`);
console.log(`  collect / floor = ${f(collect.ratioToFloor2, 2)}x wall, ${f(collect.cpuRatioToFloor2, 2)}x main-thread CPU`);
console.log(`  signing-only floor (JCS + leaf hash per record, Merkle tree with audit paths + 1 signature per object; no input, no output): ${f(collect.floorSeconds, 3)} s`);
console.log(`  collect / signing-only floor = ${f(collect.ratioToFloor, 2)}x wall, ${f(collect.cpuRatioToFloor, 2)}x main-thread CPU\n`);

const sweeps = [1000, 10000, 17000].map((resources) => medians<SweepStats>('sweep.ts', [], { BENCH_RESOURCES: String(resources) }));
for (const s of sweeps) {
  console.log(`sweep: ${s.resources} resources -> ${s.records} records (${s.errorRecords} error, ${s.errorRecordsByDesign} by design) in ${s.objects} objects, ${f(s.seconds, 2)} s (${f(s.cpuSeconds, 2)} s CPU) = ${f(s.recordsPerSecond, 0)} records/s, peak RSS ${f(s.maxRssMB, 0)} MB`);
}
const [sweep1k, sweep10k, sweep17k] = sweeps as [SweepStats, SweepStats, SweepStats];
console.log(`  loading every kind's SDK first: ${f(sweep1k.loadSeconds, 2)} s (not in the sweep times)`);
console.log(`  10,000 vs 1,000 resources: time ${f(sweep10k.seconds / sweep1k.seconds, 1)}x, CPU ${f(sweep10k.cpuSeconds / sweep1k.cpuSeconds, 1)}x (linear = 10x)`);
console.log(`  the account covers ${sweep10k.checksCovered} of ${sweep10k.sweepChecks} sweep checks over ${sweep10k.kinds} kinds${sweep10k.uncoveredChecks ? `; no resource for: ${sweep10k.uncoveredChecks}` : ''}`);
console.log(`  records by kind (10,000 resources): ${sweep10k.recordsByKind}\n`);

// One directory store of N and one of 4N records, written once, each verified RUNS times in a fresh process.
const dir = mkdtempSync(join(tmpdir(), 'tp-bench-verify-'));
let verifyN: VerifyStats;
let verify4N: VerifyStats;
try {
  for (const [name, records] of [['n', VERIFY_N], ['n4', 4 * VERIFY_N]] as const) run('verify.ts', ['setup', join(dir, name), String(records)]);
  verifyN = medians<VerifyStats>('verify.ts', [join(dir, 'n')], {}, ['--expose-gc']);
  verify4N = medians<VerifyStats>('verify.ts', [join(dir, 'n4')], {}, ['--expose-gc']);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const v of [verifyN, verify4N]) {
  console.log(`verify (directory): ${f(v.records, 0)} records in ${v.objects} objects and ${v.seals} seals: ${f(v.seconds, 2)} s = ${f(v.recordsPerSecond, 0)} records/s, peak RSS ${f(v.maxRssMB, 0)} MB, heap still live after it ${f(v.liveHeapMB, 0)} MB`);
  console.log(`  floor (list + read + split lines, JSON.parse + JCS + leaf hash per record, 1 ECDSA verify per object): ${f(v.floorSeconds, 2)} s`);
  console.log(`  verify / floor = ${f(v.ratioToFloor, 2)}x wall, ${f(v.cpuRatioToFloor, 2)}x main-thread CPU`);
}
console.log('');

const s3 = medians<S3Stats>('s3.ts');
console.log(`s3:// (loopback fake S3, ${s3.latencyMs} ms per request): ${f(s3.records, 0)} records in ${s3.objects} objects`);
console.log(`  verify (records, seals, Object Lock facts): ${f(s3.verifySeconds, 2)} s = ${f(s3.verifyRecordsPerSecond, 0)} records/s, ${s3.verifyRequests} requests ${s3.verifyByOperation} = ${f(s3.verifyRequestsPer1000, 2)} per 1,000 records`);
console.log(`  list (readRecords, each id once): ${f(s3.listSeconds, 2)} s = ${f(s3.listRecordsPerSecond, 0)} records/s, ${s3.listRequests} requests\n`);

const org = run<OrgStats>('organization.ts', [], { BENCH_RUNS: String(RUNS) });
console.log(`organization: ${org.accounts} accounts x ${f(org.resources, 0)} resources -> ${f(org.records, 0)} records in ${f(org.objects, 0)} objects, swept in ${f(org.sweepSeconds, 0)} s`);
console.log(`  S3 requests: sweep ${org.sweepRequests}, seal ${org.sealRequests} = ${f(org.requests, 0)} = ${f(org.requestsPer1000, 2)} per 1,000 records`);
console.log(`  the sweep hour's seal: ${org.sealParts} part(s), ${f(org.sealBytes / 1e6, 3)} MB (largest part ${f(org.sealLargestPartBytes / 1e6, 3)} MB), sealed in ${f(org.sealSeconds, 2)} s\n`);

const { deploySizeBench } = (await import(here('deploy-size.ts'))) as { deploySizeBench: () => Promise<string[]> };
for (const line of await deploySizeBench()) console.log(line);

// Reports at 100,000 and 1,000,000 records (issue 13 item 4): each written once, each format reported once.
interface ReportFormatStats { seconds: number; peakRssMB: number; sizeMB: number; ok: boolean; error?: string }
type ReportStats = Record<'html' | 'csv' | 'oscal' | 'ocsf', ReportFormatStats> & { openSeconds: number | null };
const reportSizes = (process.env.BENCH_REPORT_RECORDS ?? '100000,1000000').split(',').map(Number);
const reports: Array<[number, ReportStats]> = [];
for (const records of reportSizes) {
  const reportDir = mkdtempSync(join(tmpdir(), 'tp-bench-report-'));
  try {
    run('report.ts', ['setup', reportDir, String(records)], {}, ['--max-old-space-size=8192']);
    reports.push([records, run<ReportStats>('report.ts', [reportDir])]);
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}
const mb = (x: ReportFormatStats) => (x.ok ? `${f(x.sizeMB, 1)} MB` : `failed (${x.error})`);
for (const [records, r] of reports) {
  console.log(`report: ${f(records, 0)} records: html ${mb(r.html)}, opened in Chromium in ${r.openSeconds === null ? 'n/a' : `${f(r.openSeconds, 2)} s`}`);
  for (const format of ['html', 'csv', 'oscal', 'ocsf'] as const) console.log(`  ${format}: ${mb(r[format])} in ${f(r[format].seconds, 1)} s, peak RSS ${f(r[format].peakRssMB, 0)} MB`);
}
console.log('');

const rssRatio = verify4N.maxRssMB / verifyN.maxRssMB;
const table: Array<[string, string, string, boolean]> = [
  ['collect / its floor (parse, sign, write the bytes)', `${f(collect.ratioToFloor2, 2)}x`, '<= 2x', collect.ratioToFloor2 <= 2],
  ['collect / signing-only floor (no input, no output)', `${f(collect.ratioToFloor, 2)}x`, '<= 2x', collect.ratioToFloor <= 2],
  [`verify (directory, ${f(4 * VERIFY_N, 0)} records) / its floor`, `${f(verify4N.ratioToFloor, 2)}x`, '<= 2x', verify4N.ratioToFloor <= 2],
  ['verify over s3:// (20 ms per request)', `${f(s3.verifyRecordsPerSecond, 0)} records/s`, '>= 20,000 records/s', s3.verifyRecordsPerSecond >= 20_000],
  ['list over s3:// (20 ms per request)', `${f(s3.listRecordsPerSecond, 0)} records/s`, '>= 50,000 records/s', s3.listRecordsPerSecond >= 50_000],
  ['organization: S3 requests per 1,000 records', f(org.requestsPer1000, 2), '<= 2', org.requestsPer1000 <= 2],
  ["organization: the sweep hour's seal", `${f(org.sealBytes / 1e6, 3)} MB`, '<= 1 MB', org.sealBytes <= 1e6],
  ['organization: sealing the sweep hour', `${f(org.sealSeconds, 2)} s`, '<= 10 s', org.sealSeconds <= 10],
  [`verify peak RSS, ${f(4 * VERIFY_N, 0)} vs ${f(VERIFY_N, 0)} records`, `${f(verify4N.maxRssMB, 0)} / ${f(verifyN.maxRssMB, 0)} MB = ${f(rssRatio, 2)}x`, 'flat: <= 1.25x', rssRatio <= 1.25],
];
const issue11: typeof table = [
  ['sweep, 10,000 vs 1,000 resources', `${f(sweep10k.seconds / sweep1k.seconds, 1)}x (CPU ${f(sweep10k.cpuSeconds / sweep1k.cpuSeconds, 1)}x)`, '<= 11x', sweep10k.seconds / sweep1k.seconds <= 11],
  ['sweep peak RSS, 17,000 resources', `${f(sweep17k.maxRssMB, 0)} MB`, '< 512 MB', sweep17k.maxRssMB < 512],
  ['sweep checks the synthetic account covers', `${sweep17k.checksCovered} / ${sweep17k.sweepChecks}`, 'all', sweep17k.checksCovered === sweep17k.sweepChecks],
  ['sweep error records not made on purpose', String(Math.max(...sweeps.map((s) => s.errorRecords - s.errorRecordsByDesign))), '0', sweeps.every((s) => s.errorRecords === s.errorRecordsByDesign)],
];
const issue13: typeof table = reports.flatMap(([records, r]) => [
  [`report html size, ${f(records, 0)} records`, mb(r.html), '<= 25 MB', r.html.ok && r.html.sizeMB <= 25],
  [`report html open in Chromium, ${f(records, 0)} records`, r.openSeconds === null ? 'n/a' : `${f(r.openSeconds, 2)} s (${f(r.openSeconds / 5, 2)}x of goal)`, '< 5 s', r.openSeconds !== null && r.openSeconds < 5],
  ...(['csv', 'oscal', 'ocsf'] as const).map((format): (typeof table)[number] => [`report ${format} peak RSS, ${f(records, 0)} records`, r[format].ok ? `${f(r[format].peakRssMB, 0)} MB (${f(r[format].peakRssMB / 512, 2)}x of goal)` : `failed (${r[format].error})`, '< 512 MB', r[format].ok && r[format].peakRssMB < 512]),
]);
const widths = [0, 1, 2].map((i) => Math.max(...[...table, ...issue11, ...issue13].map((row) => row[i] as string).map((cell) => cell.length), ['metric', 'measured', 'goal'][i]!.length));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 6)).join(' | ')} |`;
for (const [title, rows] of [['issue 9 goals', table], ['issue 11 goals (sweep)', issue11], ['issue 13 goals (reports)', issue13]] as const) {
  console.log(`\n${title} (medians of ${RUNS} runs; load average now ${load()})`);
  console.log(line(['metric', 'measured', 'goal', 'ok']));
  console.log(line([...widths.map((w) => '-'.repeat(w)), '------']));
  for (const [metric, measured, goal, ok] of rows) console.log(line([metric, measured, goal, ok ? 'ok' : 'NOT OK']));
}
