import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { formatProblems, verificationProblem, type VerificationProblem } from '../../evidence/verification-codes.ts';
import { verifyStore, type StoreVerification, type VerifyStoreOptions } from '../../verify/verify-store.ts';
import { parseTime } from '../../util/time.ts';
import { formatDuration, parseDuration } from '../../util/duration.ts';
import { inertText } from '../../util/inert-text.ts';
import { DEFAULT_CLOCK_SKEW_MS, DEFAULT_SEAL_GRACE_MS } from '../../verify/dates.ts';
import { MANIFEST_FILE, verifyManifest, type ManifestVerification } from '../../seal/manifest.ts';
import { DEFAULT_TIMESTAMP_GRACE_MS } from '../../seal/types.ts';
import { openStore } from '../open-store.ts';
import { EXIT } from '../exit.ts';

interface VerifyOptions {
  store: string;
  publicKey: string[];
  json?: boolean;
  from?: string;
  to?: string;
  lockMode?: string;
  minRetentionDays?: string;
  lock: boolean;
  requireSeals?: boolean;
  sealGrace: string;
  clockSkew: string;
  tsaCa?: string[];
  requireTimestamps?: boolean;
  timestampGrace: string;
}

/** `trailproof verify --json`: verifyStore's report, always with `seals` and `warnings`, plus `manifest` for a package. */
export type VerifyOutput = StoreVerification & {
  seals: NonNullable<StoreVerification['seals']>;
  warnings: VerificationProblem[];
  manifest?: ManifestVerification;
};

/** Something progress can be written to: process.stderr, or a fake in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * Progress of a long verification on stderr. On a terminal: one line redrawn in place (\r), at
 * most every 100 ms. Anywhere else (CI logs, files): plain lines, at most one every 10 s, with no
 * control characters.
 */
