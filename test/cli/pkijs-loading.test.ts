import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { floorHour } from '../../lib/util/time.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { hasOpenssl, startLocalTsa, type LocalTsa } from '../fixtures/tsa/local-tsa.ts';
import { writeObject } from '../seal/helpers.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(REPO, 'lib/cli/main.ts');
const RECORDER = join(REPO, 'test/cli/support/record-imports.ts');
const ASN1_PACKAGES = /\/node_modules\/(pkijs|asn1js)\//;
const run = promisify(execFile);

/** Runs the CLI with every resolved module URL logged; its exit code and whether it loaded pkijs or asn1js. */
async function trailproof(dir: string, name: string, ...args: string[]): Promise<{ code: number; stderr: string; asn1: boolean }> {
  const log = join(dir, `${name}.imports`);
  const { code, stderr } = await run(process.execPath, ['--import', RECORDER, MAIN, ...args], { env: { ...process.env, TRAILPROOF_IMPORT_LOG: log } }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => error,
  );
  const urls = (await readFile(log, 'utf8').catch(() => '')).split('\n');
  return { code, stderr: code === 0 ? '' : stderr, asn1: urls.some((url) => ASN1_PACKAGES.test(url)) };
}

describe('the ASN.1 and PKI code (pkijs, asn1js) loads only where a time-stamp is asked for or checked', () => {
  let dir: string;
  let store: string;
  let key: string;
  let pub: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailproof-pkijs-loading-'));
    store = join(dir, 'store');
    const keys = freshSigner();
    [key, pub] = [join(dir, 'key.pem'), join(dir, 'pub.pem')];
    await Promise.all([writeFile(key, keys.privatePem), writeFile(pub, keys.publicPem)]);
    await writeObject(new DirectoryStore(store), keys.signer, new Date(floorHour(new Date()).getTime() - 3 * 3_600_000).toISOString(), 2);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('seal without --tsa, verify without --tsa-ca, and export load neither', async () => {
    // Act
    const sealed = await trailproof(dir, 'seal', 'seal', '--store', store, '--key', key);
    const verified = await trailproof(dir, 'verify', 'verify', '--store', store, '--public-key', pub);
    const exported = await trailproof(dir, 'export', 'export', '--store', store, '--public-key', pub, '--from', '2000-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00Z', '--out', join(dir, 'package'));
    // Assess
    const none = { code: 0, stderr: '', asn1: false };
    expect({ sealed, verified, exported }).toEqual({ sealed: none, verified: none, exported: none });
  });

  describe.skipIf(!hasOpenssl)('with a TSA', () => {
    let tsa: LocalTsa;
    beforeAll(async () => {
      tsa = await startLocalTsa();
    });
    afterAll(() => tsa?.close());

    it('seal --tsa and verify --tsa-ca load them', async () => {
      // Act
      const sealed = await trailproof(dir, 'seal-tsa', 'seal', '--store', store, '--key', key, '--through', 'now', '--tsa', tsa.url);
      const verified = await trailproof(dir, 'verify-tsa', 'verify', '--store', store, '--public-key', pub, '--tsa-ca', tsa.pki.caFile, '--require-timestamps');
      // Assess
      const loaded = { code: 0, stderr: '', asn1: true };
      expect({ sealed, verified }).toEqual({ sealed: loaded, verified: loaded });
    });
  });
});
