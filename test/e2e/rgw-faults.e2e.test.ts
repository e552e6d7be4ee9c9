import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, ListObjectVersionsCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { generateKeyPair } from '../../lib/evidence/keys.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { runPipeline, type RunSummary } from '../../lib/pipeline/run.ts';
import { sealPending } from '../../lib/seal/seal-pending.ts';
import { LocalKeySigner } from '../../lib/signers/local.ts';
import { publishPublicKey } from '../../lib/store/publish-key.ts';
import { readRecords } from '../../lib/store/read-records.ts';
import { S3_RETRY, S3Store } from '../../lib/store/s3.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { pack, unit } from '../property/envelopes.ts';
import { RandomAws } from '../property/random-aws.ts';

/**
 * Crashes of a real S3 server while evidence is being written, and the retries that follow: a
 * radosgw gateway of its own (scripts/rgw-gateway.sh, on the cluster scripts/rgw-up.sh started;
 * the gateway every other S3 test uses is left alone) is killed with SIGKILL in the middle of a
 * collect run, right after one object reached it and before its answer came back.
 *
 * - Crash, restart, rerun: the run reports the inputs whose objects did not make it as failed;
 *   the same inputs collected again after the restart are all recorded; the store seals and
 *   verifies with Object Lock (nothing but RECORD_RETRIED warnings), and every record id of the
 *   inputs is in it.
 * - Crash, restart while the client retries: the SDK sends the same object again, which radosgw
 *   (ignoring If-None-Match) keeps as a second version of the same bytes: verify does not call
 *   that an overwrite.
 */
const endpoint = process.env.TRAILPROOF_S3_ENDPOINT;
// The port next to the shared gateway's (scripts/rgw-up.sh: RGW_PORT, 7480) unless told otherwise.
const PORT = Number(process.env.TRAILPROOF_RGW_FAULT_PORT ?? Number(process.env.RGW_PORT ?? 7480) + 1);
const GATEWAY = `http://127.0.0.1:${PORT}`;
const SCRIPT = fileURLToPath(new URL('../../scripts/rgw-gateway.sh', import.meta.url));
const title = endpoint
  ? `evidence writes on radosgw when its gateway crashes (gateway ${GATEWAY})`
  : 'evidence writes on radosgw when its gateway crashes (skipped: run scripts/rgw-up.sh, then set TRAILPROOF_S3_ENDPOINT=http://127.0.0.1:7480)';
// Test-only keys of the loopback gateway scripts/rgw-up.sh creates.
const credentials = {
  accessKeyId: process.env.TRAILPROOF_S3_ACCESS_KEY ?? 'AKIATESTTESTTEST0001',
  secretAccessKey: process.env.TRAILPROOF_S3_SECRET_KEY ?? 'testsecrettestsecrettestsecret0001',
};
/** The record objects that reach the gateway before it is killed. */
const CRASH_AT_PUT = 12;
/** Ids of the world RandomAws answers from: the rerun sees the same AWS as the crashed run. */
const WORLD = 7;

function gateway(command: 'start' | 'kill' | 'stop'): void {
  const run = spawnSync('bash', [SCRIPT, command, 'fault', String(PORT)], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`scripts/rgw-gateway.sh ${command}: ${run.stderr || run.error?.message}`);
}

function client(config: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({ ...S3_RETRY, endpoint: GATEWAY, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', credentials, ...config });
}

/**
 * After the `n`-th record object PUT has reached the gateway, crash the gateway (and run `then`,
 * e.g. a restart) and fail the request the way a dead server does: the object is stored, its
 * answer is lost. Runs inside the SDK's retry loop, as a network fault would.
 */
function crashAfterPut(s3: S3Client, n: number, then: () => void = () => {}): { key?: string } {
  const crash: { key?: string } = {};
  let puts = 0;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const key = String((args.input as { Key?: string }).Key ?? '');
      if (context.commandName !== 'PutObjectCommand' || !key.startsWith('records/') || ++puts !== n) return next(args);
      await next(args);
      crash.key = key;
      gateway('kill');
      then();
      throw Object.assign(new Error('socket hang up (gateway killed)'), { code: 'ECONNRESET' });
    },
    { step: 'finalizeRequest', priority: 'low', name: 'crashGatewayAfterPut' },
  );
  return crash;
}

/** The same inputs every run: generated CloudTrail and Config units in their envelopes (test/property), packed into files. */
const [sample] = fc.sample(fc.record({ units: fc.array(unit(false), { minLength: 120, maxLength: 120 }), containers: fc.array(fc.nat(), { minLength: 120, maxLength: 120 }) }), { numRuns: 1, seed: 20261105 });
const TEXTS = pack(sample!.units, sample!.containers, 'faults');

