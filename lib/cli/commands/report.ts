import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { allMetadata } from '../../checks/registry.ts';
import { pinKeys } from '../../evidence/keys.ts';
import { formatProblems } from '../../evidence/verification-codes.ts';
import { verifyRecord, type SignatureCache } from '../../evidence/verify-record.ts';
import { generateReport, parseFormat, REPORT_FORMATS } from '../../report/generate.ts';
import { openStore } from '../open-store.ts';
import { EXIT } from '../exit.ts';

interface ReportOptions {
  store: string;
  publicKey: string[];
  from?: string;
  to?: string;
  format: string;
  out: string;
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
    .requiredOption('--format <format>', `report format: ${REPORT_FORMATS.join(', ')}`)
    .requiredOption('--out <file>', 'where to write the report')
    .action(async (options: ReportOptions) => {
      const format = parseFormat(options.format);
      const trusted = pinKeys(await Promise.all(options.publicKey.map((p) => readFile(p, 'utf8'))));
      // One cache for the run: the records of a batch share one signature, verified once.
      const cache: SignatureCache = new Map();
      const { content, model, malformed } = await generateReport(await openStore(options.store), (r) => verifyRecord(r, trusted, cache), {
        format,
        from: options.from,
        to: options.to,
        checks: allMetadata(),
      });
      await mkdir(dirname(options.out), { recursive: true });
      await writeFile(options.out, content);
      for (const m of malformed) process.stderr.write(`MALFORMED ${m.key}: ${formatProblems(m.errors)}\n`);
      for (const e of model.entries) {
        if (!e.integrity.ok) process.stderr.write(`FAILED ${e.key ?? e.record.id}: ${formatProblems(e.integrity.errors)}\n`);
      }
      const t = model.totals;
      process.stdout.write(
        `wrote ${options.out} (${format}): ${t.total} records (pass ${t.pass}, fail ${t.fail}, n/a ${t.not_applicable}, error ${t.error}), ` +
          `${model.failingNow.length} resources failing now; ${model.integrity.verified} verified, ${model.integrity.failed} failed verification` +
          `${malformed.length ? `, ${malformed.length} malformed` : ''}\n`,
      );
      process.exitCode = model.integrity.failed === 0 && malformed.length === 0 ? EXIT.ok : EXIT.partial;
    });
}