export function progressReporter(stream: ProgressStream, clock: () => number = Date.now) {
  const tty = stream.isTTY === true;
  let last = clock();
  let drawn = false;
  // Counted in stored objects (a v1 record, a v2 object of many records): what the listing yields.
  const line = (done: number, listed: number, complete: boolean) => `${done} of ${listed}${complete ? '' : '+'} objects checked`;
  return {
    update(done: number, listed: number, complete: boolean): void {
      const now = clock();
      if (now - last < (tty ? 100 : 10_000)) return;
      last = now;
      if (!tty) {
        stream.write(`verify: ${line(done, listed, complete)}\n`);
        return;
      }
      const width = 30;
      const filled = listed === 0 ? 0 : Math.round((done / listed) * width);
      stream.write(`\r\x1b[2Kverify [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(done, listed, complete)}`);
      drawn = true;
    },
    end(): void {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

function lockPolicy(options: VerifyOptions): VerifyStoreOptions['lock'] {
  if (!options.lock) return undefined;
  const mode = options.lockMode;
  if (mode !== undefined && mode !== 'COMPLIANCE' && mode !== 'GOVERNANCE') throw new ConfigError(`--lock-mode must be COMPLIANCE or GOVERNANCE, got ${mode}`);
  const days = options.minRetentionDays === undefined ? undefined : Number(options.minRetentionDays);
  if (days !== undefined && !(Number.isInteger(days) && days >= 0)) throw new ConfigError(`--min-retention-days must be a whole number of days, got ${options.minRetentionDays}`);
  return { ...(mode ? { mode } : {}), ...(days !== undefined ? { minRetentionDays: days } : {}) };
}

/** `--tsa-ca`, `--require-timestamps` and `--timestamp-grace` as verifyStore's timestamp policy; none without a CA. */
async function timestampPolicy(options: VerifyOptions): Promise<VerifyStoreOptions['timestamps']> {
  if (!options.tsaCa?.length) {
    if (options.requireTimestamps) throw new ConfigError('--require-timestamps needs --tsa-ca: a token is only worth requiring when it is checked');
    return undefined;
  }
  const ca = await Promise.all(options.tsaCa.map(async (source) => ({ pem: await readFile(source, 'utf8'), source })));
  return { ca, require: options.requireTimestamps === true, graceMs: parseDuration(options.timestampGrace, '--timestamp-grace') };
}

/**
 * Runs the whole verification `trailproof verify` does: records, seal chain, Object Lock facts on
 * S3 (unless `lock: false`), and the manifest when `store` is an audit package directory.
 */
async function runVerify(options: VerifyOptions, progress?: ProgressStream): Promise<VerifyOutput> {
  const publicKeys = await Promise.all(options.publicKey.map((p) => readFile(p, 'utf8')));
  const store = await openStore(options.store);
  const isPackage = !options.store.startsWith('s3://') && existsSync(join(options.store, MANIFEST_FILE));
  const manifest = isPackage ? await verifyManifest(options.store) : undefined;
  const period = {
    ...(options.from ? { from: parseTime(options.from, '--from') } : {}),
    ...(options.to ? { to: parseTime(options.to, '--to') } : {}),
  };
  const reporter = progress && progressReporter(progress);
  const lock = typeof store.describe === 'function' ? lockPolicy(options) : undefined;
  const timestamps = await timestampPolicy(options);
  const report = await verifyStore(store, { publicKeys }, {
    ...(options.from || options.to ? { period } : {}),
    ...(lock ? { lock } : {}),
    ...(timestamps ? { timestamps } : {}),
    seals: options.requireSeals ? 'require' : 'auto',
    sealGraceMs: parseDuration(options.sealGrace, '--seal-grace'),
    clockSkewMs: parseDuration(options.clockSkew, '--clock-skew'),
    partialChain: isPackage,
    ...(reporter ? { onProgress: reporter.update } : {}),
  });
  reporter?.end();
  const warnings = [...(report.seals ? [] : [verificationProblem('NO_SEALS')]), ...(report.warnings ?? [])];
  return { ...report, seals: report.seals ?? { checked: 0, ok: 0, failures: [] }, warnings, ...(manifest ? { manifest } : {}) };
}

/** Exit 0 only when nothing failed: records, seals and the manifest. */
function verifyExitCode(output: VerifyOutput): number {
  const failed = output.failures.length + output.seals.failures.length + (output.manifest?.failures.length ?? 0);
  return failed === 0 ? EXIT.ok : EXIT.partial;
}

/**
 * `trailproof verify`'s text report: one FAIL line per failing key, one WARN line per warning, then
 * the counts. Keys and sentences quote evidence (file names, record fields), so every line is made
 * inert (lib/util/inert-text.ts): nothing read from a store can drive the auditor's terminal.
 */
export function verifyText(output: VerifyOutput): string {
  const lines: string[] = [];
  const failures = [...output.failures, ...output.seals.failures, ...(output.manifest?.failures ?? [])];
  for (const f of failures) lines.push(`FAIL ${f.key}: ${formatProblems(f.errors)}`);
  for (const w of output.warnings) lines.push(`WARN ${formatProblems([w])}`);
  lines.push(`${output.checked} records checked, ${output.ok} verified, ${output.failures.length} failed (${output.objects} objects read)`);
  lines.push(`${output.seals.checked} seals checked, ${output.seals.ok} verified, ${output.seals.failures.length} failed`);
  if (output.lockChecked) lines.push('Object Lock facts checked (versions, delete markers, mode, retention)');
  if (output.manifest) lines.push(`manifest: ${output.manifest.checked} files listed, ${output.manifest.ok} match, ${output.manifest.failures.length} failed`);
  return lines.map((line) => `${inertText(line)}\n`).join('');
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('verify evidence offline: every record (schema, leaf hash, audit path, signature, pinned key), the seal chain, the seals\' RFC 3161 time-stamp tokens (--tsa-ca), Object Lock facts on S3, and an audit package\'s manifest')
    .requiredOption('--store <dir>', 'evidence store: a directory (or an audit package), or s3://bucket[/prefix]')
    .requiredOption('--public-key <pem...>', 'the public key(s) you trust (pinned); others are rejected')
    .option('--from <time>', 'ISO 8601: only records written, and seals whose window lies, at or after this hour')
    .option('--to <time>', 'ISO 8601, exclusive: ... and before this time')
    .option('--json', 'print the result as JSON: {checked, ok, failures: [{key, errors: [{code, message}]}], seals: {checked, ok, failures}, warnings: [{code, message}], ...}')
    .option('--lock-mode <mode>', 'S3: the Object Lock mode every object must have (COMPLIANCE or GOVERNANCE)')
    .option('--min-retention-days <days>', 'S3: the shortest retention allowed, counted from collection (2192 = 6 years)')
    .option('--no-lock', 'S3: skip the Object Lock checks (one HEAD and one ListObjectVersions per object)')
    .option('--require-seals', 'fail when the store has no seals at all, even if every hour is still within the seal grace')
    .option('--seal-grace <duration>', 'how long after an hour ends its seal may be missing (e.g. 90m, 2h, 1d); older unsealed hours fail', formatDuration(DEFAULT_SEAL_GRACE_MS))
    .option('--clock-skew <duration>', 'how far a date in evidence (signedAt, collectedAt, sealedAt) may lie ahead of this clock (e.g. 30s, 5m)', formatDuration(DEFAULT_CLOCK_SKEW_MS))
    .option('--tsa-ca <pem...>', "the CA certificate(s) of the time-stamping authorities you trust: every seal's RFC 3161 token (<seal key>.tsr) is checked (imprint, signature, chain, time)")
    .option('--require-timestamps', 'with --tsa-ca: fail every seal of the period that has no time-stamp token')
    .option('--timestamp-grace <duration>', "how long after a seal's sealedAt its token's time may lie (e.g. 24h, 7d)", formatDuration(DEFAULT_TIMESTAMP_GRACE_MS))
    .action(async (options: VerifyOptions) => {
      const output = await runVerify(options, process.stderr);
      if (options.json) process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      else process.stdout.write(verifyText(output));
      process.exitCode = verifyExitCode(output);
    });
}
