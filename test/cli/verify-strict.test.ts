import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerVerify } from '../../lib/cli/commands/verify.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { publishPublicKey } from '../../lib/store/publish-key.ts';
import { floorHour } from '../../lib/util/time.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { runInProcess } from '../fixtures/cli.ts';
import { writeObject } from '../seal/helpers.ts';

/** `trailproof verify`'s strict options on the real clock: the seal grace, the clock skew, and text that cannot drive a terminal. */

const HOUR = 3_600_000;
const root = mkdtempSync(join(tmpdir(), 'tp-verify-strict-'));
const keys = freshSigner();
const pubPath = join(root, 'signing-key.pub.pem');
/** An hour that closed between 4 and 5 hours ago, whatever the minute now. */
const closed = floorHour(new Date(Date.now() - 5 * HOUR));

function storeDir(name: string): string {
  return join(root, name);
}

const verify = (name: string, ...flags: string[]) => runInProcess(registerVerify, 'verify', '--store', storeDir(name), '--public-key', pubPath, ...flags);

beforeAll(async () => {
  writeFileSync(pubPath, keys.publicPem);
  const unsealed = new DirectoryStore(storeDir('unsealed'));
  await publishPublicKey(unsealed, keys.signer);
  await writeObject(unsealed, keys.signer, new Date(closed.getTime() + 10 * 60_000).toISOString(), 2);
  const ahead = new DirectoryStore(storeDir('ahead'));
  await publishPublicKey(ahead, keys.signer);
  await writeObject(ahead, keys.signer, new Date(Date.now() + 10 * 60_000).toISOString(), 1);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('trailproof verify: seal grace and clock skew', () => {
  it('fails an hour closed longer than the seal grace without a seal (no seals at all: NO_SEALS too), and --seal-grace moves that line', async () => {
    // Act
    const strict = await verify('unsealed', '--json');
    const lenient = await verify('unsealed', '--seal-grace', '6h', '--json');
    // Assess
    expect(strict.code).toBe(2);
    const report = JSON.parse(strict.stdout) as { failures: Array<{ errors: Array<{ code: string }> }>; seals: { failures: Array<{ key: string; errors: Array<{ code: string }> }> } };
    expect(report.failures.map((f) => f.errors.map((e) => e.code))).toEqual([['SEAL_OVERDUE']]);
    expect(report.seals.failures).toEqual([{ key: 'seals/', errors: [expect.objectContaining({ code: 'NO_SEALS' })] }]);
    expect(lenient.code).toBe(0);
  });

  it('fails dates later than its clock plus the skew, and --clock-skew moves that line', async () => {
    // Act
    const strict = await verify('ahead', '--json');
    const lenient = await verify('ahead', '--clock-skew', '15m');
    // Assess
    expect(strict.code).toBe(2);
    expect(strict.stdout).toContain('"DATE_IN_FUTURE"');
    expect(lenient.code).toBe(0);
  });

  it('refuses a duration it cannot read, naming the flag', async () => {
    // Act
    const result = await verify('unsealed', '--seal-grace', 'soon');
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--seal-grace/);
  });
});

describe('trailproof verify: text output from evidence is inert', () => {
  it('prints a key holding terminal escapes escaped, and still verifies the rest', async () => {
    // Prepare: a file whose name would turn the terminal red and clear the line
    const dir = storeDir('escapes');
    const store = new DirectoryStore(dir);
    await publishPublicKey(store, keys.signer);
    const { bytes } = await writeObject(store, keys.signer, new Date(Date.now() - 10 * 60_000).toISOString(), 1);
    writeFileSync(join(dir, 'records/v2/\u001b[31mred\u001b[2K\r.jsonl'), bytes);
    // Act
    const result = await verify('escapes');
    // Assess
    expect(result.code).toBe(2);
    // eslint-disable-next-line no-control-regex
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(result.stdout).toContain('FAIL records/v2/\\u001b[31mred\\u001b[2K\\u000d.jsonl: key does not follow');
    expect(result.stdout).toContain('[KEY_LAYOUT_INVALID]');
  });
});
