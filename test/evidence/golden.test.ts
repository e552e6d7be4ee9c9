import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';

/**
 * Golden evidence: a small store signed and sealed once by trailproof 0.1.0 (commit 7f6312f), its
 * private key destroyed. Evidence must verify for six years (HIPAA retention), so every later
 * version of trailproof must verify these bytes exactly as committed.
 *
 * If a pinned hash below fails, someone changed the golden files: put them back. If verification
 * fails, the code no longer reads evidence it once wrote: that is a BREAKING CHANGE of the evidence
 * format, not a fixture to regenerate (there is no key to regenerate it with, on purpose).
 *
 * Made with the project's own pipeline and sealer over the clinic demo steps 05, 09 and 10 plus one
 * step whose GetBucketEncryption was denied (the error record), on a fixed clock: writes at
 * 2026-11-08 17:05, 17:20, 17:40 and 18:10 UTC (one batch each), sealed at 20:00 UTC.
 */

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const GOLDEN = join(REPO, 'test/fixtures/golden/v1');
const PUBLIC_KEY = join(GOLDEN, 'signing-key.pub.pem');
const KEY_ID = 'sha256:6f3bea512c90aada684e825079af643246218bc4138ec648ca24232f3c2e19cc';
const run = promisify(execFile);

/** Every committed golden file and its SHA-256, as generated. Nothing may be added, removed or changed. */
const PINNED_SHA256: Record<string, string> = {
  'keys/sha256-6f3bea512c90aada684e825079af643246218bc4138ec648ca24232f3c2e19cc.pem': '23d5c4ef7d445a861d2b5a24546b24dd2a728b651bf67dc8101061c5b096ab80',
  'records/v1/2026/11/08/17/ec2-sg-no-public-admin-ports/3994a1c5b9a8041874ba94a4c91951ac.json': '0920c2f9d71c527eaf10d213b0e91f876d2d24516a062cc450f313257cd19dd6',
  'records/v1/2026/11/08/17/ec2-sg-no-public-all-traffic/fe99267b9091c58e87f6319497353a04.json': '43adf0ab4ec6d416e5fee479fdba987723d14e381aaa6805d0b9ec2598adf66d',
  'records/v1/2026/11/08/17/iam-root-account-activity/31141a40d7d6c407d9338ad7abb846d8.json': '8ac2ba8df6ce255f261e850a970109d71a37972e23f8df517545401ad4298e97',
  'records/v1/2026/11/08/17/s3-bucket-default-encryption/63c12f88270f477f980db7a9995d3cab.json': '9d28a33ba07badfb6423e3ce7d6ec0b77eeeee09e8601cd5d7637e0991e2a8cd',
  'records/v1/2026/11/08/17/signin-console-mfa/22da08a78eb710115e583c582fd7fe79.json': 'e7fd4c9b14509aed2fbbada60a4bbb078d3fbb3595319eb44e4dbea6606c63c6',
  'records/v1/2026/11/08/17/signin-console-mfa/53f280608c157237608d4bf0aa4e9908.json': '378188ff58271e571989d24cc8dc0d6d9c868ed6749411b0e2ffae3fe6b29ecd',
  'records/v1/2026/11/08/17/signin-console-mfa/9f35d2edcd164798ad59f18e6e6d4789.json': '4341c7ec8f4ba90c71b5fafad287a67affd76a56adeb31aaeb071c1426041fd5',
  'records/v1/2026/11/08/17/signin-console-mfa/ae209eeddbff77654a87bf94b62d2299.json': 'fb99de2257a18e869b7f33504fcf65d1019a95b1c8075c25680a4771641fb4ad',
  'records/v1/2026/11/08/17/vpc-default-sg-closed/a87fdddd667cfc403e39063a60acbd05.json': '068cedb59755a961d0a20825ec5173b47c558c7fb59061f7961c96a50a7ba1d6',
  'records/v1/2026/11/08/18/rds-instance-not-public/0c52968a90be0ef1328fba30463dbc02.json': '9fefdcee00374a72428f132d40218d54ad5f95ec544e30388ce190cad32d365e',
  'records/v1/2026/11/08/18/rds-instance-storage-encrypted/ab6dbf6ac487fe62290f5e8cc2366882.json': 'b0a08d0520df44a96e91cda63ffe7a71eddbd1cb04b9241925bdd236f110263f',
  'seals/v1/2026/11/08/00000000.json': 'ecb7edce184d454c95bd806241ef2f4e9e4a9eb351f2333e8ac49184aba8a0d5',
  'seals/v1/2026/11/08/00000001.json': '4ee812968761d9a858fec3d4190f48578f15d55c93b1cd9a7e3d1db982a3371b',
  'signing-key.pub.pem': '23d5c4ef7d445a861d2b5a24546b24dd2a728b651bf67dc8101061c5b096ab80',
};
const RECORD_KEYS = Object.keys(PINNED_SHA256).filter((key) => key.startsWith('records/'));

