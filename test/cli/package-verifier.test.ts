import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerExport } from '../../lib/cli/commands/export.ts';
import { registerVerify } from '../../lib/cli/commands/verify.ts';
import type { VerificationCode } from '../../lib/evidence/verification-codes.ts';
import { runSealer } from '../../lib/seal/seal-pending.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { floorHour } from '../../lib/util/time.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { runInProcess, runSealVerifyExport, type CliResult } from '../fixtures/cli.ts';
import { findNode20 } from '../fixtures/node-binaries.ts';
import { hasOpenssl, startLocalTsa, type LocalTsa } from '../fixtures/tsa/local-tsa.ts';
import { writeObject, writeV1Records } from '../seal/helpers.ts';

/**
 * verify.mjs, the verifier `trailproof export` puts in every package, run as an auditor runs it:
 * a child process of the oldest Node it supports (20), from a folder with no node_modules above
 * it, on an exported package and on tampered copies. It must judge exactly as `trailproof verify
 * --store <package>` does: the same JSON report, finding for finding, and the same exit code;
 * with time-stamped seals too (a loopback TSA built on `openssl ts -reply`, checked with --tsa-ca).
 */

const HOUR = 3_600_000;
const root = mkdtempSync(join(tmpdir(), 'tp-package-verifier-'));
const keys = freshSigner();
const pubPath = join(root, 'signing-key.pub.pem');
const packageDir = join(root, 'package');
/** Closed and sealed hours whatever the minute now: nothing depends on the clock between the two verifiers. */
const base = floorHour(new Date(Date.now() - 5 * HOUR));
const run = promisify(execFile);

const node20 = findNode20();

/** `node verify.mjs <args>` in `dir`, under Node 20; never throws on a non-zero exit. */
async function verifyMjs(dir: string, ...args: string[]): Promise<CliResult> {
  return run(node20.node!, [join(dir, 'verify.mjs'), ...args], { cwd: dir, maxBuffer: 1 << 26 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: CliResult) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** The codes of every finding of a `verify --json` report, by key. */
function findings(report: { failures: Array<{ key: string; errors: Array<{ code: VerificationCode }> }>; seals: { failures: typeof report.failures }; manifest?: { failures: typeof report.failures } }): string[] {
  return [...report.failures, ...report.seals.failures, ...(report.manifest?.failures ?? [])].flatMap((f) => f.errors.map((e) => `${f.key} ${e.code}`)).sort();
}

/** Rewrites a file of a package copy (the store writes evidence read-only). */
function rewrite(path: string, change: (bytes: Buffer) => string | Buffer): void {
  chmodSync(path, 0o644);
  writeFileSync(path, change(readFileSync(path)));
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Array<{ path: string; sha256: string }> };
const firstFile = (dir: string, prefix: string, suffix = '') => manifestOf(dir).files.map((f) => f.path).find((p) => p.startsWith(prefix) && p.endsWith(suffix))!;

beforeAll(async () => {
  // Prepare: v2 objects in two hours and v1 records in a third, sealed, exported by the CLI.
  writeFileSync(pubPath, keys.publicPem);
  const storeDir = join(root, 'store');
  const store = new DirectoryStore(storeDir);
  await writeObject(store, keys.signer, new Date(base.getTime() + 10 * 60_000).toISOString(), 3);
  await writeObject(store, keys.signer, new Date(base.getTime() + HOUR + 5 * 60_000).toISOString(), 2);
  await writeV1Records(store, keys.signer, new Date(base.getTime() + 2 * HOUR + 5 * 60_000).toISOString(), 2);
  await runSealer(store, keys.signer);
  const exported = await runInProcess(registerExport, 'export', '--store', storeDir, '--public-key', pubPath, '--from', base.toISOString(), '--to', new Date(base.getTime() + 3 * HOUR).toISOString(), '--out', packageDir);
  if (exported.code !== 0) throw new Error(`export failed: ${exported.stderr}`);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the package carries verify.mjs', () => {
  it('as one file that imports nothing but Node built-ins, listed in the manifest', () => {
    // Prepare
    const text = readFileSync(join(packageDir, 'verify.mjs'), 'utf8');
    // Act
    // esbuild writes a module's imports at the start of a line, a bundled CommonJS require as __require("...").
    const specifiers = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|\b__require\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]);
    // Assess
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !s!.startsWith('node:'))).toEqual([]);
    expect(manifestOf(packageDir).files.map((f) => f.path)).toContain('verify.mjs');
  });
});

/** Each tampering an auditor must see, done to a fresh copy of the package, with the codes its findings must include. */
type Tampering = [name: string, tamper: (dir: string) => void, expected: string[]];
const TAMPERINGS: Tampering[] = [
  ['nothing changed', () => {}, []],
  [
    'a record edited',
    (dir) => {
      rewrite(join(dir, firstFile(dir, 'records/v2/')), (bytes) => bytes.toString('utf8').replace(/"result":"(\w+)"/, (_, r: string) => `"result":"${r === 'pass' ? 'fail' : 'pass'}"`));
    },
    ['PACKAGE_FILE_CHANGED', 'OBJECT_SHA256_MISMATCH', 'OBJECT_ROOT_MISMATCH'],
  ],
  ['a seal deleted', (dir) => unlinkSync(join(dir, firstFile(dir, 'seals/', '.json'))), ['PACKAGE_FILE_MISSING', 'HOUR_NOT_SEALED']],
  [
    'a manifest entry changed',
    (dir) => {
      const manifest = manifestOf(dir);
      manifest.files[0]!.sha256 = '0'.repeat(64);
      rewrite(join(dir, 'manifest.json'), () => `${JSON.stringify(manifest, null, 2)}\n`);
    },
    ['PACKAGE_FILE_CHANGED'],
  ],
];

