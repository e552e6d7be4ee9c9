/**
 * Deployment-size benchmark: each function's zipped artifact (target < 1 MB) from the packaged prod
 * stage, and its cold import time under Node 24 (median of several fresh processes), which is what a
 * Lambda cold start pays before the handler runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE_DIR = join(ROOT, '.serverless-prod');
const BUDGET_KB = 1024;
const RUNS = 5;

/** Environment a handler module may read at import time; dummy values, nothing is called. */
const HANDLER_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'bench-only',
  EVIDENCE_BUCKET: 'bench-bucket',
  SIGNING_KEY_ARN: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000',
  LOCK_MODE: 'GOVERNANCE',
  RETENTION_DAYS: '1',
  POWERTOOLS_SERVICE_NAME: 'trailproof',
  LOG_LEVEL: 'ERROR',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The handler module `<fn>.mjs` in an unzipped function (its chunks sit beside it under chunks/). */
function findHandler(dir: string, fn: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findHandler(path, fn);
      if (found) return found;
    } else if (entry.name === `${fn}.mjs`) return path;
  }
  return undefined;
}

/** Milliseconds to import `file` in a fresh Node process, median of RUNS. */
function coldImportMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...HANDLER_ENV }, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr.trim().split('\n').slice(-3).join(' '));
    samples.push(Number(run.stdout.trim()));
  }
  return median(samples);
}

/**
 * Printable lines, one per function: zipped size in KB against the 1 MB budget, and median cold
 * import time. Reads .serverless-prod/ (run `npm run package` first).
 *
 * @example for (const line of await deploySizeBench()) console.log(line);
 */
export async function deploySizeBench(): Promise<string[]> {
  if (!existsSync(PACKAGE_DIR)) return ['deploy-size: .serverless-prod/ not found; run `npm run package` first'];
  const zips = readdirSync(PACKAGE_DIR).filter((f) => f.endsWith('.zip')).sort();
  const lines = [`deploy-size: ${zips.length} functions, Node ${process.versions.node}, cold import median of ${RUNS}`];
  for (const zip of zips) {
    const kb = statSync(join(PACKAGE_DIR, zip)).size / 1024;
    const work = mkdtempSync(join(tmpdir(), 'trailproof-bench-'));
    let importText: string;
    try {
      const unzip = spawnSync('unzip', ['-q', join(PACKAGE_DIR, zip), '-d', work], { encoding: 'utf8' });
      const entry = unzip.status === 0 ? findHandler(work, zip.replace(/\.zip$/, '')) : undefined;
      importText = entry ? `${coldImportMs(entry).toFixed(1)} ms cold import` : `cold import n/a (${unzip.error?.message ?? (unzip.stderr.trim() || 'no .mjs in zip')})`;
    } catch (error) {
      importText = `cold import failed: ${(error as Error).message}`;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    const ratio = kb / BUDGET_KB;
    lines.push(`  ${zip.replace(/\.zip$/, '').padEnd(18)} ${kb.toFixed(1).padStart(8)} KB zipped (${(ratio * 100).toFixed(0)}% of 1 MB)  ${importText}`);
  }
  return lines;
}
