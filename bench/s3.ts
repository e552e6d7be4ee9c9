// verify and list over s3://, through the real S3Store and SDK client, against the loopback fake S3
// (bench/fake-s3.ts: every request answered after BENCH_S3_LATENCY_MS, default 20 ms). The store is
// bench/signed-store.ts's (objects of 1,000 records, sealed hourly), written through S3Store first.
// verify runs as `trailproof verify` does on S3: records, seals, Object Lock facts (HEAD and
// ListObjectVersions per object); list reads what `trailproof list` reads (readRecords, each id once).
import { performance } from 'node:perf_hooks';
import { readRecords } from '../lib/store/read-records.ts';
import { s3StoreFromUrl } from '../lib/store/s3.ts';
import { verifyStore } from '../lib/verify/verify-store.ts';
import { launchFakeS3 } from './fake-s3.ts';
import { writeSignedStore } from './signed-store.ts';

const RECORDS = Number(process.env.BENCH_S3_RECORDS ?? 100_000);

/** Requests the fake S3 answered between two readings, by operation, and in all. */
const spent = (before: Record<string, number>, after: Record<string, number>) => {
  const byOperation = Object.fromEntries(Object.keys(after).map((op) => [op, after[op]! - (before[op] ?? 0)]).filter(([, n]) => n !== 0));
  return { byOperation, total: Object.values(byOperation).reduce((a: number, b) => a + (b as number), 0) };
};

const s3 = await launchFakeS3();
try {
  const store = s3StoreFromUrl('s3://bench-evidence/trailproof', { endpoint: s3.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const fixture = await writeSignedStore(store, RECORDS);

  let before = await s3.counts();
  let start = performance.now();
  const report = await verifyStore(store, { publicKeys: [fixture.publicPem] }, { lock: {} });
  const verifySeconds = (performance.now() - start) / 1000;
  const verifyRequests = spent(before, await s3.counts());
  if (report.ok !== RECORDS || report.failures.length > 0 || (report.seals?.failures.length ?? 1) > 0) {
    throw new Error(`s3 bench: the store must verify: ${JSON.stringify({ ok: report.ok, failures: report.failures.slice(0, 3), seals: report.seals })}`);
  }

  before = await s3.counts();
  start = performance.now();
  const seen = new Set<string>();
  for await (const { record } of readRecords(store)) seen.add(record.id);
  const listSeconds = (performance.now() - start) / 1000;
  const listRequests = spent(before, await s3.counts());
  if (seen.size !== RECORDS) throw new Error(`s3 bench: listed ${seen.size} of ${RECORDS} records`);

  process.stdout.write(`${JSON.stringify({
    bench: 's3', records: RECORDS, objects: fixture.objects, latencyMs: Number(process.env.BENCH_S3_LATENCY_MS ?? 20),
    verifySeconds, verifyRecordsPerSecond: RECORDS / verifySeconds, verifyRequests: verifyRequests.total, verifyRequestsPer1000: (verifyRequests.total / RECORDS) * 1000,
    listSeconds, listRecordsPerSecond: RECORDS / listSeconds, listRequests: listRequests.total,
    verifyByOperation: JSON.stringify(verifyRequests.byOperation), maxRssMB: process.resourceUsage().maxRSS / 1024,
  })}\n`);
} finally {
  s3.close();
}