/**
 * Tampers with a fresh copy of `source`, then verifies it with verify.mjs (Node 20) and with
 * `trailproof verify` in this process: both must exit alike and report the same, and the findings
 * must include `expected` (none at all when it is empty).
 */
async function judgeBoth(source: string, [name, tamper, expected]: Tampering, args: string[]): Promise<void> {
  // Prepare: a copy outside any node_modules tree, so only Node's built-ins can be imported.
  const dir = join(root, `${source.split('/').pop()}-${name.replace(/\W+/g, '-')}`);
  cpSync(source, dir, { recursive: true });
  tamper(dir);
  // Act
  const standalone = await verifyMjs(dir, ...args, '--json');
  const cli = await runInProcess(registerVerify, 'verify', '--store', dir, ...args, '--json');
  // Assess
  expect(standalone.code, standalone.stderr).toBe(expected.length === 0 ? 0 : 2);
  expect(cli.code).toBe(standalone.code);
  const report = JSON.parse(standalone.stdout);
  expect(report).toEqual(JSON.parse(cli.stdout));
  const codes = new Set(findings(report).map((f) => f.split(' ')[1]));
  expect([...codes].filter((c) => expected.includes(c!)).sort()).toEqual([...expected].sort());
  if (expected.length === 0) expect(findings(report)).toEqual([]);
}

describe.skipIf(!node20.node)('verify.mjs under Node 20 judges exactly as trailproof verify', () => {
  it.each(TAMPERINGS)('%s', (...tampering) => judgeBoth(packageDir, tampering, ['--public-key', pubPath]));

  it('names each finding with its code in text output, and exits 2', async () => {
    // Prepare
    const dir = join(root, 'text-output');
    cpSync(packageDir, dir, { recursive: true });
    unlinkSync(join(dir, firstFile(dir, 'seals/', '.json')));
    // Act
    const result = await verifyMjs(dir, '--public-key', pubPath);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^FAIL seals\/\S+: .*\[PACKAGE_FILE_MISSING\]$/m);
  });

  it('refuses --store: it verifies the package it sits in, and nothing else (exit 1)', async () => {
    // Act
    const result = await verifyMjs(packageDir, '--public-key', pubPath, '--store', root);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/verifies the package it sits in/);
  });

  it('shows trailproof verify\'s options under its own name, --store hidden', async () => {
    // Act
    const result = await verifyMjs(packageDir, '--help');
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: node verify\.mjs \[options\]/);
    expect(result.stdout).toMatch(/--public-key <pem\.\.\.>/);
    expect(result.stdout).not.toMatch(/^\s+--store\b/m);
  });
});

/** Each tampering of a seal's time-stamp token, with the codes its findings must include. */
const TOKEN_TAMPERINGS: Tampering[] = [
  ['time-stamped seals, nothing changed', () => {}, []],
  [
    'a token truncated',
    (dir) => {
      rewrite(join(dir, firstFile(dir, 'seals/', '.tsr')), (bytes) => bytes.subarray(0, 100));
    },
    ['TIMESTAMP_MALFORMED', 'PACKAGE_FILE_CHANGED'],
  ],
  ['a token deleted', (dir) => unlinkSync(join(dir, firstFile(dir, 'seals/', '.tsr'))), ['TIMESTAMP_MISSING', 'PACKAGE_FILE_MISSING']],
];

describe.skipIf(!node20.node || !hasOpenssl)('verify.mjs under Node 20 checks time-stamp tokens exactly as trailproof verify --tsa-ca', () => {
  let tsa: LocalTsa;
  const stampedDir = join(root, 'stamped');
  beforeAll(async () => {
    // Prepare: the same kind of store, sealed with tokens from a loopback TSA, exported.
    tsa = await startLocalTsa();
    const storeDir = join(root, 'stamped-store');
    const keyPath = join(root, 'signing-key.pem');
    writeFileSync(keyPath, keys.privatePem);
    await writeObject(new DirectoryStore(storeDir), keys.signer, new Date(base.getTime() + 10 * 60_000).toISOString(), 2);
    const sealed = await runSealVerifyExport('seal', '--store', storeDir, '--key', keyPath, '--tsa', tsa.url);
    const exported = await runSealVerifyExport('export', '--store', storeDir, '--public-key', pubPath, '--from', base.toISOString(), '--to', new Date(base.getTime() + 3 * HOUR).toISOString(), '--out', stampedDir);
    if (sealed.code !== 0 || exported.code !== 0) throw new Error(`seal or export failed: ${sealed.stderr}${exported.stderr}`);
  }, 120_000);
  afterAll(() => tsa?.close());

  it.each(TOKEN_TAMPERINGS)('%s', (...tampering) => judgeBoth(stampedDir, tampering, ['--public-key', pubPath, '--tsa-ca', tsa.pki.caFile, '--require-timestamps']));
});

describe.skipIf(node20.node)('verify.mjs under Node 20', () => {
  it(`was not run: no Node 20 binary found (looked at ${node20.looked.join(', ')}; set TRAILPROOF_NODE20)`, () => {});
});
