import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { floorHour } from '../../lib/util/time.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { runSealVerifyExport } from '../fixtures/cli.ts';
import { downTsaUrl, hasOpenssl, startLocalTsa, type LocalTsa } from '../fixtures/tsa/local-tsa.ts';
import { writeObject } from '../seal/helpers.ts';

const HOUR = 3_600_000;
const root = mkdtempSync(join(tmpdir(), 'tp-tsa-cli-'));
const keys = freshSigner();
const keyPath = join(root, 'signing-key.pem');
const pubPath = join(root, 'signing-key.pub.pem');
/** Hours that are closed whatever the minute now, as `trailproof seal` runs on the real clock. */
const base = floorHour(new Date(Date.now() - 4 * HOUR));

const run = runSealVerifyExport;

/** A new store directory with objects in two closed hours. */
async function newStore(name: string): Promise<string> {
  const dir = join(root, name);
  const store = new DirectoryStore(dir);
  await writeObject(store, keys.signer, new Date(base.getTime() + 10 * 60_000).toISOString(), 3);
  await writeObject(store, keys.signer, new Date(base.getTime() + 2 * HOUR + 5 * 60_000).toISOString(), 2);
  return dir;
}

const tokensIn = (dir: string) => (readdirSync(join(dir, 'seals'), { recursive: true }) as string[]).filter((f) => f.endsWith('.tsr')).sort();

beforeAll(() => {
  writeFileSync(keyPath, keys.privatePem);
  writeFileSync(pubPath, keys.publicPem);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('trailproof seal --tsa and verify --tsa-ca', () => {
  it('refuses a TSA URL that is not http(s) before sealing anything', async () => {
    // Prepare
    const dir = await newStore('bad-url');
    // Act
    const sealed = await run('seal', '--store', dir, '--key', keyPath, '--tsa', 'ftp://tsa.example/tsr');
    // Assess
    expect(sealed.code).toBe(1);
    expect(sealed.stderr).toMatch(/TSA URL must be http\(s\)/);
    expect(existsSync(join(dir, 'seals'))).toBe(false);
  });

  it('refuses --require-timestamps without --tsa-ca: a token is worth requiring only when it is checked', async () => {
    // Prepare
    const dir = await newStore('require-without-ca');
    await run('seal', '--store', dir, '--key', keyPath);
    // Act
    const verified = await run('verify', '--store', dir, '--public-key', pubPath, '--require-timestamps');
    // Assess
    expect(verified.code).toBe(1);
    expect(verified.stderr).toMatch(/--require-timestamps needs --tsa-ca/);
  });
});

describe.skipIf(!hasOpenssl)('trailproof seal --tsa and verify --tsa-ca against a loopback TSA', () => {
  let tsa: LocalTsa;
  beforeAll(async () => {
    tsa = await startLocalTsa();
  });
  afterAll(() => tsa?.close());

  it('stamps every new seal; verify --tsa-ca --require-timestamps passes (exit 0); the export carries the tokens and verifies the same', async () => {
    // Prepare
    const dir = await newStore('stamped');
    const out = join(root, 'stamped-package');
    // Act
    const sealed = await run('seal', '--store', dir, '--key', keyPath, '--tsa', tsa.url);
    const verified = await run('verify', '--store', dir, '--public-key', pubPath, '--tsa-ca', tsa.pki.caFile, '--require-timestamps', '--json');
    const exported = await run('export', '--store', dir, '--public-key', pubPath, '--from', base.toISOString(), '--to', new Date(base.getTime() + 3 * HOUR).toISOString(), '--out', out);
    const packaged = await run('verify', '--store', out, '--public-key', pubPath, '--tsa-ca', tsa.pki.caFile, '--require-timestamps', '--json');
    // Assess
    expect(sealed.code).toBe(0);
    const seals = [...sealed.stdout.matchAll(/^sealed (seals\/\S+\.json):/gm)].map((m) => m[1]);
    expect(sealed.stdout.match(/^time-stamped (\S+)$/gm)?.sort()).toEqual(seals.map((s) => `time-stamped ${s}.tsr`).sort());
    expect(sealed.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ failures: [], seals: { failures: [] } });
    expect(exported.stdout).toMatch(/3 seals \(3 time-stamped\)/);
    expect(tokensIn(out)).toHaveLength(3);
    expect(packaged.code).toBe(0);
    expect(JSON.parse(packaged.stdout)).toMatchObject({ failures: [], seals: { checked: 3, ok: 3, failures: [] }, manifest: { failures: [] } });
  });

  it('a tampered token makes verify exit 2, naming the token and the finding (text and --json)', async () => {
    // Prepare
    const dir = await newStore('tampered');
    await run('seal', '--store', dir, '--key', keyPath, '--tsa', tsa.url);
    const token = join(dir, 'seals', tokensIn(dir)[0]!);
    chmodSync(token, 0o644);
    writeFileSync(token, readFileSync(token).subarray(0, 100));
    // Act
    const text = await run('verify', '--store', dir, '--public-key', pubPath, '--tsa-ca', tsa.pki.caFile);
    const json = await run('verify', '--store', dir, '--public-key', pubPath, '--tsa-ca', tsa.pki.caFile, '--json');
    // Assess
    const key = `seals/${tokensIn(dir)[0]!}`;
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(new RegExp(`^FAIL ${key.replaceAll('.', '\\.')}: time-stamp token is not an RFC 3161 response .*\\[TIMESTAMP_MALFORMED\\]$`, 'm'));
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).seals.failures).toEqual([{ key, errors: [{ code: 'TIMESTAMP_MALFORMED', message: expect.stringContaining('TimeStampResp') }] }]);
  });

  it('a TSA that is down: the seals are written (exit 0, a warning), verify --require-timestamps names them, and the next seal run adds the tokens', async () => {
    // Prepare
    const dir = await newStore('tsa-down');
    // Act
    const sealed = await run('seal', '--store', dir, '--key', keyPath, '--tsa', await downTsaUrl());
    const meanwhile = await run('verify', '--store', dir, '--public-key', pubPath, '--tsa-ca', tsa.pki.caFile, '--require-timestamps', '--json');
    const later = await run('seal', '--store', dir, '--key', keyPath, '--tsa', tsa.url);
    const after = await run('verify', '--store', dir, '--public-key', pubPath, '--tsa-ca', tsa.pki.caFile, '--require-timestamps');
    // Assess
    const count = Number(/^(\d+) seal\(s\) written/m.exec(sealed.stdout)?.[1]);
    expect(sealed.code).toBe(0);
    expect(count).toBeGreaterThanOrEqual(3);
    expect(sealed.stderr).toMatch(/^warning: no time-stamp token for seals\/\S+ \[TSA_UNREACHABLE\]/m);
    expect(sealed.stderr).toMatch(new RegExp(`^warning: ${count} seal\\(s\\) still without a time-stamp token; a later seal run adds them$`, 'm'));
    expect(meanwhile.code).toBe(2);
    const missing = JSON.parse(meanwhile.stdout).seals.failures.map((f: { errors: Array<{ code: string }> }) => f.errors.map((e) => e.code));
    expect(missing).toEqual(Array.from({ length: count }, () => ['TIMESTAMP_MISSING']));
    expect(later.stdout).toMatch(/^0 seal\(s\) written/m);
    expect(later.stdout.match(/^time-stamped /gm)).toHaveLength(count);
    expect(after.code).toBe(0);
  });
});
