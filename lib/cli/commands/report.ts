import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { allMetadata } from '../../checks/registry.ts';
import { pinKeys } from '../../evidence/keys.ts';
import { formatProblems } from '../../evidence/verification-codes.ts';
import { verifyLedgerDocument, verifyRecord, type SignatureCache } from '../../evidence/verify-record.ts';
import { ConfigError } from '../../errors.ts';
import { DEFAULT_STALE_AFTER_MS } from '../../report/freshness.ts';
import { parseFormat, REPORT_FORMATS, writeReport } from '../../report/generate.ts';
import { formatDuration, parseDuration } from '../../util/duration.ts';
import { parseTime } from '../../util/time.ts';
import { openStore } from '../open-store.ts';
import { EXIT } from '../exit.ts';

interface ReportOptions {
  store: string;
  publicKey: string[];
  from?: string;
  to?: string;
  asOf?: string;
  staleAfter: string;
  accounts?: string[];
  format: string;
  out: string;
}

const ACCOUNT = /^\d{12}$/;

/** The accounts of `--accounts` (space or comma separated), each 12 digits. @throws ConfigError naming the bad one. */
function expectedAccounts(values: readonly string[] | undefined): string[] | undefined {
  const accounts = values?.flatMap((v) => v.split(',')).map((a) => a.trim()).filter(Boolean);
  const bad = accounts?.find((a) => !ACCOUNT.test(a));
  if (bad !== undefined) throw new ConfigError(`--accounts: ${JSON.stringify(bad)} is not a 12-digit AWS account id`);
  return accounts;
}

/**
 * `trailproof report`: the auditor's report of a period, every record verified with the pinned
 * key(s). Exit 0 when written and all verified; 2 when written but some records failed
 * verification (they are marked in the report) or could not be shown; 1 when nothing was written.
 */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write an auditor report of a period: html, csv, oscal (assessment-results) or ocsf (JSON Lines)')
    .requiredOption('--store <dir>', 'evidence store: a directory, or s3://bucket[/prefix]')
    .requiredOption('--public-key <pem...>', 'the public key(s) you trust (pinned); records signed by others are marked FAILED')
    .option('--from <time>', 'ISO 8601 time, inclusive, compared with observedAt')
    .option('--to <time>', 'ISO 8601 time, exclusive, compared with observedAt')
    .option('--as-of <time>', 'the state at this ISO 8601 time: each resource\'s latest record observed before it, and the exceptions, attestations and run records recorded by then (ends the period; not with --to)')
    .option('--stale-after <duration>', 'a resource whose latest record is older than this at the judging time is stale', formatDuration(DEFAULT_STALE_AFTER_MS))
    .option('--accounts <ids...>', 'accounts expected to report a run record every day, whatever the run records say (silence is a finding)')
    .requiredOption('--format <format>', `report format: ${REPORT_FORMATS.join(', ')}`)
    .requiredOption('--out <file>', 'where to write the report')
    .action(async (options: ReportOptions) => {
      const format = parseFormat(options.format);
      if (options.asOf !== undefined && options.to !== undefined) throw new ConfigError('give --as-of or --to, not both: --as-of ends the period at the time it judges');
      if (options.asOf !== undefined) parseTime(options.asOf, '--as-of');
      const staleAfterMs = parseDuration(options.staleAfter, '--stale-after');
      const accounts = expectedAccounts(options.accounts);
      // The OSCAL results name their assessment plan, written beside them under this name.
      const planFile = `${basename(options.out).replace(/\.json$/i, '')}.assessment-plan.json`;
      const trusted = pinKeys(await Promise.all(options.publicKey.map((p) => readFile(p, 'utf8'))));
      // One cache for the run: the records of a batch share one signature, verified once.
      const cache: SignatureCache = new Map();
      const store = await openStore(options.store);
      await mkdir(dirname(options.out), { recursive: true });
      // Written as it is made: a report of a million records is never one string in memory.
      const out = createWriteStream(options.out);
      const failed: string[] = [];
      const written = writeReport(store, (r) => verifyRecord(r, trusted, cache), {
        format,
        from: options.from,
        to: options.to,
        ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
        staleAfterMs,
        ...(accounts ? { accounts } : {}),
        checks: allMetadata(),
        verifyDocument: (d) => verifyLedgerDocument(d, trusted, cache),
        planFile,
        onUnverifiedRecord: (key, integrity) => failed.push(`FAILED ${key}: ${formatProblems(integrity.errors)}\n`),
      }, async (chunk) => {
        if (!out.write(chunk)) await once(out, 'drain');
      });
      // A report that could not be finished leaves no half-written file behind.
      const { companions, model, malformed, unverifiedDocuments } = await written.catch(async (error: unknown) => {
        out.destroy();
        await rm(options.out, { force: true });
        throw error;
      });
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      for (const companion of companions) await writeFile(join(dirname(options.out), companion.name), companion.content);
      for (const m of malformed) process.stderr.write(`MALFORMED ${m.key}: ${formatProblems(m.errors)}\n`);
      for (const d of unverifiedDocuments) process.stderr.write(`FAILED ${d.key}: ${formatProblems(d.errors)}\n`);
      for (const line of failed) process.stderr.write(line);
      const t = model.totals;
      process.stdout.write(
        `wrote ${options.out} (${format}): ${t.total} records (pass ${t.pass}, fail ${t.fail}, n/a ${t.not_applicable}, error ${t.error}), ` +
          `${model.failingNow.length} resources failing now; ${model.integrity.verified} verified, ${model.integrity.failed} failed verification` +
          `; ${model.audit.exceptedNow} excepted, ${model.audit.staleNow} stale, ${model.audit.silence.reduce((n, x) => n + x.days, 0)} silent days` +
          `${companions.length ? `; wrote ${companions.map((c) => c.name).join(', ')} beside it` : ''}` +
          `${malformed.length ? `, ${malformed.length} malformed` : ''}\n`,
      );
      process.exitCode = model.integrity.failed === 0 && malformed.length === 0 && unverifiedDocuments.length === 0 ? EXIT.ok : EXIT.partial;
    });
}
