import type { Command } from 'commander';
import { readInputs } from '../inputs.ts';
import { ConfigError } from '../../errors.ts';
import { runPipeline, type RunSummary } from '../../pipeline/run.ts';
import { runSweep } from '../../pipeline/sweep.ts';
import { EXIT } from '../exit.ts';
import { formatCheckTable } from '../format.ts';

interface CollectOptions {
  events?: string[];
  sweep?: boolean;
  account?: string;
  regions?: string[];
  responses?: string;
  store: string;
  key: string;
  json?: boolean;
}

/** Exit 0 when every input was processed, 2 when some were invalid or failed (each reported), 1 when fatal. */
function exitCodeFor(summary: RunSummary): number {
  return summary.outcomes.some((o) => o.status === 'invalid' || o.status === 'failed') ? EXIT.partial : EXIT.ok;
}

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description('run the Lambda pipeline locally over event files and write signed evidence')
    .option('--events <path...>', 'event files or directories (CloudTrail, EventBridge, Config, JSON Lines)')
    .option('--sweep', 'instead of events: a baseline of every check over every resource (the daily posture sweep)')
    .option('--account <id>', 'account to sweep (default: the recorded-responses file, else STS GetCallerIdentity)')
    .option('--regions <region...>', 'regions to sweep (default: the recorded-responses file, else AWS_REGION)')
    .option('--responses <file>', 'answer every AWS read from a recorded-responses file (no network)')
    .requiredOption('--store <dir>', 'evidence store: a directory, or s3://bucket[/prefix]')
    .requiredOption('--key <pem>', 'PEM private key (ECDSA P-256) that signs the batches')
    .option('--json', 'print the run summary as JSON')
    .action(async (options: CollectOptions) => {
      if (!options.events === !options.sweep) throw new ConfigError('give either --events PATH... or --sweep');
      // The engine loads every collector and AWS SDK client: only this command (and demo) pays for them.
      const { localEngine } = await import('../engine.ts');
      const deps = await localEngine({ store: options.store, keyPath: options.key, ...(options.responses ? { responses: options.responses } : {}) });
      const summary = options.events
        ? await runPipeline(await readInputs(options.events), deps)
        : await runSweep(deps, {
            account: options.account ?? deps.account ?? (await callerAccount()),
            regions: options.regions ?? (deps.region ? [deps.region] : [process.env.AWS_REGION ?? 'us-east-1']),
          });
      if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else printSummary(summary, deps.store.location);
      process.exitCode = exitCodeFor(summary);
    });
}

function printSummary(summary: RunSummary, location: string): void {
  for (const outcome of summary.outcomes) {
    if (outcome.status === 'invalid' || outcome.status === 'failed') process.stderr.write(`${outcome.status}: ${outcome.source}: ${outcome.detail}${outcome.code ? ` [${outcome.code}]` : ''}\n`);
  }
  const count = (status: string): number => summary.outcomes.filter((o) => o.status === status).length;
  process.stdout.write(formatCheckTable(summary.byCheck));
  process.stdout.write(
    `inputs: ${summary.outcomes.length} (recorded ${count('recorded')}, no check applies ${count('no-check')}, skipped ${count('skipped')}, invalid ${count('invalid')}, failed ${count('failed')})\n` +
      `records: ${summary.written} written, ${summary.duplicates} already present, in ${location}\n` +
      (summary.runRecords ? `run records: ${summary.runRecords} (one per account and region swept)\n` : ''),
  );
}

/** The account of the default credentials, for a live sweep without --account. */
async function callerAccount(): Promise<string> {
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  const { Account } = await new STSClient({}).send(new GetCallerIdentityCommand({}));
  if (!Account) throw new ConfigError('could not tell the account from the credentials: pass --account');
  return Account;
}
