import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder trailproof is installed in: the nearest folder above this module whose package.json
 * names `trailproof`. Files the CLI reads at run time (the demo scenario, the built verify.mjs)
 * are found from there, because this module's own place differs: lib/cli/ in a clone, a chunk
 * under dist/cli/ in an installed package.
 *
 * @throws Error when no such folder exists (a copy of the code without its package.json).
 * @example const scenario = join(packageRoot(), 'lib/cli/demo/clinic');
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'trailproof') return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json of trailproof above ${from}`);
  }
}
