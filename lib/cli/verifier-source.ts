import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from './package-root.ts';

/** Where `npm pack` (scripts/build-cli.ts) puts the built verifier, under the package root. */
export const BUILT_VERIFIER = 'dist/verifier/verify.mjs';

/** What scripts/build-cli.ts offers a clone (typed here so shipped code never names the build script's dev dependencies). */
interface VerifierBuilder {
  buildVerifier(): Promise<string>;
}

/**
 * The text of verify.mjs, the verifier `trailproof export` puts in every package. An installed
 * trailproof reads the one `npm pack` built. A clone has the sources instead: it builds it now
 * with esbuild (a dev dependency every clone has), never reading an earlier build that its
 * sources may have outgrown, so the package's verifier always judges as this `trailproof verify`.
 *
 * @throws Error when neither the sources nor the built file are there (a broken installation).
 */
export async function verifierSource(root: string = packageRoot()): Promise<string> {
  const builder = join(root, 'scripts/build-cli.ts');
  if (existsSync(join(root, 'lib/cli/package-verifier.ts')) && existsSync(builder)) {
    // A computed URL, so the CLI's own bundle neither follows nor ships the build script.
    const { buildVerifier } = (await import(pathToFileURL(builder).href)) as VerifierBuilder;
    return buildVerifier();
  }
  const built = join(root, BUILT_VERIFIER);
  if (!existsSync(built)) throw new Error(`${built} is missing: this trailproof installation is incomplete (reinstall it), so its packages could carry no verify.mjs`);
  return readFile(built, 'utf8');
}
