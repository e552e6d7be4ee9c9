import { CommanderError, type Command } from 'commander';
import { EXIT } from './exit.ts';

/**
 * Parses `argv` (the words after the command name) with `program` and runs what it names; returns
 * the exit code instead of exiting, so `trailproof` and the package's verify.mjs share one
 * contract: 0 all good, 1 fatal error, 2 some inputs invalid / some evidence failed verification.
 */
export async function runProgram(program: () => Promise<Command>, argv: string[]): Promise<number> {
  try {
    await (await program()).parseAsync(argv, { from: 'user' });
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
