import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signerFor } from '../../lib/cli/commands/seal.ts';
import { progressReporter } from '../../lib/cli/commands/verify.ts';
import { KmsSigner } from '../../lib/signers/kms.ts';
import { LocalKeySigner } from '../../lib/signers/local.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { publishPublicKey } from '../../lib/store/publish-key.ts';
import { floorHour } from '../../lib/util/time.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { runSealVerifyExport } from '../fixtures/cli.ts';
import { writeObject } from './helpers.ts';

const HOUR = 3_600_000;
const root = mkdtempSync(join(tmpdir(), 'tp-seal-cli-'));
const keys = freshSigner();
const keyPath = join(root, 'signing-key.pem');
const pubPath = join(root, 'signing-key.pub.pem');
const storeDir = join(root, 'store');
/** Hours that are closed (grace included) whatever the minute now, as `trailproof seal` runs on the real clock. */
const base = floorHour(new Date(Date.now() - 4 * HOUR));

/** The seal, verify and export commands, run in this process. */
const run = runSealVerifyExport;

beforeAll(async () => {
  writeFileSync(keyPath, keys.privatePem);
  writeFileSync(pubPath, keys.publicPem);
  const store = new DirectoryStore(storeDir);
  await publishPublicKey(store, keys.signer);
  await writeObject(store, keys.signer, new Date(base.getTime() + 10 * 60_000).toISOString(), 3);
  await writeObject(store, keys.signer, new Date(base.getTime() + 2 * HOUR + 5 * 60_000).toISOString(), 2);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('trailproof seal, verify and export', () => {
  it('seals a directory store with a PEM key, then verify finds every object and record in the chain (exit 0)', async () => {
    // Act
    const sealed = await run('seal', '--store', storeDir, '--key', keyPath);
    const verified = await run('verify', '--store', storeDir, '--public-key', pubPath, '--json');
    // Assess
    expect(sealed.code).toBe(0);
    expect(sealed.stdout).toMatch(/^sealed seals\/v2\/.*00000000\.json: .* 3 records in 1 objects$/m);
    const report = JSON.parse(verified.stdout);
    expect(verified.code).toBe(0);
    expect(report).toMatchObject({ checked: 5, ok: 5, failures: [], seals: { failures: [] }, warnings: [] });
    expect(report.seals.checked).toBeGreaterThanOrEqual(3);
    expect(verified.stderr).toBe('');
  });

  it('exports an audit package that verifies offline, and detects a changed or added file through the manifest', async () => {
    // Prepare
    const out = join(root, 'package');
    const from = base.toISOString();
    const to = new Date(base.getTime() + 3 * HOUR).toISOString();
    // Act
    const exported = await run('export', '--store', storeDir, '--public-key', pubPath, '--from', from, '--to', to, '--out', out);
    const clean = await run('verify', '--store', out, '--public-key', pubPath, '--json');
    // Assess
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/wrote .*: 2 record files \(v1 records, v2 objects\), 3 seals, 1 keys, report\.html, verify\.mjs, manifest\.json \(8 files\)/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ period: { from, to }, source: `dir:${storeDir}` });
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['report.html', 'verify.mjs']));
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ checked: 5, ok: 5, objects: 2, failures: [], seals: { checked: 3, ok: 3 }, manifest: { checked: 8, ok: 8, failures: [] } });

    // Prepare: the report is edited and a file slipped in
    chmodSync(join(out, 'report.html'), 0o644);
    writeFileSync(join(out, 'report.html'), '<html>all good</html>');
    writeFileSync(join(out, 'notes.txt'), 'hi');
    // Act
    const tampered = await run('verify', '--store', out, '--public-key', pubPath);
    // Assess
    expect(tampered.code).toBe(2);
    expect(tampered.stdout).toMatch(/^FAIL report\.html: .* \[PACKAGE_FILE_CHANGED\]$/m);
    expect(tampered.stdout).toMatch(/^FAIL notes\.txt: .* \[PACKAGE_FILE_UNLISTED\]$/m);
    expect(tampered.stdout).toMatch(/^manifest: 8 files listed, 7 match, 2 failed$/m);
  });

  it('refuses to export into a directory that is not empty', async () => {
    const result = await run('export', '--store', storeDir, '--public-key', pubPath, '--from', base.toISOString(), '--to', new Date().toISOString(), '--out', root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not empty; an audit package goes into a new directory/);
  });

  it('exits 2 when a seal is missing, and says why', async () => {
    // Prepare: a copy of the store without seal 1
    const copy = join(root, 'gap');
    const target = new DirectoryStore(copy);
    const source = new DirectoryStore(storeDir);
    for await (const key of source.list('')) if (!key.endsWith('/00000001.json')) await target.put(key, (await source.get(key))!);
    // Act
    const result = await run('verify', '--store', copy, '--public-key', pubPath);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^FAIL seals\/v2\/.*00000002\.json: gap in the chain: seals 1\.\.1 are missing/m);
    expect(existsSync(join(copy, 'manifest.json'))).toBe(false);
  });

  it('picks the signer from --key: a KMS ARN signs in KMS, a path reads a PEM, a foreign ARN is refused', async () => {
    expect(await signerFor('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')).toBeInstanceOf(KmsSigner);
    expect(await signerFor(keyPath)).toBeInstanceOf(LocalKeySigner);
    await expect(signerFor('arn:aws:s3:::bucket')).rejects.toThrow(/is not a KMS key ARN/);
  });
});

describe('verify progress', () => {
  it('writes plain lines without control characters when stderr is not a terminal', () => {
    // Prepare
    let text = '';
    let now = 0;
    const progress = progressReporter({ isTTY: false, write: (s: string) => (text += s) }, () => now);
    // Act
    for (let done = 1000; done <= 50_000; done += 1000) {
      now += 2_000;
      progress.update(done, 100_000, done > 40_000);
    }
    progress.end();
    // Assess
    const controls = [...text].filter((c) => c !== '\n' && (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f));
    expect(controls).toEqual([]);
    expect(text.split('\n').filter(Boolean)).toEqual(['verify: 5000 of 100000+ objects checked', 'verify: 10000 of 100000+ objects checked', 'verify: 15000 of 100000+ objects checked', 'verify: 20000 of 100000+ objects checked', 'verify: 25000 of 100000+ objects checked', 'verify: 30000 of 100000+ objects checked', 'verify: 35000 of 100000+ objects checked', 'verify: 40000 of 100000+ objects checked', 'verify: 45000 of 100000 objects checked', 'verify: 50000 of 100000 objects checked']);
  });

  it('redraws one bar in place on a terminal and clears it at the end', () => {
    let text = '';
    let now = 0;
    const progress = progressReporter({ isTTY: true, write: (s: string) => (text += s) }, () => now);
    now = 500;
    progress.update(50, 100, true);
    progress.end();
    expect(text).toBe(`\r\x1b[2Kverify [${'#'.repeat(15)}${'.'.repeat(15)}] 50 of 100 objects checked\r\x1b[2K`);
  });
});
