import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSealer } from '../../lib/seal/seal-pending.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { timestampKey } from '../../lib/store/layout.ts';
import { timestampAuthority } from '../../lib/timestamp/authority.ts';
import { requestTimestamp } from '../../lib/timestamp/tsa-client.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { writeObject } from '../seal/helpers.ts';
import { hasOpenssl, startLocalTsa, type LocalTsa } from '../fixtures/tsa/local-tsa.ts';

/**
 * docs/verify-by-hand.md's timestamp procedure, run verbatim with openssl on a store sealed through
 * a loopback TSA: what an auditor runs agrees with what trailproof stores.
 */

const doc = readFileSync(fileURLToPath(new URL('../../docs/verify-by-hand.md', import.meta.url)), 'utf8');
const loop = /<!-- timestamp:start -->\n```sh\n([\s\S]*?)```\n<!-- timestamp:end -->/.exec(doc)?.[1];
/** The one-seal command of the prose, exactly as printed. */
const oneSeal = /^ {4}(openssl ts -verify -data \S+ -in \S+ -CAfile tsa-ca\.pem)$/m.exec(doc)?.[1];
const keys = freshSigner();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const bash = (dir: string, script: string) => execFileSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A byte changed in a stored (read-only) file, as someone with a copy of the store could. */
function rewrite(path: string, change: (bytes: Buffer) => Buffer | string): void {
  chmodSync(path, 0o644);
  writeFileSync(path, change(readFileSync(path)));
}

describe.skipIf(!hasOpenssl)('docs/verify-by-hand.md: a seal\'s trusted timestamp, checked with openssl', () => {
  let tsa: LocalTsa;
  let otherTsa: LocalTsa;
  let dir: string;
  beforeAll(async () => {
    [tsa, otherTsa] = await Promise.all([startLocalTsa(), startLocalTsa()]);
    dir = mkdtempSync(join(tmpdir(), 'tp-tsa-by-hand-'));
    dirs.push(dir);
    // 43 hours sealed from 2026-04-30 00:00: the 43rd seal is the prose's seals/v2/2026/05/01/00000042.json.
    const store = new DirectoryStore(dir);
    await writeObject(store, keys.signer, '2026-04-30T00:10:00Z', 2);
    const run = await runSealer(store, keys.signer, { now: new Date('2026-05-01T19:20:00Z'), timestamps: { tsaUrl: tsa.url } });
    expect(run.head?.key).toBe('seals/v2/2026/05/01/00000042.json');
    expect(run.timestamps?.missing).toBe(0);
    copyFileSync(tsa.pki.caFile, join(dir, 'tsa-ca.pem'));
  });
  afterAll(() => Promise.all([tsa?.close(), otherTsa?.close()]));

  it('the documented one-seal command verifies the stored response as it is (-in: the whole TimeStampResp)', () => {
    // Act
    const out = bash(dir, oneSeal!);
    // Assess
    expect(oneSeal).toBe('openssl ts -verify -data seals/v2/2026/05/01/00000042.json -in seals/v2/2026/05/01/00000042.json.tsr -CAfile tsa-ca.pem');
    expect(out.trim()).toBe('Verification: OK');
  });

  it('the documented loop says OK for every seal, with the TSA time and the sealedAt to compare', () => {
    // Act
    const lines = bash(dir, loop!).trim().split('\n');
    // Assess
    expect(lines).toHaveLength(43);
    for (const line of lines) expect(line).toMatch(/^seals\/v2\/2026\/0[45]\/\d\d\/\d{8}\.json: timestamp OK, Time stamp: \w{3} +\d+ [\d:]+ \d{4} GMT, "sealedAt": "2026-05-01T19:20:00\.000Z"$/);
  });

  it('the loop names a changed seal, a token from another TSA and a missing token', async () => {
    // Prepare: a copy of the store, then three changes an attacker could make
    const copy = mkdtempSync(join(tmpdir(), 'tp-tsa-by-hand-tampered-'));
    dirs.push(copy);
    bash(copy, `cp -r ${JSON.stringify(join(dir, 'seals'))} ${JSON.stringify(join(dir, 'tsa-ca.pem'))} .`);
    const [changed, replaced, removed] = ['00000040', '00000041', '00000042'].map((seq) => `seals/v2/2026/05/01/${seq}.json`) as [string, string, string];
    rewrite(join(copy, changed), (bytes) => bytes.toString('utf8').replace(/\n}\n$/, ' \n}\n'));
    const forged = await requestTimestamp(timestampAuthority(otherTsa.url), readFileSync(join(copy, replaced)));
    rewrite(join(copy, timestampKey(replaced)), () => forged);
    rmSync(join(copy, timestampKey(removed)));
    // Act
    const lines = bash(copy, loop!).trim().split('\n');
    // Assess
    expect(lines.filter((l) => !l.includes('timestamp OK'))).toEqual([`${changed}: timestamp FAILED`, `${replaced}: timestamp FAILED`, `${removed}: NO TIMESTAMP`]);
  });
});
