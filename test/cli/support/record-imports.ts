/**
 * Preloaded with `node --import` by test/cli/aws-sdk-loading.test.ts: appends the URL of every
 * module the process resolves (ESM imports and CommonJS requires alike) to the file named by
 * TRAILPROOF_IMPORT_LOG, one per line, so a test can tell which packages a command loaded.
 */
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const log = process.env.TRAILPROOF_IMPORT_LOG;
if (!log) throw new Error('record-imports: set TRAILPROOF_IMPORT_LOG to the file that receives the resolved URLs');

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    appendFileSync(log, `${resolved.url}\n`);
    return resolved;
  },
});
