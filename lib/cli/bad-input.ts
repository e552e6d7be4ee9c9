import { ParseError, SchemaError } from '../errors.ts';
import { EXIT } from './exit.ts';

/**
 * Runs a command's action so that bad input is exit 2 with a clear message naming the field and
 * its code (`--expires: has an invalid value: ... [INVALID_VALUE]`), never a stack trace: the
 * action validates everything before it writes, so a refusal writes nothing. Other errors
 * (a store that cannot be reached, a key that is not a key) stay fatal (exit 1).
 *
 * @example .action(refusingBadInput('except', async (options) => { ... }))
 */
export function refusingBadInput<A extends unknown[]>(command: string, action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (error instanceof ParseError) {
        process.stderr.write(`trailproof ${command}: ${error.message} [${error.code}]; nothing was written\n`);
      } else if (error instanceof SchemaError) {
        process.stderr.write(`trailproof ${command}: ${error.errors.join('; ')} [SCHEMA_ERROR]; nothing was written\n`);
      } else {
        throw error;
      }
      process.exitCode = EXIT.partial;
    }
  };
}
