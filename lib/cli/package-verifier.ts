import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { VERIFIER_FILE } from '../seal/audit-package.ts';
import { registerVerify } from './commands/verify.ts';
import { EXIT } from './exit.ts';
import { exitQuietlyOnClosedPipe, runProgram } from './run-program.ts';

/**
 * `trailproof verify` as the package's verify.mjs offers it: the same command (options, checks,
 * codes, output and exit codes), with `--store` fixed to the package and hidden. Commander names
 * a command after its parents, so a parent named `node` makes the usage line read as typed.
 */
function packageVerifierProgram(): Command {
  const program = new Command('node').exitOverride().showHelpAfterError();
  registerVerify(program);
  const verify = program.commands[0]!;
  verify.name(VERIFIER_FILE).description(`this audit package's verifier, trailproof verify on the folder it sits in: ${verify.description()}`);
  verify.options.find((option) => option.long === '--store')?.hideHelp();
  return program;
}

/**
 * Runs verify.mjs: verifies the package folder that holds the script at `scriptUrl`, wherever it
 * is run from, with the options in `argv`. Returns the exit code (0 all verified, 2 a finding, 1 fatal).
 *
 * @example process.exitCode = await runPackageVerifier(import.meta.url, process.argv.slice(2));
 */
export async function runPackageVerifier(scriptUrl: string, argv: string[]): Promise<number> {
  const packageDir = dirname(fileURLToPath(scriptUrl));
  if (argv.some((word) => word === '--store' || word.startsWith('--store='))) {
    process.stderr.write(`${VERIFIER_FILE} verifies the package it sits in (${packageDir}); to verify another store, use trailproof verify --store\n`);
    return EXIT.fatal;
  }
  exitQuietlyOnClosedPipe();
  return runProgram(async () => packageVerifierProgram(), [VERIFIER_FILE, '--store', packageDir, ...argv]);
}
