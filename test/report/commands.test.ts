import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerReport } from '../../lib/cli/commands/report.ts';
import { registerShow } from '../../lib/cli/commands/show.ts';
import { signBatch } from '../../lib/evidence/batch.ts';
import { generateKeyPair } from '../../lib/evidence/keys.ts';
import { LocalKeySigner } from '../../lib/signers/local.ts';
import type { EvidenceRecord, UnsignedRecord } from '../../lib/evidence/types.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { verificationProblem } from '../../lib/evidence/verification-codes.ts';
import { recordKey } from '../../lib/store/layout.ts';
import { formatRecordText } from '../../lib/report/record-text.ts';
import { makeRecord } from '../fixtures/report/records.ts';

const WRITTEN = new Date('2026-03-15T10:00:00Z');

let dir: string;
let out: string[];
let err: string[];
let signed: EvidenceRecord[];
let keys: string[];

/** Runs one command the way main.ts does, capturing its output and exit code. */
async function run(...argv: string[]): Promise<number> {
  const program = new Command('trailproof').exitOverride();
  registerReport(program);
  registerShow(program);
  process.exitCode = undefined;
  await program.parseAsync(argv, { from: 'user' });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return code;
}

beforeEach(async () => {
  // Prepare: a directory store with three signed records and the public key to pin.
  dir = await mkdtemp(join(tmpdir(), 'trailproof-report-cli-'));
  const { privatePem, publicPem } = generateKeyPair();
  await writeFile(join(dir, 'pub.pem'), publicPem);
  const unsigned = [
    makeRecord({ seed: 'c1', result: 'fail', resourceId: 'sg-1', observedAt: '2026-03-10T00:00:00Z' }),
    makeRecord({ seed: 'c2', check: 'iam-user-console-mfa', resourceId: 'alice', observedAt: '2026-03-20T00:00:00Z' }),
    makeRecord({ seed: 'c3', resourceId: 'sg-2', observedAt: '2026-04-02T00:00:00Z' }),
  ].map(({ integrity: _drop, ...rest }) => rest as UnsignedRecord);
  signed = await signBatch(unsigned, LocalKeySigner.fromPem(privatePem), WRITTEN);
  const store = new DirectoryStore(join(dir, 'store'));
  keys = [];
  for (const record of signed) {
    keys.push(recordKey(record, WRITTEN));
    await store.put(keys.at(-1)!, JSON.stringify(record, null, 2));
  }
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const common = () => ['--store', join(dir, 'store'), '--public-key', join(dir, 'pub.pem')];

describe('trailproof report', () => {
  it('writes the period report and exits 0 when every record verifies', async () => {
    const file = join(dir, 'out', 'report.csv');

    const code = await run('report', ...common(), '--from', '2026-03-01', '--to', '2026-04-01', '--format', 'csv', '--out', file);

    expect(code).toBe(0);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(out.join('')).toMatch(/2 records \(pass 1, fail 1, n\/a 0, error 0\), 1 resources failing now; 2 verified, 0 failed verification/);
  });

  it('still writes the report, marking altered records, and exits 2', async () => {
    const altered = { ...signed[0]!, reason: 'edited after signing' };
    await writeFile(join(dir, 'store', keys[0]!), JSON.stringify(altered));
    const file = join(dir, 'report.oscal.json');

    const code = await run('report', ...common(), '--format', 'oscal', '--out', file);

    expect(code).toBe(2);
    const doc = JSON.parse(await readFile(file, 'utf8'));
    const observation = doc['assessment-results'].results[0].observations.find((o: { props: { name: string; value: string }[] }) =>
      o.props.some((p) => p.name === 'record-id' && p.value === altered.id),
    );
    expect(observation.props).toContainEqual(expect.objectContaining({ name: 'integrity', value: 'failed' }));
    expect(err.join('')).toMatch(/^FAILED records\/v1\/.*leaf hash mismatch/m);
  });

  it('fails (rejects) on an unknown format without writing anything', async () => {
    await expect(run('report', ...common(), '--format', 'pdf', '--out', join(dir, 'x.pdf'))).rejects.toThrow(/--format must be one of/);
    await expect(readFile(join(dir, 'x.pdf'))).rejects.toThrow(/ENOENT/);
  });
});

describe('trailproof show', () => {
  it('prints one record readably with its verification status', async () => {
    const code = await run('show', ...common(), signed[1]!.id);

    expect(code).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/^Record\s+[0-9a-f]{32}$/m);
    expect(text).toMatch(/^Check\s+iam-user-console-mfa: IAM users with a console password have MFA \(mfa, high\)$/m);
    expect(text).toMatch(/^Result\s+PASS$/m);
    expect(text).toMatch(/^Trigger\s+cloudtrail AuthorizeSecurityGroupIngress by arn:aws:iam::111122223333:user\/alice from 203\.0\.113\.7, MFA no/m);
    expect(text).toMatch(/^HIPAA\s+164\.312\(d\)$/m);
    expect(text).toMatch(/^Integrity\s+verified \(key sha256:[0-9a-f]{64}\)$/m);
  });

  it('prints JSON with --json and exits 2 for a record that does not verify', async () => {
    await writeFile(join(dir, 'store', keys[1]!), JSON.stringify({ ...signed[1]!, result: 'fail' }));

    const code = await run('show', ...common(), '--json', keys[1]!);

    expect(code).toBe(2);
    const shown = JSON.parse(out.join(''));
    expect(shown).toMatchObject({ key: keys[1], integrity: { ok: false }, record: { id: signed[1]!.id, result: 'fail' } });
    expect(shown.integrity.errors).toEqual([{ code: 'LEAF_HASH_MISMATCH', message: expect.any(String) }]);
  });

  it('fails on a record that does not exist', async () => {
    await expect(run('show', ...common(), '0'.repeat(32))).rejects.toThrow(/no record 0{32} in/);
  });
});

describe('formatRecordText', () => {
  it('shows control characters from a record escaped, not executed by the terminal', () => {
    const record = makeRecord({ seed: 'esc', resourceId: 'sg-1\u001b[2J\u001b[31mred', reason: 'line\rover' });

    const text = formatRecordText(record, { ok: false, errors: [verificationProblem('SIGNATURE_INVALID', { keyId: 'sha256:abc' })] });

    expect(text.includes('\u001b') || text.includes('\r')).toBe(false);
    expect(text).toContain('sg-1\\u001b[2J\\u001b[31mred');
    expect(text).toMatch(/^Integrity\s+FAILED: .* \[SIGNATURE_INVALID\]$/m);
    expect(text).toMatch(/^Observed facts\n {2}\{/m);
  });
});

describe('trailproof show options', () => {
  it('needs a pinned key', async () => {
    await expect(run('show', '--store', join(dir, 'store'), signed[0]!.id)).rejects.toThrow(/--public-key/);
  });
});
