import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerExport } from '../../lib/cli/commands/export.ts';
import { registerSeal } from '../../lib/cli/commands/seal.ts';
import { registerVerify } from '../../lib/cli/commands/verify.ts';
import { main } from '../../lib/cli/main.ts';
import { generateKeyPair } from '../../lib/evidence/keys.ts';
import type { KeyFailure } from '../../lib/verify/types.ts';
import { codesByKey } from '../fixtures/verification.ts';

/**
 * The auditor's side end to end against a real S3 server with Object Lock (Ceph radosgw on
 * loopback, scripts/rgw-up.sh; .ci/run starts it): collect the clinic demo into an Object Lock
 * bucket, seal, verify from S3, copy the bucket down with an independent client (Debian's AWS CLI)
 * and verify offline, export an audit package of the period from S3 and verify it offline, then
 * attack with the same CLI: an overwrite (a new version), a delete (a delete marker) and a delete
 * of a locked version (refused). All on the v2 layout: records/v2 objects and seals/v2 seals. radosgw ignores IfNoneMatch on
 * versioned buckets (shared notes/real-s3.md), so nothing here relies on create-only puts.
 */
const endpoint = process.env.TRAILPROOF_S3_ENDPOINT;
const AWS_CLI = '/usr/bin/aws';
const title = endpoint
  ? `auditor's side on a real S3 server at ${endpoint}`
  : "auditor's side on a real S3 server (skipped: run scripts/rgw-up.sh, then set TRAILPROOF_S3_ENDPOINT=http://127.0.0.1:7480)";
const SCENARIO = fileURLToPath(new URL('../../lib/cli/demo/clinic/', import.meta.url));
// Test-only keys of the loopback gateway scripts/rgw-up.sh creates.
const credentials = {
  accessKeyId: process.env.TRAILPROOF_S3_ACCESS_KEY ?? 'AKIATESTTESTTEST0001',
  secretAccessKey: process.env.TRAILPROOF_S3_SECRET_KEY ?? 'testsecrettestsecrettestsecret0001',
};

/** Runs trailproof subcommands in process, capturing stdout/stderr and the exit code. */
async function trailproof(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = undefined;
  let code: number;
  try {
    if (argv[0] === 'collect') {
      code = await main(argv);
    } else {
      // seal, verify and export as the integrator wires them into main (registerSeal, registerVerify, registerExport).
      const program = new Command('trailproof').exitOverride();
      registerSeal(program);
      registerVerify(program);
      registerExport(program);
      await program.parseAsync(argv, { from: 'user' });
      code = Number(process.exitCode ?? 0);
    }
  } catch (error) {
    stderr += (error as Error).message;
    code = 1;
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
  return { code, stdout, stderr };
}

/** Debian's AWS CLI against the loopback endpoint, as an attacker or an auditor would use it. */
function aws(args: string[]) {
  return spawnSync(AWS_CLI, [...args, '--endpoint-url', endpoint!], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_PAGER: '' },
  });
}

