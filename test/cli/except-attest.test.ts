import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerAttest } from '../../lib/cli/commands/attest.ts';
import { registerExcept } from '../../lib/cli/commands/except.ts';
import { allMetadata } from '../../lib/checks/registry.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { generateKeyPair } from '../../lib/evidence/keys.ts';
import { runInProcess } from '../fixtures/cli.ts';

/** The audit workflow's two writing commands: what they write, and that bad input writes nothing. */

let dir: string;
let keyPath: string;
let publicPem: string;
const check = allMetadata()[0]!.id;
const register = (program: Parameters<typeof registerExcept>[0]) => {
  registerExcept(program);
  registerAttest(program);
};

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(path.length + 1)).sort();
}

/** Bad input: exit 2, the message naming the field and its code, and nothing in the store. */
async function expectRefused(result: { code: number; stderr: string }, store: string, naming: string, code: string): Promise<void> {
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(naming);
  expect(result.stderr).toContain(`[${code}]; nothing was written`);
  expect(await filesUnder(store)).toEqual([]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailproof-except-'));
  const pair = generateKeyPair();
  keyPath = join(dir, 'key.pem');
  publicPem = pair.publicPem;
  await writeFile(keyPath, pair.privatePem, { mode: 0o600 });
});

const exceptArgs = (store: string, ...extra: string[]) => [
  'except', '--store', store, '--key', keyPath, '--check', check, '--resource', 'sg-0e1a2b3c4d5e6f789',
  '--reason', 'vendor bastion behind its own allow-list', '--approver', 'ciso@clinic.example', '--expires', '2099-01-01T00:00:00Z', ...extra,
];

describe('trailproof except', () => {
  it('writes one signed exception, and --revoke ends it with a signed revocation; both verify', async () => {
    // Prepare
    const store = join(dir, 'store-ok');
    // Act
    const written = await runInProcess(register, ...exceptArgs(store, '--kind', 'compensating-control', '--ticket', 'RISK-7', '--json'));
    const { document } = JSON.parse(written.stdout) as { document: { id: string; kind: string; ticket: string } };
    const revoked = await runInProcess(register, 'except', '--store', store, '--key', keyPath, '--revoke', document.id, '--reason', 'bastion removed');
    const again = await runInProcess(register, 'except', '--store', store, '--key', keyPath, '--revoke', document.id);
    // Assess
    expect(written.code).toBe(0);
    expect(document).toMatchObject({ kind: 'compensating-control', ticket: 'RISK-7' });
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.stdout).toMatch(new RegExp(`revoked exception ${document.id}`));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--revoke: .*already revoked.*\[INVALID_VALUE\]; nothing was written/);
    expect((await filesUnder(store)).filter((f) => f.startsWith('exceptions/'))).toHaveLength(2);
    const report = await verifyStore(new DirectoryStore(store), { publicKeys: [publicPem] }, { seals: 'skip' });
    expect(report).toMatchObject({ checked: 2, ok: 2, failures: [] });
  });

  it.each([
    ['an unknown check', ['--check', 'no-such-check'], '--check', 'INVALID_VALUE'],
    ['an expiry in the past', ['--expires', '2020-01-01T00:00:00Z'], '--expires', 'INVALID_VALUE'],
    ['an empty resource', ['--resource', ''], '--resource', 'MISSING_FIELD'],
    ['an empty approver', ['--approver', ' '], '--approver', 'MISSING_FIELD'],
  ])('refuses %s with exit 2, naming the field, and writes nothing', async (_, change, field, code) => {
    const store = join(dir, `store-bad-${field}-${code}`);

    const result = await runInProcess(register, ...exceptArgs(store, ...change));

    await expectRefused(result, store, `trailproof except: ${field}: `, code);
  });

  it('refuses a missing approver flag as a missing field, and a revocation of an exception that does not exist', async () => {
    const store = join(dir, 'store-missing');
    const args = exceptArgs(store);
    args.splice(args.indexOf('--approver'), 2);

    const missing = await runInProcess(register, ...args);
    const unknown = await runInProcess(register, 'except', '--store', store, '--key', keyPath, '--revoke', '0'.repeat(32));

    expect([missing.code, unknown.code]).toEqual([2, 2]);
    expect(missing.stderr).toMatch(/--approver: is required.*\[MISSING_FIELD\]/);
    expect(unknown.stderr).toMatch(/--revoke: .*no exception/);
    expect(await filesUnder(store)).toEqual([]);
  });
});

describe('trailproof attest', () => {
  it('signs the file\'s SHA-256 into the attestation and stores the file by it', async () => {
    // Prepare
    const store = join(dir, 'attest-ok');
    const file = join(dir, 'pentest-2026.txt');
    await writeFile(file, 'External penetration test, November 2026: no critical findings.\n');
    // Act
    const result = await runInProcess(register, 'attest', '--store', store, '--key', keyPath, '--citation', '164.312(h)(2)(iii)', '--statement', 'Annual penetration test done, findings remediated', '--by', 'qsa@assessor.example', '--file', file, '--expires', '2099-01-01T00:00:00Z', '--json');
    // Assess
    expect(result.code).toBe(0);
    const { document, attachment } = JSON.parse(result.stdout) as { document: { citation: object; attachment: { sha256: string; name: string } }; attachment: string };
    expect(document.citation).toEqual({ rule: 'proposed', id: '164.312(h)(2)(iii)' });
    expect(attachment).toBe(`attachments/sha256/${document.attachment.sha256}`);
    expect(document.attachment.name).toBe('pentest-2026.txt');
    expect(await filesUnder(store)).toEqual(expect.arrayContaining([attachment, expect.stringMatching(/^attestations\/v2\//)]));
    expect(await verifyStore(new DirectoryStore(store), { publicKeys: [publicPem] }, { seals: 'skip' })).toMatchObject({ checked: 1, ok: 1, failures: [] });
  });

  it.each([
    ['an unreadable file', ['--file', '/nonexistent/report.pdf'], '--file', 'UNREADABLE'],
    ['a citation neither rule holds', ['--citation', '164.312(z)'], '--citation', 'INVALID_VALUE'],
    ['a citation of both rules without --rule', ['--citation', '164.312(a)(2)(i)'], '--rule', 'MISSING_FIELD'],
    ['an expiry in the past', ['--expires', '2001-01-01T00:00:00Z'], '--expires', 'INVALID_VALUE'],
  ])('refuses %s with exit 2, naming the field, and writes nothing', async (_, change, field, code) => {
    const store = join(dir, `attest-bad-${code}-${field}`);
    const args = ['attest', '--store', store, '--key', keyPath, '--citation', '164.312(h)(2)(iii)', '--statement', 's', '--by', 'b'];
    const at = args.indexOf(change[0]!);
    if (at >= 0) args.splice(at, 2);

    const result = await runInProcess(register, ...args, ...change);

    await expectRefused(result, store, `trailproof attest: ${field}: `, code);
  });
});
