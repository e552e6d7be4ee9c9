import type { Command } from 'commander';
import { readRecords } from '../../store/read-records.ts';
import { filterRecords, type RecordFilter } from '../../report/filter.ts';
import { ExceptionIndex } from '../../report/exceptions.ts';
import { exceptionNames, exceptionSentence, formatTimeline } from '../../report/ledger-text.ts';
import { resourceKey } from '../../report/model.ts';
import type { ExceptionDocument, RevocationDocument } from '../../evidence/ledger-types.ts';
import type { EvidenceRecord } from '../../evidence/types.ts';
import type { EvidenceStore } from '../../store/types.ts';
import { inertText } from '../../util/inert-text.ts';
import { readExceptions } from '../ledger-store.ts';
import { openStore } from '../open-store.ts';
import { EXIT } from '../exit.ts';

interface ListOptions extends RecordFilter {
  store: string;
  json?: boolean;
  exceptions?: boolean;
}

/** Records once per id (a retry in a later hour is the same evidence), plus what could not be read. */
async function distinctRecords(store: EvidenceStore): Promise<{ records: EvidenceRecord[]; invalid: string[] }> {
  const seen = new Set<string>();
  const records: EvidenceRecord[] = [];
  const invalid: string[] = [];
  for await (const { record } of readRecords(store, { onInvalid: (key, error) => invalid.push(`${key}: ${error.message}`) })) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    records.push(record);
  }
  return { records, invalid };
}

/** `list --exceptions`: the exceptions (filtered by check, resource, account, region) and the revocations that end them. */
function printExceptions(exceptions: ExceptionDocument[], revocations: RevocationDocument[], filter: RecordFilter, json: boolean | undefined): void {
  const needle = filter.resource?.toLowerCase();
  const kept = exceptions.filter((d) => (!filter.check || d.check.id === filter.check) && (!needle || d.resource.id.toLowerCase().includes(needle)) &&
    (!filter.account || !d.resource.account || d.resource.account === filter.account) && (!filter.region || !d.resource.region || d.resource.region === filter.region));
  const ids = new Set(kept.map((d) => d.id));
  const ending = revocations.filter((r) => ids.has(r.exception.id));
  if (json) {
    process.stdout.write(`${JSON.stringify([...kept, ...ending], null, 2)}\n`);
    return;
  }
  const revokedAt = new Map(ending.map((r) => [r.exception.id, r.revokedAt]));
  for (const d of kept) process.stdout.write(`${inertText(`${d.createdAt}  ${d.check.id.padEnd(34)}  ${d.resource.id}  ${exceptionSentence(d, revokedAt.get(d.id))}`)}\n`);
  process.stdout.write(`${kept.length} exceptions, ${ending.length} revoked\n`);
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list evidence records (one line each, a timeline with --resource, or a JSON array), or the exceptions')
    .requiredOption('--store <dir>', 'evidence store: a directory, or s3://bucket[/prefix]')
    .option('--check <id>', 'only records of this check')
    .option('--family <family>', 'only this family: mfa, encryption-at-rest, encryption-in-transit, segmentation, logging, credentials, backup, detection')
    .option('--result <result>', 'only this result: pass, fail, not_applicable, error')
    .option('--resource <text>', 'resource id or ARN contains this text; the text output is then the resource\'s timeline, oldest first, with its exceptions')
    .option('--account <id>', 'only this account')
    .option('--region <region>', 'only this region')
    .option('--from <time>', 'observed at or after this ISO time')
    .option('--to <time>', 'observed before this ISO time')
    .option('--exceptions', 'list the exceptions (trailproof except) and their revocations instead of records')
    .option('--json', 'print a JSON array: the records, then the exceptions and revocations that name any of them')
    .action(async ({ store: location, json, exceptions: listExceptions, ...filter }: ListOptions) => {
      const store = await openStore(location);
      const { exceptions, revocations } = await readExceptions(store);
      if (listExceptions) {
        printExceptions(exceptions, revocations, filter, json);
        return;
      }
      const { records: all, invalid } = await distinctRecords(store);
      const records = filterRecords(all, filter);
      for (const problem of invalid) process.stderr.write(`invalid: ${problem}\n`);
      const named = exceptions.filter((d) => records.some((r) => exceptionNames(d, r)));
      if (json) {
        // Records as stored (each still verifiable), then the exceptions that name them: told apart by `schema`.
        const ids = new Set(named.map((d) => d.id));
        process.stdout.write(`${JSON.stringify([...records, ...named, ...revocations.filter((r) => ids.has(r.exception.id))], null, 2)}\n`);
      } else if (filter.resource !== undefined) {
        process.stdout.write(formatTimeline(records, named, revocations, new Date()));
        process.stdout.write(`${records.length} records, ${named.length} exceptions\n`);
      } else {
        // Browsing, not verifying: an exception marks a fail it names in its window (trailproof report verifies them).
        const browsed = { ok: true, errors: [] };
        const index = new ExceptionIndex({ exceptions: named.map((document) => ({ document, integrity: browsed })), revocations: revocations.map((document) => ({ document, integrity: browsed })) }, Date.now());
        const latest = new Map<string, string>();
        for (const r of records) if ((latest.get(resourceKey(r)) ?? '') < r.observedAt) latest.set(resourceKey(r), r.observedAt);
        for (const r of records) {
          const excepted = index.applied(r, latest.get(resourceKey(r)) === r.observedAt);
          const result = `${r.result}${excepted ? ' EXCEPTED' : ''}`;
          process.stdout.write(`${inertText(`${r.observedAt}  ${result.padEnd(14)}  ${r.check.id.padEnd(34)}  ${r.resource.id}  ${r.reason}`)}\n`);
        }
        process.stdout.write(`${records.length} records\n`);
      }
      // Something in the store that is not a readable record is never hidden.
      if (invalid.length > 0) process.exitCode = EXIT.partial;
    });
}
