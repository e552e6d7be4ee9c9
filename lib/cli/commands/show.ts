import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { pinKeys } from '../../evidence/keys.ts';
import { formatProblems } from '../../evidence/verification-codes.ts';
import type { ExceptionDocument } from '../../evidence/ledger-types.ts';
import type { EvidenceRecord } from '../../evidence/types.ts';
import { verifyLedgerDocument, verifyRecord } from '../../evidence/verify-record.ts';
import { exceptionNames, exceptionSentence, formatLedgerText } from '../../report/ledger-text.ts';
import { readLedger } from '../../store/read-records.ts';
import type { EvidenceStore } from '../../store/types.ts';
import { readExceptions } from '../ledger-store.ts';
import { findRecord } from '../../report/find-record.ts';
import { isDisplayable } from '../../report/generate.ts';
import { formatRecordText } from '../../report/record-text.ts';
import { inertText } from '../../util/inert-text.ts';
import { openStore } from '../open-store.ts';
import { EXIT } from '../exit.ts';

interface ShowOptions {
  store: string;
  publicKey: string[];
  json?: boolean;
}

/** The ledger document (exception, revocation, run record, attestation) with this id or address, if any. */
async function findLedgerDocument(store: EvidenceStore, idOrAddress: string): Promise<{ key: string; document: unknown } | undefined> {
  for await (const { key, document } of readLedger(store, { onInvalid: () => undefined })) if (document.id === idOrAddress || key === idOrAddress) return { key, document };
  return undefined;
}

/** The exceptions naming a record's check and resource, each verified with the pinned keys and with its revocation, as `show` lists them. */
async function exceptionsOf(store: EvidenceStore, record: unknown, trusted: ReturnType<typeof pinKeys>): Promise<Array<{ exception: ExceptionDocument; verified: boolean; revokedAt?: string }>> {
  if (!isDisplayable(record)) return [];
  const { exceptions, revocations } = await readExceptions(store);
  return exceptions
    .filter((d) => exceptionNames(d, record))
    .map((exception) => {
      const revocation = revocations.find((r) => r.exception.id === exception.id && verifyLedgerDocument(r, trusted).ok);
      return { exception, verified: verifyLedgerDocument(exception, trusted).ok, ...(revocation ? { revokedAt: revocation.revokedAt } : {}) };
    });
}

/**
 * `trailproof show <record-id or key>`: one record, readable, with its verification status and the
 * exceptions that name its check and resource; or one exception, revocation, run record or
 * attestation by its id. Exit 0 when it verifies, 2 when it does not (it is still shown), 1 when
 * there is no such record.
 */
export function registerShow(program: Command): void {
  program
    .command('show')
    .description('print one evidence record readably, with its verification status')
    .argument('<record>', 'a record id (32 hex characters), a v1 key (records/v1/...json) or a v2 address (records/v2/...jsonl#<line>)')
    .requiredOption('--store <dir>', 'evidence store: a directory, or s3://bucket[/prefix]')
    // Repeatable, not variadic: a variadic option would swallow the <record> argument after it.
    .option('--public-key <pem>', 'a public key you trust (pinned); repeat for several', (pem: string, pems: string[]) => [...pems, pem], [] as string[])
    .option('--json', 'print {key, integrity: {ok, errors: [{code, message}], keyId}, record} as JSON')
    .action(async (idOrKey: string, options: ShowOptions) => {
      if (options.publicKey.length === 0) throw new ConfigError("required option '--public-key <pem>' not specified");
      const trusted = pinKeys(await Promise.all(options.publicKey.map((p) => readFile(p, 'utf8'))));
      const store = await openStore(options.store);
      const found = await findRecord(store, idOrKey);
      if (!found) {
        const document = await findLedgerDocument(store, idOrKey);
        if (!document) throw new ConfigError(`no record ${idOrKey} in ${options.store} (nor an exception, revocation, run record or attestation with that id)`);
        const verified = verifyLedgerDocument(document.document, trusted);
        const integrity = { ok: verified.ok, errors: verified.errors, ...(verified.keyId ? { keyId: verified.keyId } : {}) };
        process.stdout.write(
          options.json || !verified.document ? `${JSON.stringify({ key: document.key, integrity, document: document.document }, null, 2)}\n` : formatLedgerText(verified.document, integrity, document.key),
        );
        process.exitCode = verified.ok ? EXIT.ok : EXIT.partial;
        return;
      }
      const { ok, errors, keyId } = verifyRecord(found.record, trusted);
      const exceptions = await exceptionsOf(store, found.record, trusted);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ key: found.key, integrity: { ok, errors, keyId }, record: found.record, exceptions }, null, 2)}\n`);
      } else if (isDisplayable(found.record)) {
        process.stdout.write(formatRecordText(found.record as EvidenceRecord, { ok, errors }, found.key));
        for (const { exception, verified, revokedAt } of exceptions) process.stdout.write(`${inertText(`Exception  ${exceptionSentence(exception, revokedAt)}${verified ? '' : ' FAILED verification: it excepts nothing'}`)}\n`);
      } else {
        // Too broken to lay out: show what verification said and the raw JSON.
        process.stdout.write(`${inertText(`Key        ${found.key}\nIntegrity  FAILED: ${formatProblems(errors)}\n${JSON.stringify(found.record, null, 2)}`, '\n')}\n`);
      }
      process.exitCode = ok ? EXIT.ok : EXIT.partial;
    });
}
