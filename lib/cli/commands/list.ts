import type { Command } from 'commander';
import { readRecords } from '../../store/read-records.ts';
import { filterRecords, type RecordFilter } from '../../report/filter.ts';
import type { EvidenceRecord } from '../../evidence/types.ts';
import { inertText } from '../../util/inert-text.ts';
import { openStore } from '../open-store.ts';
import { EXIT } from '../exit.ts';

interface ListOptions extends RecordFilter {
  store: string;
  json?: boolean;
}

/** Records once per id (a retry in a later hour is the same evidence), plus what could not be read. */
async function distinctRecords(location: string): Promise<{ records: EvidenceRecord[]; invalid: string[] }> {
  const seen = new Set<string>();
  const records: EvidenceRecord[] = [];
  const invalid: string[] = [];
  for await (const { record } of readRecords(await openStore(location), { onInvalid: (key, error) => invalid.push(`${key}: ${error.message}`) })) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    records.push(record);
  }
  return { records, invalid };
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list evidence records (one line each, or a JSON array)')
    .requiredOption('--store <dir>', 'evidence store: a directory, or s3://bucket[/prefix]')
    .option('--check <id>', 'only records of this check')
    .option('--family <family>', 'only this family: mfa, encryption-at-rest, encryption-in-transit, segmentation, logging')
    .option('--result <result>', 'only this result: pass, fail, not_applicable, error')
    .option('--resource <text>', 'resource id or ARN contains this text')
    .option('--account <id>', 'only this account')
    .option('--region <region>', 'only this region')
    .option('--from <time>', 'observed at or after this ISO time')
    .option('--to <time>', 'observed before this ISO time')
    .option('--json', 'print a JSON array of records')
    .action(async ({ store, json, ...filter }: ListOptions) => {
      const { records: all, invalid } = await distinctRecords(store);
      const records = filterRecords(all, filter);
      for (const problem of invalid) process.stderr.write(`invalid: ${problem}\n`);
      if (json) {
        process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
      } else {
        for (const r of records) {
          process.stdout.write(`${inertText(`${r.observedAt}  ${r.result.padEnd(14)}  ${r.check.id.padEnd(34)}  ${r.resource.id}  ${r.reason}`)}\n`);
        }
        process.stdout.write(`${records.length} records\n`);
      }
      // Something in the store that is not a readable record is never hidden.
      if (invalid.length > 0) process.exitCode = EXIT.partial;
    });
}
