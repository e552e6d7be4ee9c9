import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, type CliResult } from '../fixtures/cli.ts';
import { findNode20, nodeOfPackage } from '../fixtures/node-binaries.ts';

/**
 * The CLI as an auditor gets it: `npm pack` of this repository (prepack builds the JavaScript),
 * installed into an empty folder outside it with no network (`--offline`, and a registry that
 * does not answer), then every command run from that install on Node 24 and Node 22 (the npm
 * packages `node` and `node-22`, dev dependencies): no clone, no TypeScript, no dev dependency;
 * and the verify.mjs it puts in a package (the one npm pack built) run on the system's Node 20.
 */

const work = mkdtempSync(join(tmpdir(), 'tp-installed-'));
const installDir = join(work, 'auditor');
const installed = join(installDir, 'node_modules/trailproof');
const bin = join(installed, 'bin/trailproof.mjs');
const RECORDER = join(REPO, 'test/cli/support/record-imports.ts');
const run = promisify(execFile);

const NODES = { 'Node 24': nodeOfPackage('node'), 'Node 22': nodeOfPackage('node-22') };
const node20 = findNode20().node;

/**
 * The environment without npm's own variables: under `npm test` they name this repository as the
 * project (npm_config_local_prefix, ...), and a child npm would install into it.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|INIT_CWD$)/i.test(k)));
  return { ...env, ...extra };
}

/** `trailproof <args>` from the install, on `node`; never throws on a non-zero exit. */
async function trailproof(node: string, args: string[], nodeFlags: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  return run(node, [...nodeFlags, bin, ...args], { cwd: work, env: cleanEnv(env), maxBuffer: 1 << 26 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: CliResult) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** Every file under `dir`, relative, `/`-separated. */
const filesUnder = (dir: string) => (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; parentPath: string; name: string }>).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));

beforeAll(() => {
  // Prepare: pack (prepack builds dist/) and install into an empty project, offline.
  let started = Date.now();
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO, env: cleanEnv(), encoding: 'utf8', maxBuffer: 1 << 28 });
  // prepack's own lines (the build) come first on stdout, then npm's JSON.
  const packed = JSON.parse(output.slice(output.search(/^\[/m))) as Array<{ filename: string; size: number; unpackedSize: number; entryCount: number }>;
  const packSeconds = (Date.now() - started) / 1000;
  const tarball = join(work, packed[0]!.filename);
  mkdirSync(installDir);
  writeFileSync(join(installDir, 'package.json'), '{ "name": "auditor", "private": true }\n');
  started = Date.now();
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', installDir, tarball], {
    cwd: installDir,
    env: cleanEnv({ npm_config_registry: 'http://127.0.0.1:9/' }),
    stdio: 'pipe',
  });
  const installSeconds = (Date.now() - started) / 1000;
  const { size, unpackedSize, entryCount } = packed[0]!;
  console.log(`npm pack: ${(size / 1e6).toFixed(1)} MB (${(unpackedSize / 1e6).toFixed(1)} MB unpacked, ${entryCount} files) in ${packSeconds.toFixed(0)} s; offline install in ${installSeconds.toFixed(0)} s`);
}, 900_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  it('ships built JavaScript, the demo scenario and the production dependencies, no TypeScript source and no dev dependency', () => {
    // Act
    const files = filesUnder(installed).filter((f) => !f.startsWith('node_modules/'));
    const top = readdirSync(join(installDir, 'node_modules')).filter((name) => !name.startsWith('.'));
    const bundled = readdirSync(join(installed, 'node_modules'));
    // Assess
    expect(files).toEqual(expect.arrayContaining(['bin/trailproof.mjs', 'dist/cli/main.mjs', 'dist/verifier/verify.mjs', 'lib/cli/demo/clinic/05-ssh-open-to-internet/responses.json', 'evidence-schemas/evidence-record.v1.schema.json']));
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(top).toEqual(['trailproof']);
    expect(bundled).toEqual(expect.arrayContaining(['@aws-sdk', 'commander', 'ajv', 'pkijs']));
    for (const dev of ['esbuild', 'vitest', 'typescript', 'node', 'node-22']) expect(bundled).not.toContain(dev);
  });
});

