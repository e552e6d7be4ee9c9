#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { COLLECTOR_VERSION } from '../model/version.ts';
import { registerKeygen } from './commands/keygen.ts';
import { registerCollect } from './commands/collect.ts';
import { registerVerify } from './commands/verify.ts';
import { registerList } from './commands/list.ts';
import { registerDemo } from './commands/demo.ts';
import { registerReport } from './commands/report.ts';
import { registerShow } from './commands/show.ts';
import { registerSeal } from './commands/seal.ts';
import { registerExport } from './commands/export.ts';
import { EXIT } from './exit.ts';

/**
 * The `trailproof` command. Flags and exit codes are a contract other tools rely on:
 * 0 all good, 1 fatal error, 2 some inputs invalid / some records failed verification.
 */
export function buildProgram(): Command {
  const program = new Command('trailproof')
    .description('HIPAA compliance evidence for AWS: collect signed evidence records, verify them offline')
    .version(COLLECTOR_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerKeygen(program);
  registerCollect(program);
  registerVerify(program);
  registerList(program);
  registerShow(program);
  registerReport(program);
  registerSeal(program);
  registerExport(program);
  registerDemo(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.fatal;
    process.stderr.write(`trailproof: ${(error as Error).message}\n`);
    return EXIT.fatal;
  }
}

/** `trailproof list | head` closes the pipe early: that is the reader's choice, not an error. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  exitQuietlyOnClosedPipe();
  process.exitCode = await main(process.argv.slice(2));
}
