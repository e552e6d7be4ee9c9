import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { pinKeys } from '../../evidence/keys.ts';
import { formatProblems } from '../../evidence/verification-codes.ts';
import type { EvidenceRecord } from '../../evidence/types.ts';
import { verifyRecord } from '../../evidence/verify-record.ts';
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

/**
 * `trailproof show <record-id or key>`: one record, readable, with its verification status.
 * Exit 0 when it verifies, 2 when it does not (it is still shown), 1 when there is no such record.
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
      const found = await findRecord(await openStore(options.store), idOrKey);
      if (!found) throw new ConfigError(`no record ${idOrKey} in ${options.store}`);
      const { ok, errors, keyId } = verifyRecord(found.record, trusted);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ key: found.key, integrity: { ok, errors, keyId }, record: found.record }, null, 2)}\n`);
      } else if (isDisplayable(found.record)) {
        process.stdout.write(formatRecordText(found.record as EvidenceRecord, { ok, errors }, found.key));
      } else {
        // Too broken to lay out: show what verification said and the raw JSON.
        process.stdout.write(`${inertText(`Key        ${found.key}\nIntegrity  FAILED: ${formatProblems(errors)}\n${JSON.stringify(found.record, null, 2)}`, '\n')}\n`);
      }
      process.exitCode = ok ? EXIT.ok : EXIT.partial;
    });
}
