import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { allMetadata } from '../../checks/registry.ts';
import { formatProblems, verificationProblem } from '../../evidence/verification-codes.ts';
import { pinKeys } from '../../evidence/keys.ts';
import { verifyLedgerDocument, verifyRecord, type SignatureCache } from '../../evidence/verify-record.ts';
import { generateReport } from '../../report/generate.ts';
import { exportAuditPackage, VERIFIER_FILE } from '../../seal/audit-package.ts';
import { parseTime } from '../../util/time.ts';
import type { EvidenceStore } from '../../store/types.ts';
import { openStore } from '../open-store.ts';
import { verifierSource } from '../verifier-source.ts';
import { EXIT } from '../exit.ts';

interface ExportCliOptions {
  store: string;
  publicKey: string[];
  from: string;
  to: string;
  out: string;
}

/**
 * The package's report.html (lib/report): every exported record, verified with the pinned keys.
 * Not filtered by observedAt: the package's records are the period's WRITES, and a record
 * observed just before the period but written in it belongs in the report of what was exported.
 */
function htmlReport(publicKeys: readonly string[]) {
  const trusted = pinKeys(publicKeys);
  const cache: SignatureCache = new Map();
  return async (packageStore: EvidenceStore): Promise<string> => {
    const { content } = await generateReport(packageStore, (r) => verifyRecord(r, trusted, cache), { format: 'html', checks: allMetadata(), verifyDocument: (d) => verifyLedgerDocument(d, trusted, cache) });
    return content;
  };
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write an audit package of a period: records/ (v1 records, v2 objects), exceptions/, runs/, attestations/ and the files attestations name (attachments/), seals/ (with their time-stamp tokens), keys/, report.html, verify.mjs and manifest.json (SHA-256 of every file); verify it offline with trailproof verify --store <out>, or with Node alone: node <out>/verify.mjs --public-key PEM')
    .requiredOption('--store <dir>', 'evidence store: a directory, or s3://bucket[/prefix]')
    .requiredOption('--public-key <pem...>', 'the public key(s) you trust (pinned); written into the package under keys/')
    .requiredOption('--from <time>', 'ISO 8601: start of the period (records by write hour, seals by window)')
    .requiredOption('--to <time>', 'ISO 8601, exclusive: end of the period')
    .requiredOption('--out <dir>', 'a new or empty directory for the package')
    .action(async (options: ExportCliOptions) => {
      const publicKeys = await Promise.all(options.publicKey.map((p) => readFile(p, 'utf8')));
      const result = await exportAuditPackage(await openStore(options.store), {
        out: resolve(options.out),
        publicKeys,
        from: parseTime(options.from, '--from'),
        to: parseTime(options.to, '--to'),
        renderReport: htmlReport(publicKeys),
        verifier: await verifierSource(),
      });
      const v = result.verification;
      for (const f of [...v.failures, ...(v.seals?.failures ?? [])]) process.stderr.write(`FAIL ${f.key}: ${formatProblems(f.errors)}\n`);
      for (const w of [...(v.seals ? [] : [verificationProblem('NO_SEALS')]), ...(v.warnings ?? [])]) process.stderr.write(`WARN ${formatProblems([w])}\n`);
      process.stdout.write(
        `wrote ${result.out}: ${result.records} record files (v1 records, v2 objects), ${result.ledger ? `${result.ledger} exception, run and attestation objects, ${result.attachments} attachments, ` : ''}${result.seals} seals${result.tokens > 0 ? ` (${result.tokens} time-stamped)` : ''}, ${result.keys} keys, report.html, ${VERIFIER_FILE}, manifest.json (${result.manifest.files.length} files)\n` +
          `verified offline: ${v.ok} of ${v.checked} records, ${v.seals?.ok ?? 0} of ${v.seals?.checked ?? 0} seals\n`,
      );
      process.exitCode = v.failures.length === 0 && (v.seals?.failures.length ?? 0) === 0 ? EXIT.ok : EXIT.partial;
    });
}
