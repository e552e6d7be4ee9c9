// verifyStore over a directory store (bench/signed-store.ts: records/v2 objects of 1,000 records,
// four objects and one seal an hour, so every store spans more hours than verify's 24-hour retry
// window and the memory test shows what grows with the store, not what the window holds) against
// its floor, and verify's peak memory:
//   node bench/verify.ts setup <dir> <records>   writes the store and <dir>.pem (setup, untimed)
//   node bench/verify.ts <dir>                   verifies it in this fresh process, prints one JSON line
// The floor is the least code that checks the same records: list and read each object, split its
// lines, JSON.parse + JCS + leaf hash per record, one ECDSA verification per object. Peak RSS is
// taken right after verifyStore, before the floor runs; run.ts compares it at N and 4N records.
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { canonicalBytes } from '../lib/evidence/canonical.ts';
import { leafHash } from '../lib/evidence/merkle.ts';
import { statementBytes, statementOfProof } from '../lib/evidence/statement.ts';
import type { EvidenceRecord } from '../lib/evidence/types.ts';
import { RECORDS_V2_PREFIX } from '../lib/store/layout.ts';
import { DirectoryStore } from '../lib/store/directory.ts';
import { verifyStore } from '../lib/verify/verify-store.ts';
import { writeSignedStore } from './signed-store.ts';
import { timed } from './timing.ts';

/** The floor over the same store; throws if a record does not check (the floor must do real work). */
async function floor(store: DirectoryStore, publicPem: string, prefix = RECORDS_V2_PREFIX): Promise<void> {
  const key = createPublicKey(publicPem);
  for await (const objectKey of store.list(prefix)) {
    const lines = (await store.get(objectKey))!.toString('utf8').split('\n');
    lines.pop();
    let first: EvidenceRecord | undefined;
    for (const line of lines) {
      const record = JSON.parse(line) as EvidenceRecord;
      first ??= record;
      if (leafHash(canonicalBytes(record)) !== record.integrity.leafHash) throw new Error(`floor: leaf hash mismatch in ${objectKey}`);
    }
    const proof = first!.integrity.batch;
    if (!verify('sha256', statementBytes(statementOfProof(proof)), { key, dsaEncoding: 'der' }, Buffer.from(proof.signature, 'base64'))) throw new Error('floor: bad signature');
  }
}

const [mode, dir, records] = process.argv.slice(2);
if (mode === 'setup') {
  const fixture = await writeSignedStore(new DirectoryStore(dir!), Number(records), 1000, 4);
  writeFileSync(`${dir}.pem`, fixture.publicPem);
  process.stdout.write(`${JSON.stringify(fixture)}\n`);
} else {
  const store = new DirectoryStore(mode!);
  const publicPem = readFileSync(`${mode}.pem`, 'utf8');
  // Warm-up: both sides run once over the first object first, so neither pays the JIT for the other.
  const first = (await store.list(RECORDS_V2_PREFIX)[Symbol.asyncIterator]().next()).value as string;
  await verifyStore(store, { publicKeys: [publicPem] }, { prefix: first, seals: 'skip' });
  await floor(store, publicPem, first);
  const { result: report, seconds, cpuSeconds } = await timed(() => verifyStore(store, { publicKeys: [publicPem] }));
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  // What verify still holds once it is done (run.ts starts this with --expose-gc): flat when nothing grows with the store.
  (globalThis as { gc?: () => void }).gc?.();
  const liveHeapMB = process.memoryUsage().heapUsed / 1e6;
  if (report.failures.length > 0 || report.ok !== report.checked || (report.seals?.failures.length ?? 1) > 0) {
    throw new Error(`verify bench: the store must verify: ${JSON.stringify({ ok: report.ok, checked: report.checked, failures: report.failures.slice(0, 3), seals: report.seals })}`);
  }
  const floorRun = await timed(() => floor(store, publicPem));
  process.stdout.write(`${JSON.stringify({
    bench: 'verify', records: report.checked, objects: report.objects, seals: report.seals!.ok, seconds, cpuSeconds, recordsPerSecond: report.checked / seconds,
    floorSeconds: floorRun.seconds, floorCpuSeconds: floorRun.cpuSeconds, ratioToFloor: seconds / floorRun.seconds, cpuRatioToFloor: cpuSeconds / floorRun.cpuSeconds, maxRssMB, liveHeapMB,
  })}\n`);
}