describe.skipIf(!endpoint)(title, () => {
  const signer = LocalKeySigner.fromPem(generateKeyPair().privatePem);
  const aws = new RandomAws();
  const trust = { publicKeys: [] as string[] };
  const lock = { mode: 'COMPLIANCE' as const, minRetentionDays: 1 };

  async function bucket(name: string): Promise<string> {
    const bucketName = `trailproof-${name}-${Date.now().toString(36)}-${process.pid}`;
    await client().send(new CreateBucketCommand({ Bucket: bucketName, ObjectLockEnabledForBucket: true }));
    return bucketName;
  }

  function collect(store: S3Store): Promise<RunSummary> {
    aws.reseed(WORLD);
    const inputs = TEXTS.flatMap(({ text, source }) => parseInput(text, source));
    // Small batches: the run writes wave after wave of objects, so the crash lands mid-run.
    return runPipeline(inputs, { clientsFor: () => aws.clients, settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: SNAPSHOT_KINDS, functionName: 'rgw-faults', store, signer, batchSize: 25 });
  }

  async function storedIds(store: S3Store): Promise<Set<string>> {
    const ids = new Set<string>();
    for await (const { record } of readRecords(store)) ids.add(record.id);
    return ids;
  }

  beforeAll(async () => {
    trust.publicKeys.push(await signer.publicKeyPem());
    gateway('start');
  });
  afterAll(() => {
    gateway('stop');
  });

  it('crash mid-write, restart, rerun: everything recorded once more, sealed, verified with Object Lock, nothing lost', async () => {
    // Prepare: the run whose gateway dies (its client gives up after a few attempts, as a Lambda would time out)
    const name = await bucket('crash');
    const crashing = client({ maxAttempts: 3 });
    const crash = crashAfterPut(crashing, CRASH_AT_PUT);
    const crashedStore = new S3Store({ client: crashing, bucket: name, retentionDays: 1 });
    await publishPublicKey(crashedStore, signer);
    // Act
    const crashed = await collect(crashedStore);
    gateway('start');
    const store = new S3Store({ client: client(), bucket: name, retentionDays: 1 });
    const rerun = await collect(store);
    const sealed = await sealPending(store, signer, { through: 'now' });
    const report = await verifyStore(store, trust, { lock, seals: 'require' });
    const stored = await storedIds(store);
    // Assess: the crash hit mid-run, the landed object is there although its run never heard back
    const statuses = (summary: RunSummary) => summary.outcomes.map((o) => o.status);
    expect(statuses(crashed)).toContain('recorded');
    expect(statuses(crashed)).toContain('failed');
    expect(crashed.outcomes.filter((o) => o.status === 'failed').every((o) => /write failed/.test(o.detail ?? ''))).toBe(true);
    expect(await store.describe(crash.key!)).toMatchObject({ versions: 1, lockMode: 'COMPLIANCE' });
    // The rerun records every input the crashed run had to give up, with the same record ids.
    expect(statuses(rerun)).not.toContain('failed');
    expect(statuses(rerun)).toEqual(statuses(crashed).map((s, i) => (s === 'failed' ? statuses(rerun)[i] : s)));
    const inputIds = rerun.outcomes.flatMap((o) => o.recordIds);
    expect(inputIds.length).toBeGreaterThan(CRASH_AT_PUT);
    for (const id of crashed.outcomes.flatMap((o) => o.recordIds)) expect(inputIds).toContain(id);
    // Nothing lost: every record id of the inputs is stored; the store verifies, retries are only retries.
    expect(inputIds.filter((id) => !stored.has(id))).toEqual([]);
    expect(sealed.sealed.at(-1)).toMatchObject({ final: true });
    expect(report).toMatchObject({ failures: [], lockChecked: true, seals: { failures: [] } });
    expect(report.ok).toBe(report.checked);
    expect(report.checked).toBe(stored.size);
    expect(new Set(report.warnings!.map((w) => w.code))).toEqual(new Set(['RECORD_RETRIED']));
  }, 180_000);

  it('crash and restart while the SDK retries: the same object sent twice is two versions of one content, not an overwrite', async () => {
    // Prepare: the production client (S3_RETRY); the gateway comes back before the retry
    const name = await bucket('retry');
    const retrying = client();
    const crash = crashAfterPut(retrying, CRASH_AT_PUT, () => gateway('start'));
    const store = new S3Store({ client: retrying, bucket: name, retentionDays: 1 });
    await publishPublicKey(store, signer);
    // Act
    const run = await collect(store);
    await sealPending(store, signer, { through: 'now' });
    const report = await verifyStore(store, trust, { lock, seals: 'require' });
    const versions = await retrying.send(new ListObjectVersionsCommand({ Bucket: name, Prefix: crash.key! }));
    // Assess
    expect(run.outcomes.map((o) => o.status)).not.toContain('failed');
    const copies = (versions.Versions ?? []).filter((v) => v.Key === crash.key);
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((v) => `${v.ETag}/${v.Size}`)).size).toBe(1);
    expect(await store.describe(crash.key!)).toMatchObject({ versions: 2, distinctVersions: 1 });
    expect(report).toMatchObject({ failures: [], lockChecked: true, seals: { failures: [] }, warnings: [] });
    expect(report.ok).toBe(report.checked);
    expect(report.checked).toBe((await storedIds(store)).size);
  }, 180_000);
});
