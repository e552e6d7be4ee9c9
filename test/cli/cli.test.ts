import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { REPO, trailproof } from '../fixtures/cli.ts';
import type { VerificationProblem } from '../../lib/evidence/verification-codes.ts';

const STEP = join(REPO, 'lib/cli/demo/clinic/05-ssh-open-to-internet');
const run = promisify(execFile);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('trailproof CLI (the flags and exit codes are a contract)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailproof-cli-'));
  });

  it('keygen writes a private key only its owner can read, and a public key', async () => {
    const result = await trailproof('keygen', '--out', join(dir, 'keys'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/key id:\s+sha256:[0-9a-f]{64}/);
    expect((await stat(join(dir, 'keys/signing-key.pem'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'keys/signing-key.pub.pem'), 'utf8')).toMatch(/BEGIN PUBLIC KEY/);
  });

  it('collect exits 0 when every input is processed, and verify and list read it back', async () => {
    const store = join(dir, 'ok-store');
    const collected = await trailproof('collect', '--events', join(STEP, 'events'), '--responses', join(STEP, 'responses.json'), '--store', store, '--key', join(dir, 'keys/signing-key.pem'));
    expect(collected.code).toBe(0);
    expect(collected.stdout).toMatch(/ec2-sg-no-public-admin-ports\s+0\s+1\s+0\s+0/);

    const verified = await trailproof('verify', '--store', store, '--public-key', join(dir, 'keys/signing-key.pub.pem'));
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/3 records checked, 3 verified, 0 failed/);

    const listed = await trailproof('list', '--store', store, '--result', 'fail', '--json');
    const records = JSON.parse(listed.stdout) as EvidenceRecord[];
    expect(records.map((r) => [r.check.id, r.resource.id])).toEqual([['ec2-sg-no-public-admin-ports', 'sg-0e1a2b3c4d5e6f789']]);
  });

  it('collect exits 2 when some inputs are invalid, naming each with its reason, and still records the rest', async () => {
    const events = join(dir, 'mixed');
    await run('cp', ['-r', join(STEP, 'events'), events]);
    await writeFile(join(events, 'broken.json'), '{"Records": [ {"eventName": "AuthorizeSecurityGroupIngress"} ]}');
    const store = join(dir, 'mixed-store');
    const result = await trailproof('collect', '--events', events, '--responses', join(STEP, 'responses.json'), '--store', store, '--key', join(dir, 'keys/signing-key.pem'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid: .*broken\.json.*Records\[0\]\.\w+/);
    expect((await filesUnder(join(store, 'records'))).length).toBe(3);
  });

  it('collect exits 1 on a fatal error (a key that is not a key)', async () => {
    await writeFile(join(dir, 'not-a-key.pem'), 'hello');
    const result = await trailproof('collect', '--events', join(STEP, 'events'), '--store', join(dir, 'x'), '--key', join(dir, 'not-a-key.pem'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a PEM private key/);
  });

  it('verify exits 2 and names the record and its object when evidence was changed, and rejects a key it was not given', async () => {
    const store = join(dir, 'ok-store');
    const [object] = (await filesUnder(join(store, 'records'))).sort();
    const text = await readFile(object!, 'utf8');
    await chmod(object!, 0o644);
    await writeFile(object!, text.replace(/"result":"(pass|fail|not_applicable)"/, '"result":"error"'));

    const tampered = await trailproof('verify', '--store', store, '--public-key', join(dir, 'keys/signing-key.pub.pem'), '--json');
    expect(tampered.code).toBe(2);
    const report = JSON.parse(tampered.stdout) as { failures: Array<{ key: string; errors: VerificationProblem[] }> };
    const key = object!.slice(store.length + 1);
    expect(Object.fromEntries(report.failures.map((f) => [f.key, f.errors.map((e) => e.code)]))).toEqual({
      [`${key}#1`]: ['LEAF_HASH_MISMATCH'],
      [key]: ['OBJECT_SHA256_MISMATCH', 'OBJECT_ROOT_MISMATCH'],
    });

    await trailproof('keygen', '--out', join(dir, 'other'));
    const unpinned = await trailproof('verify', '--store', store, '--public-key', join(dir, 'other/signing-key.pub.pem'));
    expect(unpinned.code).toBe(2);
    expect(unpinned.stdout).toMatch(/\[KEY_NOT_PINNED\]/);
  });

  it('collect refuses to run with neither events nor a sweep', async () => {
    const result = await trailproof('collect', '--store', join(dir, 'y'), '--key', join(dir, 'keys/signing-key.pem'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--events PATH\.\.\. or --sweep/);
  });

  it('collect --sweep writes a baseline from recorded responses', async () => {
    const store = join(dir, 'sweep-store');
    const result = await trailproof('collect', '--sweep', '--responses', join(REPO, 'lib/cli/demo/clinic/08-audit-trail-restarted/responses.json'), '--store', store, '--key', join(dir, 'keys/signing-key.pem'), '--json');
    const summary = JSON.parse(result.stdout) as { byCheck: Record<string, Record<string, number>> };
    expect(summary.byCheck['cloudtrail-multi-region-enabled']).toEqual({ pass: 1 });
    // Every other check of the sweep still says something: reads with no recorded answer are `error`, never silence.
    expect(Object.keys(summary.byCheck).length).toBeGreaterThan(10);
  });
});

describe('trailproof demo', () => {
  it('runs the clinic scenario: violations and their fixes, all verified, with a report', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'trailproof-demo-')), 'demo');
    const result = await trailproof('demo', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/verify: (\d+) of \1 records verified, 0 failed/);
    for (const check of ['iam-user-console-mfa', 'ec2-sg-no-public-admin-ports', 's3-bucket-default-encryption', 'cloudtrail-multi-region-enabled']) {
      // each has at least one violation and its fix
      expect(result.stdout).toMatch(new RegExp(`${check}\\s+[1-9]\\d*\\s+[1-9]\\d*\\s+\\d+\\s+0`));
    }
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/<!doctype html>/i);

    // run again into the same place: the previous demo is replaced, not mixed in
    expect((await trailproof('demo', '--out', out)).code).toBe(0);
  }, 60_000);

  it('never deletes a directory that is not a previous demo', async () => {
    const out = await mkdtemp(join(tmpdir(), 'trailproof-precious-'));
    await writeFile(join(out, 'thesis.txt'), 'precious');
    const result = await trailproof('demo', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a previous demo/);
    expect(await readFile(join(out, 'thesis.txt'), 'utf8')).toBe('precious');
  });
});