/** Store-relative paths (always with `/`) of every file under `dir`. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/')).sort();
}

async function goldenRecord(key: string): Promise<EvidenceRecord> {
  return JSON.parse(await readFile(join(GOLDEN, key), 'utf8')) as EvidenceRecord;
}

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('golden evidence (test/fixtures/golden/v1): what trailproof once signed verifies forever', () => {
  it('holds exactly the committed files, each byte for byte as pinned', async () => {
    // Prepare
    const files = await filesUnder(GOLDEN);
    // Act
    const hashes = Object.fromEntries(await Promise.all(files.map(async (f) => [f, createHash('sha256').update(await readFile(join(GOLDEN, f))).digest('hex')] as const)));
    // Assess
    expect(hashes).toEqual(PINNED_SHA256);
  });

  it('covers every result, several checks and families, and batches with real audit paths', async () => {
    // Prepare
    const records = await Promise.all(RECORD_KEYS.map(goldenRecord));
    // Act
    const results = new Set(records.map((r) => r.result));
    const checks = new Set(records.map((r) => r.check.id));
    const families = new Set(records.map((r) => r.check.family));
    const treeSizes = new Set(records.map((r) => r.integrity.batch.treeSize));
    // Assess
    expect([...results].sort()).toEqual(['error', 'fail', 'not_applicable', 'pass']);
    expect(checks.size).toBe(8);
    expect(families.size).toBeGreaterThanOrEqual(3);
    expect([...treeSizes].sort()).toEqual([1, 2, 3, 5]);
    expect(records.every((r) => r.integrity.batch.keyId === KEY_ID)).toBe(true);
  });

  it('verifies completely with the committed public key: every record and the seal chain', async () => {
    // Prepare
    const publicPem = await readFile(PUBLIC_KEY, 'utf8');
    // Act
    const report = await verifyStore(new DirectoryStore(GOLDEN), { publicKeys: [publicPem] }, { seals: 'require' });
    // Assess
    expect(report).toMatchObject({ checked: 11, ok: 11, failures: [], objects: 11, duplicates: 0, keyIds: [KEY_ID] });
    expect(report.seals).toEqual({ checked: 2, ok: 2, failures: [] });
    expect(report.warnings).toEqual([]);
  });

  it('`trailproof verify --json` exits 0 on it', async () => {
    // Prepare
    const args = [join(REPO, 'lib/cli/main.ts'), 'verify', '--store', GOLDEN, '--public-key', PUBLIC_KEY, '--require-seals', '--json'];
    // Act (execFile rejects on a non-zero exit, which fails the test with the CLI's output)
    const { stdout } = await run(process.execPath, args, { maxBuffer: 1 << 24 });
    // Assess
    const output = JSON.parse(stdout) as { checked: number; ok: number; failures: unknown[]; seals: { checked: number; failures: unknown[] } };
    expect(output).toMatchObject({ checked: 11, ok: 11, failures: [], seals: { checked: 2, ok: 2, failures: [] } });
  });

  it('probe: one flipped byte in one record copy fails verification of that record', async () => {
    // Prepare: a copy of the store; flip the case of the first letter of one record's reason,
    // which keeps the JSON valid, so only the integrity checks can notice.
    const copy = await mkdtemp(join(tmpdir(), 'tp-golden-'));
    temps.push(copy);
    await cp(GOLDEN, copy, { recursive: true });
    const key = 'records/v1/2026/11/08/17/signin-console-mfa/22da08a78eb710115e583c582fd7fe79.json';
    const bytes = await readFile(join(copy, key));
    const offset = bytes.indexOf('"reason": "') + '"reason": "'.length;
    bytes[offset]! ^= 0x20;
    await writeFile(join(copy, key), bytes);
    const publicPem = await readFile(PUBLIC_KEY, 'utf8');
    // Act
    const report = await verifyStore(new DirectoryStore(copy), { publicKeys: [publicPem] }, { seals: 'require' });
    // Assess
    expect(report.ok).toBe(10);
    expect(report.failures.map((f) => f.key)).toContain(key);
  });
});
