// verifyStore over 100,000 signed and sealed records (records/v2 objects of 1,000) in a directory store (BENCH_VERIFY_RECORDS to
// shrink), against the floor: for every record the leaf hash of its canonical bytes, and ONE ECDSA
// verification per batch of 1,000, because verifyStore caches batch signatures (a batch's records
// share one statement and signature). The floor works on records already in memory: no file reads,
// no JSON parsing, no schema check, no audit path, no seals; the ratio is what those cost on top.
import { createPublicKey, verify } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { signBatch } from '../lib/evidence/batch.ts';
import { canonicalBytes } from '../lib/evidence/canonical.ts';
import { leafHash } from '../lib/evidence/merkle.ts';
import { recordId } from '../lib/evidence/record.ts';
import { generateKeyPair } from '../lib/evidence/keys.ts';
import { LocalKeySigner } from '../lib/signers/local.ts';
import { statementBytes, statementOfProof } from '../lib/evidence/statement.ts';
import type { EvidenceRecord, UnsignedRecord } from '../lib/evidence/types.ts';
import { verifyStore } from '../lib/verify/verify-store.ts';
import { sealPending } from '../lib/seal/seal-pending.ts';
import { DirectoryStore } from '../lib/store/directory.ts';
import { recordObject } from '../lib/store/record-object.ts';

const BATCH = 1000;
const HOUR_MS = 3_600_000;
const START = Date.UTC(2026, 4, 1);
const template = JSON.parse(readFileSync(fileURLToPath(new URL('../test/fixtures/evidence/unsigned-record.json', import.meta.url)), 'utf8')) as UnsignedRecord;

/** Record `i` of the template: its own resource and id, collected in the hour of its batch. */
function record(i: number, collectedAt: string): UnsignedRecord {
  const id = `sg-${i.toString(16).padStart(17, '0')}`;
  return {
    ...template,
    id: recordId(template.trigger.eventId, template.check.id, id),
    resource: { ...template.resource, id, arn: `arn:aws:ec2:us-east-1:111122223333:security-group/${id}` },
    collectedAt,
  };
}

/** The floor: leaf hash per record, one signature verification per batch. */
function floorSeconds(signed: EvidenceRecord[], publicPem: string): number {
  const key = createPublicKey(publicPem);
  const start = performance.now();
  for (let i = 0; i < signed.length; i += BATCH) {
    const batch = signed.slice(i, i + BATCH);
    for (const r of batch) if (leafHash(canonicalBytes(r)) !== r.integrity.leafHash) throw new Error('floor: leaf hash mismatch');
    const proof = batch[0]!.integrity.batch;
    if (!verify('sha256', statementBytes(statementOfProof(proof)), { key, dsaEncoding: 'der' }, Buffer.from(proof.signature, 'base64'))) throw new Error('floor: bad signature');
  }
  return (performance.now() - start) / 1000;
}

/** `npm run bench` (bench/run.ts) prints these lines. */
export default async function verifyBench(): Promise<string[]> {
  const total = Number(process.env.BENCH_VERIFY_RECORDS ?? 100_000);
  const dir = await mkdtemp(join(tmpdir(), 'tp-bench-verify-'));
  try {
    const { privatePem, publicPem } = generateKeyPair();
    const signer = LocalKeySigner.fromPem(privatePem);
    const store = new DirectoryStore(dir);
    // One batch per hour of writes, so the store also has one seal per 1,000 records.
    const signed: EvidenceRecord[] = [];
    let t = performance.now();
    for (let i = 0; i < total; i += BATCH) {
      const writtenAt = new Date(START + (i / BATCH) * HOUR_MS + 60_000);
      const batch = await signBatch(Array.from({ length: Math.min(BATCH, total - i) }, (_, j) => record(i + j + 1, writtenAt.toISOString())), signer, writtenAt);
      // Setup only: one records/v2 object per batch, written plainly into the store's layout, as EvidenceWriter names it.
      const { key, bytes } = recordObject(batch, writtenAt);
      await mkdir(join(dir, key.slice(0, key.lastIndexOf('/'))), { recursive: true });
      await writeFile(join(dir, key), bytes);
      signed.push(...batch);
    }
    const writeSeconds = (performance.now() - t) / 1000;
    const hours = Math.ceil(total / BATCH);
    t = performance.now();
    await sealPending(store, signer, { now: new Date(START + (hours + 1) * HOUR_MS), maxHours: hours + 1 });
    const sealSeconds = (performance.now() - t) / 1000;

    t = performance.now();
    const report = await verifyStore(store, { publicKeys: [publicPem] });
    const verifySeconds = (performance.now() - t) / 1000;
    if (report.ok !== total || report.failures.length > 0 || report.seals?.ok !== hours) {
      throw new Error(`verify bench: expected ${total} records and ${hours} seals to verify, got ${JSON.stringify({ ok: report.ok, failures: report.failures.slice(0, 3), seals: report.seals?.ok })}`);
    }
    const floor = floorSeconds(signed, publicPem);
    const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');
    return [
      `verify: ${total.toLocaleString('en-US')} records in ${hours} batches and ${hours} hourly seals, directory store (written in ${writeSeconds.toFixed(1)} s, sealed in ${sealSeconds.toFixed(1)} s)`,
      `  verifyStore (read, parse, schema, leaf hash, audit path, 1 cached signature per batch, seal chain + cross-check): ${verifySeconds.toFixed(2)} s = ${rate(total, verifySeconds)} records/s`,
      `  floor (leaf hash of canonical bytes per record + 1 ECDSA verify per batch, records in memory): ${floor.toFixed(2)} s = ${rate(total, floor)} records/s`,
      `  verifyStore / floor = ${(verifySeconds / floor).toFixed(1)}x`,
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await verifyBench()) console.log(line);
