#!/usr/bin/env node
import { Command } from 'commander';
import { COLLECTOR_VERSION } from '../model/version.ts';
import { exitQuietlyOnClosedPipe, runProgram } from './run-program.ts';

export { exitQuietlyOnClosedPipe } from './run-program.ts';

type Register = (program: Command) => void;

/**
 * Every command's module, in the order help lists them, imported only when that command runs:
 * `verify` never parses the collectors, the report or the pipeline (and, built, each is its own
 * chunk: scripts/build-cli.ts).
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  keygen: async () => (await import('./commands/keygen.ts')).registerKeygen,
  collect: async () => (await import('./commands/collect.ts')).registerCollect,
  verify: async () => (await import('./commands/verify.ts')).registerVerify,
  list: async () => (await import('./commands/list.ts')).registerList,
  show: async () => (await import('./commands/show.ts')).registerShow,
  report: async () => (await import('./commands/report.ts')).registerReport,
  except: async () => (await import('./commands/except.ts')).registerExcept,
  attest: async () => (await import('./commands/attest.ts')).registerAttest,
  seal: async () => (await import('./commands/seal.ts')).registerSeal,
  export: async () => (await import('./commands/export.ts')).registerExport,
  demo: async () => (await import('./commands/demo.ts')).registerDemo,
};

/**
 * The `trailproof` command with the commands `argv` needs: the one it names, or every one when it
 * names none (`--help`, `help verify`, a typo that commander then reports with a suggestion).
 * The root has no option that takes a value, so the first word that is no option is the command.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('trailproof')
    .description('HIPAA compliance evidence for AWS: collect signed evidence records, verify them offline')
    .version(COLLECTOR_VERSION)
    .showHelpAfterError()
    .exitOverride();
  const named = argv.find((word) => !word.startsWith('-'));
  const names = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  for (const register of await Promise.all(names.map((name) => COMMANDS[name]!()))) register(program);
  return program;
}

/** Flags and exit codes are a contract other tools rely on: 0 all good, 1 fatal error, 2 some inputs invalid / some records failed verification. */
export async function main(argv: string[]): Promise<number> {
  return runProgram(() => buildProgram(argv), argv);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  exitQuietlyOnClosedPipe();
  process.exitCode = await main(process.argv.slice(2));
}
