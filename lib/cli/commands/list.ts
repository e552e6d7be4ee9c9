import type { Command } from 'commander';
import { readRecords } from '../../store/read-records.ts';
import type { EvidenceRecord } from '../../evidence/types.ts';
import { openStore } from '../engine.ts';

interface ListOptions {
  store: string;
  check?: string;
  result?: string;
  json?: boolean;
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list evidence records (one line each, or a JSON array)')
    .requiredOption('--store <dir>', 'evidence store: a directory, or s3://bucket[/prefix]')
    .option('--check <id>', 'only records of this check')
    .option('--result <result>', 'only this result: pass, fail, not_applicable, error')
    .option('--json', 'print a JSON array of records')
    .action(async (options: ListOptions) => {
      const records: EvidenceRecord[] = [];
      for await (const { record } of readRecords(openStore(options.store))) {
        if (options.check && record.check.id !== options.check) continue;
        if (options.result && record.result !== options.result) continue;
        records.push(record);
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
        return;
      }
      for (const r of records) {
        process.stdout.write(`${r.observedAt}  ${r.result.padEnd(14)}  ${r.check.id.padEnd(34)}  ${r.resource.id}  ${r.reason}\n`);
      }
      process.stdout.write(`${records.length} records\n`);
    });
}
