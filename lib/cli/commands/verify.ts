import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyStore } from '../../evidence/verify.ts';
import { openStore } from '../engine.ts';
import { EXIT } from '../exit.ts';

interface VerifyOptions {
  store: string;
  publicKey: string[];
  json?: boolean;
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('verify every evidence record: schema, leaf hash, audit path, signature, pinned key')
    .requiredOption('--store <dir>', 'evidence store: a directory, or s3://bucket[/prefix]')
    .requiredOption('--public-key <pem...>', 'the public key(s) you trust (pinned); others are rejected')
    .option('--json', 'print the result as JSON: {checked, ok, failures: [{key, errors}]}')
    .action(async (options: VerifyOptions) => {
      const publicKeys = await Promise.all(options.publicKey.map((p) => readFile(p, 'utf8')));
      const report = await verifyStore(openStore(options.store), { publicKeys });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        for (const failure of report.failures) process.stdout.write(`FAIL ${failure.key}: ${failure.errors.join('; ')}\n`);
        process.stdout.write(`${report.checked} records checked, ${report.ok} verified, ${report.failures.length} failed\n`);
      }
      process.exitCode = report.failures.length === 0 ? EXIT.ok : EXIT.partial;
    });
}
