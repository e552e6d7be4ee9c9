/**
 * Builds the JavaScript `npm pack` ships (the package's `prepack` runs this):
 *
 *   dist/cli/main.mjs + dist/cli/chunks/   the trailproof command (lib/cli/main.ts) as ESM for
 *       Node 22.12+, split so each command loads only its own modules (verify never parses a
 *       collector). Packages stay imports: they are the package's bundleDependencies, real npm
 *       packages an auditor can `npm ls` and `npm audit` in the installed tree.
 *   dist/verifier/verify.mjs   the verifier every audit package carries (`trailproof export`): one
 *       file for Node 20.19+, every dependency inlined, nothing but Node's built-ins needed.
 *
 * Both builds are deterministic (same sources, same bytes), so an auditor can compare a package's
 * verify.mjs with the one of the trailproof release that wrote it.
 *
 *   node scripts/build-cli.ts
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { BUILT_VERIFIER } from '../lib/cli/verifier-source.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));


/** ESM output has no `require`; bundled CommonJS packages (commander, ajv) call it for Node built-ins. */
const REQUIRE_SHIM = "import { createRequire as __trailproofCreateRequire } from 'node:module';\nconst require = __trailproofCreateRequire(import.meta.url);\n";

/**
 * verify.mjs reads the package directory it sits in, never S3: the S3 store (and with it the AWS
 * SDK) that `trailproof verify` loads for an s3:// location is left out of the file.
 */
const withoutS3Store: Plugin = {
  name: 'without-s3-store',
  setup(build) {
    build.onResolve({ filter: /\/store\/s3\.ts$/ }, () => ({ path: 's3-store', namespace: 'without-s3-store' }));
    build.onLoad({ filter: /.*/, namespace: 'without-s3-store' }, () => ({
      contents: "export function s3StoreFromUrl() { throw new Error('verify.mjs verifies the package it sits in; use trailproof verify for an S3 store'); }",
      loader: 'js',
    }));
  },
};

const readText = (path: string): string => readFileSync(path, 'utf8');

/** `name@version (license)` of every package the build inlined, from its package.json: the file's attribution. */
function inlinedPackages(metafile: Metafile): string[] {
  const roots = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) roots.add(match[1]!);
  }
  return [...roots]
    .map((root) => {
      const manifest = JSON.parse(readText(join(REPO_ROOT, root, 'package.json'))) as { name: string; version: string; license?: string };
      return `${manifest.name}@${manifest.version} (${manifest.license ?? 'see its package'})`;
    })
    .sort();
}

/**
 * The text of verify.mjs: lib/cli/package-verifier.ts run on the folder the file sits in, with
 * every module it needs (lib/verify, lib/evidence, the seal and manifest checks, commander, ajv,
 * the JSON Schemas) inlined, for Node 20.19 and later.
 */
export async function buildVerifier(): Promise<string> {
  const version = (JSON.parse(readText(join(REPO_ROOT, 'package.json'))) as { version: string }).version;
  const result = await build({
    stdin: {
      contents: "import { runPackageVerifier } from './lib/cli/package-verifier.ts';\nprocess.exitCode = await runPackageVerifier(import.meta.url, process.argv.slice(2));\n",
      resolveDir: REPO_ROOT,
      sourcefile: 'verify-entry.ts',
      loader: 'ts',
    },
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    legalComments: 'inline',
    logLevel: 'warning',
    plugins: [withoutS3Store],
  });
  const code = result.outputFiles[0]!.text;
  const header = [
    '#!/usr/bin/env node',
    `// verify.mjs of trailproof ${version}: verifies the audit package it sits in exactly as \`trailproof verify --store <package>\` does`,
    '// (records, seals, keys, the manifest, and time-stamp tokens), with nothing but Node.js 20.19 or later:',
    '//   node verify.mjs --public-key <the PEM key you trust> [--json] [trailproof verify\'s other options]',
    '// Exit 0 when everything verifies, 2 when something failed (each finding named with its code), 1 on a fatal error.',
    "// Built from trailproof's lib/cli/package-verifier.ts (scripts/build-cli.ts); the package's manifest.json lists its SHA-256.",
    `// Inlined packages: ${inlinedPackages(result.metafile).join(', ')}.`,
  ].join('\n');
  return `${header}\n${REQUIRE_SHIM}${code}`;
}

/** The trailproof command, code-split: main.mjs loads one command's chunk, and that chunk what the command imports. */
export async function buildCli(outdir: string): Promise<string> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { main: join(REPO_ROOT, 'lib/cli/main.ts') },
    absWorkingDir: REPO_ROOT,
    outdir,
    bundle: true,
    splitting: true,
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outExtension: { '.js': '.mjs' },
    legalComments: 'inline',
    logLevel: 'warning',
  });
  return join(outdir, 'main.mjs');
}

async function main(): Promise<void> {
  console.log(`built ${await buildCli(join(REPO_ROOT, 'dist/cli'))}`);
  const verifier = join(REPO_ROOT, BUILT_VERIFIER);
  mkdirSync(dirname(verifier), { recursive: true });
  writeFileSync(verifier, await buildVerifier(), { mode: 0o755 });
  console.log(`built ${verifier}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