describe.skipIf(!endpoint)(title, () => {
  const bucket = `trailproof-e2e-${Date.now().toString(36)}-${process.pid}`;
  const store = `s3://${bucket}`;
  const dir = mkdtempSync(join(tmpdir(), 'tp-e2e-'));
  const keyPath = join(dir, 'signing-key.pem');
  const pubPath = join(dir, 'signing-key.pub.pem');
  const savedEnv = { ...process.env };
  const verifyS3 = () => trailproof(['verify', '--store', store, '--public-key', pubPath, '--json', '--lock-mode', 'COMPLIANCE', '--min-retention-days', '2192']);
  const startedAt = Date.now();
  let sealedKeys: string[] = [];
  /** What verify found on S3 before any attack: records and objects. */
  const onS3 = { records: 0, objects: 0 };

  beforeAll(async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' });
    const { privatePem, publicPem } = generateKeyPair();
    writeFileSync(keyPath, privatePem);
    writeFileSync(pubPath, publicPem);
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
    await client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    // A short bucket default; trailproof's own puts ask for 2192 days each (the policy verified below).
    await client.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } } } }));
  });
  afterAll(() => {
    process.env = savedEnv;
    rmSync(dir, { recursive: true, force: true });
  });

  it('collects the clinic scenario into the Object Lock bucket and seals it', async () => {
    // Act
    // The event steps of the scenario (the later steps sweep, except and attest through their own commands).
    for (const step of readdirSync(SCENARIO).filter((s) => /^\d+-/.test(s) && existsSync(join(SCENARIO, s, 'events'))).sort()) {
      const collected = await trailproof(['collect', '--events', join(SCENARIO, step, 'events'), '--responses', join(SCENARIO, step, 'responses.json'), '--store', store, '--key', keyPath]);
      expect(collected.code, `${step}: ${collected.stderr}`).toBe(0);
    }
    // Records are in the current hour: --through now seals it too (nothing more is written to it here).
    const sealed = await trailproof(['seal', '--store', store, '--key', keyPath, '--through', 'now']);
    // Assess
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).toMatch(/^sealed seals\/v2\/\d{4}\/\d{2}\/\d{2}\/00000000\.json: .* \d+ records in \d+ objects$/m);
    sealedKeys = [...sealed.stdout.matchAll(/^sealed (\S+):/gm)].map((m) => m[1]!);
  });

  it('verifies from S3 with the lock policy: every object sealed, COMPLIANCE, 2192 days, one version', async () => {
    // Act
    const verified = await verifyS3();
    // Assess
    expect(verified.code, verified.stdout).toBe(0);
    const report = JSON.parse(verified.stdout);
    expect(report).toMatchObject({ failures: [], lockChecked: true, seals: { checked: sealedKeys.length, ok: sealedKeys.length, failures: [] }, warnings: [] });
    expect(report.checked).toBeGreaterThan(10);
    expect(report.ok).toBe(report.checked);
    // One object per signed batch of one check, account and region: fewer objects than records.
    expect(report.objects).toBeLessThan(report.checked);
    Object.assign(onS3, { records: report.checked, objects: report.objects });
  });

  it('verifies a copy made with the AWS CLI offline', async () => {
    // Prepare
    const copy = join(dir, 'copy');
    const synced = aws(['s3', 'sync', `s3://${bucket}`, copy, '--only-show-errors']);
    expect(synced.status, synced.stderr).toBe(0);
    // Act
    const verified = await trailproof(['verify', '--store', copy, '--public-key', pubPath, '--json']);
    // Assess
    expect(verified.code, verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ failures: [], lockChecked: false, seals: { checked: sealedKeys.length, failures: [] } });
  });

  it('exports an audit package of the period from S3 (v2 objects, v2 seals, keys, report, manifest) that verifies offline', async () => {
    // Prepare: the hours this run wrote, and one either side
    const out = join(dir, 'package');
    const HOUR = 3_600_000;
    const from = new Date(Math.floor(startedAt / HOUR) * HOUR - HOUR).toISOString();
    const to = new Date(Math.floor(Date.now() / HOUR) * HOUR + 2 * HOUR).toISOString();
    // Act
    const exported = await trailproof(['export', '--store', store, '--public-key', pubPath, '--from', from, '--to', to, '--out', out]);
    const verified = await trailproof(['verify', '--store', out, '--public-key', pubPath, '--json']);
    // Assess: the same bytes under the same keys as on S3, nothing of the old layout
    expect(exported.code, exported.stderr).toBe(0);
    const files = readdirSync(out, { recursive: true }).map((path) => String(path).split(sep).join('/'));
    expect(files.filter((path) => /^records\/v2\/.+\.jsonl$/.test(path))).toHaveLength(onS3.objects);
    expect(files.filter((path) => /^seals\/v2\/.+\.json$/.test(path)).sort()).toEqual([...sealedKeys].sort());
    expect(files.filter((path) => /^(records|seals)\/v1\//.test(path))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['manifest.json', 'report.html', expect.stringMatching(/^keys\/sha256-[0-9a-f]{64}\.pem$/)]));
    expect(verified.code, verified.stdout).toBe(0);
    const report = JSON.parse(verified.stdout);
    expect(report).toMatchObject({ failures: [], checked: onS3.records, ok: onS3.records, objects: onS3.objects, seals: { checked: sealedKeys.length, ok: sealedKeys.length, failures: [] }, manifest: { failures: [] } });
    expect(report.manifest.ok).toBe(report.manifest.checked);
  });

  it('a locked record keeps its retention: it cannot be shortened or switched to GOVERNANCE, bypass or not', async () => {
    // Prepare: the last sealed record (the attack below uses the first two)
    const listed = aws(['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'records/', '--query', 'Contents[].Key', '--output', 'json']);
    const key = (JSON.parse(listed.stdout) as string[]).at(-1)!;
    const retention = () => JSON.parse(aws(['s3api', 'get-object-retention', '--bucket', bucket, '--key', key, '--output', 'json']).stdout).Retention as { Mode: string; RetainUntilDate: string };
    const before = retention();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    // Act: the attacker's attempts, each refused by Object Lock itself (no bucket policy on radosgw here)
    const shorten = aws(['s3api', 'put-object-retention', '--bucket', bucket, '--key', key, '--retention', `Mode=COMPLIANCE,RetainUntilDate=${tomorrow}`]);
    const bypass = aws(['s3api', 'put-object-retention', '--bucket', bucket, '--key', key, '--retention', `Mode=COMPLIANCE,RetainUntilDate=${tomorrow}`, '--bypass-governance-retention']);
    const governance = aws(['s3api', 'put-object-retention', '--bucket', bucket, '--key', key, '--retention', `Mode=GOVERNANCE,RetainUntilDate=${before.RetainUntilDate}`, '--bypass-governance-retention']);
    // Assess
    for (const attempt of [shorten, bypass, governance]) {
      expect(attempt.status, attempt.stdout).not.toBe(0);
      expect(attempt.stderr).toMatch(/AccessDenied/);
    }
    expect(retention()).toEqual(before);
    expect(before.Mode).toBe('COMPLIANCE');
    expect(Date.parse(before.RetainUntilDate) - Date.now()).toBeGreaterThan(2191 * 86_400_000);
  });

  it('reports an overwrite and a delete made with the AWS CLI; a locked version cannot be deleted', async () => {
    // Prepare: two sealed objects; the first line of one is edited (the others left as they were)
    const listed = aws(['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'records/v2/', '--query', 'Contents[].Key', '--output', 'json']);
    const [overwritten, deleted] = JSON.parse(listed.stdout) as string[];
    const forged = join(dir, 'forged.jsonl');
    const [first, ...rest] = aws(['s3', 'cp', `s3://${bucket}/${overwritten}`, '-']).stdout.split('\n');
    writeFileSync(forged, [JSON.stringify({ ...JSON.parse(first!), result: 'pass', reason: 'all good' }), ...rest].join('\n'));
    // Act: the attacker's three attempts
    const cp = aws(['s3', 'cp', forged, `s3://${bucket}/${overwritten}`]);
    const rm = aws(['s3', 'rm', `s3://${bucket}/${deleted}`]);
    const versions = JSON.parse(aws(['s3api', 'list-object-versions', '--bucket', bucket, '--prefix', deleted!, '--output', 'json']).stdout) as { Versions: Array<{ Key: string; VersionId: string }> };
    const lockedVersion = versions.Versions.find((v) => v.Key === deleted)!.VersionId;
    const purge = aws(['s3api', 'delete-object', '--bucket', bucket, '--key', deleted!, '--version-id', lockedVersion]);
    const verified = await verifyS3();
    // Assess
    expect(cp.status, cp.stderr).toBe(0);
    expect(rm.status, rm.stderr).toBe(0);
    expect(purge.status).not.toBe(0);
    expect(purge.stderr).toMatch(/AccessDenied/);
    expect(verified.code).toBe(2);
    const failures = codesByKey(JSON.parse(verified.stdout).failures as KeyFailure[]);
    expect(failures[`${overwritten}#1`]).toEqual(['LEAF_HASH_MISMATCH']);
    expect(failures[overwritten!]).toEqual(expect.arrayContaining(['OBJECT_SHA256_MISMATCH', 'OBJECT_ROOT_MISMATCH', 'OVERWRITE_ATTEMPTED', 'SEALED_OBJECT_CHANGED']));
    // Seen twice over: the version listing finds the delete marker, the seal lists what is gone.
    expect(failures[deleted!]).toEqual(['RECORD_DELETED', 'SEALED_OBJECT_DELETED']);
  });
});