describe.each(Object.entries(NODES))('the installed trailproof on %s', (label, node) => {
  it.skipIf(!node)('runs every command: demo, keygen, collect --responses, seal, verify, list, show, report, export', async () => {
    // Prepare
    const dir = join(work, label.replace(' ', ''));
    const step = join(installed, 'lib/cli/demo/clinic/05-ssh-open-to-internet');
    const [store, pub, key] = [join(dir, 'store'), join(dir, 'keys/signing-key.pub.pem'), join(dir, 'keys/signing-key.pem')];
    const tp = (...args: string[]) => trailproof(node!, args);

    // Act
    const demo = await tp('demo', '--out', join(dir, 'demo'));
    const demoVerified = await tp('verify', '--store', join(dir, 'demo/store'), '--public-key', join(dir, 'demo/signing-key.pub.pem'), '--require-seals');
    const keygen = await tp('keygen', '--out', join(dir, 'keys'));
    const collect = await tp('collect', '--events', join(step, 'events'), '--responses', join(step, 'responses.json'), '--store', store, '--key', key);
    const seal = await tp('seal', '--store', store, '--key', key, '--through', 'now');
    const verify = await tp('verify', '--store', store, '--public-key', pub, '--require-seals', '--json');
    const list = await tp('list', '--store', store, '--json');
    const recordId = (JSON.parse(list.stdout) as Array<{ id: string }>)[0]!.id;
    const show = await tp('show', recordId, '--store', store, '--public-key', pub);
    const report = await tp('report', '--store', store, '--public-key', pub, '--format', 'csv', '--out', join(dir, 'report.csv'));
    const exported = await tp('export', '--store', store, '--public-key', pub, '--from', '2000-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00Z', '--out', join(dir, 'package'));

    // Assess
    const failed = Object.entries({ demo, demoVerified, keygen, collect, seal, verify, list, show, report, exported }).filter(([, r]) => r.code !== 0);
    expect(failed.map(([name, r]) => `${name}: exit ${r.code}: ${r.stderr}`)).toEqual([]);
    expect(demo.stdout).toMatch(/^verify: (\d+) of \1 records verified, 0 failed/m);
    expect(JSON.parse(verify.stdout)).toMatchObject({ failures: [], seals: { failures: [] } });
    expect(show.stdout).toContain(recordId);
    expect(readFileSync(join(dir, 'report.csv'), 'utf8').split('\n').length).toBeGreaterThan(1);
    expect(existsSync(join(dir, 'package/verify.mjs'))).toBe(true);
  });

  it.skipIf(!node || !node20)('exports packages whose verify.mjs (the one npm pack built) verifies them on Node 20', async () => {
    // Prepare
    const dir = join(work, `${label.replace(' ', '')}-verifier`);
    await trailproof(node!, ['demo', '--out', join(dir, 'demo')]);
    await trailproof(node!, ['export', '--store', join(dir, 'demo/store'), '--public-key', join(dir, 'demo/signing-key.pub.pem'), '--from', '2000-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00Z', '--out', join(dir, 'package')]);
    // Act
    const verified = await run(node20!, [join(dir, 'package/verify.mjs'), '--public-key', join(dir, 'demo/signing-key.pub.pem')], { cwd: join(dir, 'package') });
    // Assess
    expect(readFileSync(join(dir, 'package/verify.mjs'), 'utf8')).toBe(readFileSync(join(installed, 'dist/verifier/verify.mjs'), 'utf8'));
    expect(verified.stdout).toMatch(/^manifest: (\d+) files listed, \1 match, 0 failed$/m);
  });
});

describe.skipIf(!NODES['Node 24'])('the installed trailproof loads the AWS SDK only where it calls AWS', () => {
  it('collect --responses loads the bundled EC2 client and no other client; verify, list, show, report and export load none', async () => {
    // Prepare
    const dir = join(work, 'sdk-loading');
    const step = join(installed, 'lib/cli/demo/clinic/05-ssh-open-to-internet');
    const [store, pub, key] = [join(dir, 'store'), join(dir, 'keys/signing-key.pub.pem'), join(dir, 'keys/signing-key.pem')];
    const node = NODES['Node 24']!;
    await trailproof(node, ['keygen', '--out', join(dir, 'keys')]);
    let n = 0;
    /** The folders of the AWS SDK packages one command resolved. */
    const sdkLoadedBy = async (...args: string[]) => {
      const log = join(dir, `${n++}.imports`);
      const result = await trailproof(node, args, ['--import', RECORDER], { TRAILPROOF_IMPORT_LOG: log });
      expect(result.code, result.stderr).toBe(0);
      const urls = readFileSync(log, 'utf8').split('\n');
      return [...new Set(urls.map((url) => /^file:\/\/(.*\/node_modules\/@aws-sdk\/[^/]+)\//.exec(url)?.[1]).filter((p) => p !== undefined))];
    };

    // Act
    const collect = await sdkLoadedBy('collect', '--events', join(step, 'events'), '--responses', join(step, 'responses.json'), '--store', store, '--key', key);
    const recordId = (JSON.parse((await trailproof(node, ['list', '--store', store, '--json'])).stdout) as Array<{ id: string }>)[0]!.id;
    const readers = {
      verify: await sdkLoadedBy('verify', '--store', store, '--public-key', pub),
      list: await sdkLoadedBy('list', '--store', store),
      show: await sdkLoadedBy('show', recordId, '--store', store, '--public-key', pub),
      report: await sdkLoadedBy('report', '--store', store, '--public-key', pub, '--format', 'html', '--out', join(dir, 'report.html')),
      export: await sdkLoadedBy('export', '--store', store, '--public-key', pub, '--from', '2000-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00Z', '--out', join(dir, 'package')),
    };

    // Assess
    expect(collect.filter((path) => /\/client-[^/]+$/.test(path))).toEqual([join(installed, 'node_modules/@aws-sdk/client-ec2')]);
    expect(collect.filter((path) => !path.startsWith(join(installed, 'node_modules/@aws-sdk/')))).toEqual([]);
    expect(readers).toEqual({ verify: [], list: [], show: [], report: [], export: [] });
  });
});
