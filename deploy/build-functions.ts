/**
 * Builds each Lambda function into its own directory, dist/functions/<fn>/: the handler module
 * <fn>.mjs and the chunks it loads on demand (esbuild code splitting). A snapshot kind, and with it
 * its AWS SDK client, is a chunk that only a trigger routed to it imports, so a cold start parses
 * what the function always needs and nothing more; each zip holds exactly its own function's
 * files. `npm run package` runs this, then osls zips each directory as it is.
 *
 *   node deploy/build-functions.ts [--out dist/functions]
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './generate.ts';
import { FUNCTIONS, type FunctionName } from './roles.ts';

/** Where the built functions go (serverless.yml's custom.buildDir reads the same variable). */
export const BUILD_DIR = process.env.TRAILPROOF_BUILD_DIR ?? 'dist/functions';

/**
 * Build one function: minified ESM for Node 24, the AWS SDK bundled (the versions we tested, not
 * whatever the runtime ships), lazily imported modules split into chunks beside the handler.
 */
export async function buildFunction(fn: FunctionName, options: { functionsDir?: string; outDir?: string } = {}): Promise<string> {
  const outdir = resolve(REPO_ROOT, options.outDir ?? BUILD_DIR, fn);
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { [fn]: resolve(REPO_ROOT, options.functionsDir ?? process.env.TRAILPROOF_FUNCTIONS_DIR ?? 'functions', `${fn}.ts`) },
    absWorkingDir: REPO_ROOT,
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    sourcemap: false,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    outExtension: { '.js': '.mjs' },
    mainFields: ['module', 'main'],
    legalComments: 'none',
    logLevel: 'warning',
    // Some CommonJS dependencies call require(); ESM bundles have none unless we define it.
    banner: { js: "import { createRequire as __trailproofCreateRequire } from 'node:module'; const require = __trailproofCreateRequire(import.meta.url);" },
  });
  return join(outdir, `${fn}.mjs`);
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
  for (const fn of FUNCTIONS) console.log(`built ${await buildFunction(fn, outDir ? { outDir } : {})}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
