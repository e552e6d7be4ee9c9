import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(REPO, 'lib/cli/main.ts');
const RECORDER = join(REPO, 'test/cli/support/record-imports.ts');
const STEP = join(REPO, 'lib/cli/demo/clinic/05-ssh-open-to-internet');
const run = promisify(execFile);

/** Runs the CLI with every resolved module URL logged; returns its exit code and the AWS SDK packages it loaded. */
async function trailproof(dir: string, name: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string; sdkPackages: string[] }> {
  const log = join(dir, `${name}.imports`);
  const { code, stdout, stderr } = await run(process.execPath, ['--import', RECORDER, MAIN, ...args], { env: { ...process.env, TRAILPROOF_IMPORT_LOG: log }, maxBuffer: 1 << 24 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  const urls = (await readFile(log, 'utf8').catch(() => '')).split('\n');
  const sdkPackages = [...new Set(urls.map((url) => /\/node_modules\/(@aws-sdk\/[^/]+)\//.exec(url)?.[1]).filter((p) => p !== undefined))].sort();
  return { code, stdout, stderr, sdkPackages };
}

describe('the CLI loads AWS SDK clients only in the commands that call AWS', () => {
  let dir: string;
  let store: string;
  let pub: string;
  let collect: Awaited<ReturnType<typeof trailproof>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailproof-sdk-loading-'));
    store = join(dir, 'store');
    pub = join(dir, 'keys/signing-key.pub.pem');
    await trailproof(dir, 'keygen', 'keygen', '--out', join(dir, 'keys'));
    collect = await trailproof(dir, 'collect', 'collect', '--events', join(STEP, 'events'), '--responses', join(STEP, 'responses.json'), '--store', store, '--key', join(dir, 'keys/signing-key.pem'));
  });

  it('collect --responses loads only the clients of the checks its events reach (the recorded clients are SDK clients)', () => {
    // Assess: security-group events reach EC2 checks only; none of the other 27 clients is loaded.
    expect(collect.code, collect.stderr).toBe(0);
    expect(collect.sdkPackages.filter((p) => p.startsWith('@aws-sdk/client-'))).toEqual(['@aws-sdk/client-ec2']);
  });

  it('seal with a PEM key, verify, list, show, report and export on a directory store load none', async () => {
    // Prepare
    const listed = await trailproof(dir, 'list-json', 'list', '--store', store, '--json');
    const recordId = (JSON.parse(listed.stdout) as Array<{ id: string }>)[0]!.id;
    const commands: Record<string, string[]> = {
      seal: ['seal', '--store', store, '--key', join(dir, 'keys/signing-key.pem'), '--through', 'now'],
      verify: ['verify', '--store', store, '--public-key', pub],
      list: ['list', '--store', store],
      show: ['show', recordId, '--store', store, '--public-key', pub],
      report: ['report', '--store', store, '--public-key', pub, '--format', 'html', '--out', join(dir, 'report.html')],
      export: ['export', '--store', store, '--public-key', pub, '--from', '2000-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00Z', '--out', join(dir, 'package')],
    };

    // Act
    const results: Record<string, { code: number; stderr: string; sdkPackages: string[] }> = {};
    for (const [name, args] of Object.entries(commands)) {
      const { code, stderr, sdkPackages } = await trailproof(dir, name, ...args);
      results[name] = { code, stderr: code === 0 ? '' : stderr, sdkPackages };
    }

    // Assess
    const none = { code: 0, stderr: '', sdkPackages: [] };
    expect(results).toEqual({ seal: none, verify: none, list: none, show: none, report: none, export: none });
  });
});
