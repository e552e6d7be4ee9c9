import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cruise, type ICruiseOptions, type IReporterOutput } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const rules = createRequire(import.meta.url)(join(REPO, '.dependency-cruiser.cjs')) as { forbidden: NonNullable<ICruiseOptions['ruleSet']>['forbidden']; options: ICruiseOptions };

/** Cruise `paths` of a probe tree under `baseDir` with the project's own rules (the ones `npm run lint` uses). */
async function violations(baseDir: string, paths: string[]): Promise<string[]> {
  const { exclude, doNotFollow, tsPreCompilationDeps, moduleSystems } = rules.options;
  const result: IReporterOutput = await cruise(paths, { baseDir, exclude, doNotFollow, tsPreCompilationDeps, moduleSystems, ruleSet: { forbidden: rules.forbidden }, validate: true });
  if (typeof result.output === 'string') throw new Error('expected a JSON cruise result');
  return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

/** Writes a tiny tree of TypeScript files (path -> source) into a fresh temp directory. */
async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'trailproof-layers-'));
  for (const [path, source] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), source);
  }
  return root;
}

describe('the layering rules of npm run lint', () => {
  it('hold for the shipped code as it is (the same command as npm run lint)', async () => {
    // Act: the CLI, so TypeScript paths resolve exactly as in lint
    const depcruise = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [depcruise, '--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'lib', 'functions', 'bin', 'deploy'], { cwd: REPO, maxBuffer: 1 << 27 }).catch((e: { stdout: string }) => e);
    const summary = (JSON.parse(stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } }).summary;

    // Assess
    expect(summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
    expect(summary.totalCruised).toBeGreaterThan(100);
  }, 60_000);

  it.each([
    ['a check importing a collector', { 'lib/checks/probe/index.ts': "import { x } from '../../collectors/s3.ts';\nexport const y = x;\n", 'lib/collectors/s3.ts': 'export const x = 1;\n' }, 'layer-checks'],
    ['the integrity core importing the store', { 'lib/evidence/verify.ts': "import { x } from '../store/layout.ts';\nexport const y = x;\n", 'lib/store/layout.ts': 'export const x = 1;\n' }, 'layer-evidence'],
    ['the model importing events', { 'lib/model/check.ts': "import { x } from '../events/route.ts';\nexport const y = x;\n", 'lib/events/route.ts': 'export const x = 1;\n' }, 'layer-model'],
    ['a collector importing the pipeline', { 'lib/collectors/s3.ts': "import { x } from '../pipeline/run.ts';\nexport const y = x;\n", 'lib/pipeline/run.ts': 'export const x = 1;\n' }, 'layer-collectors'],
    ['two modules in a cycle', { 'lib/pipeline/a.ts': "import { b } from './b.ts';\nexport const a = b;\n", 'lib/pipeline/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n" }, 'no-circular'],
  ])('catch %s', async (_name, files, rule) => {
    // Prepare
    const root = await tree(files);

    // Act
    const found = await violations(root, ['lib']);

    // Assess
    expect(found.some((v) => v.startsWith(`${rule}:`)), found.join('\n')).toBe(true);
  }, 60_000);
});
