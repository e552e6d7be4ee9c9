import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import { chainProblem, readTrustAnchors, timeStampingPurposeProblem } from '../../lib/timestamp/trust.ts';
import { createTsaPki, hasOpenssl, type TsaPki } from '../fixtures/tsa/local-tsa.ts';

const DAY = 86_400_000;

describe('readTrustAnchors', () => {
  it.each(['', 'not a certificate', '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n'])('refuses %j: a CA file holds certificates', (pem) => {
    // Act + Assess
    expect(() => readTrustAnchors(pem, 'ca.pem')).toThrow(ConfigError);
    expect(() => readTrustAnchors(pem, 'ca.pem')).toThrow(/ca\.pem holds no PEM certificate/);
  });

  it('refuses a CERTIFICATE block that is not one, naming the file and the block', () => {
    // Act + Assess
    expect(() => readTrustAnchors('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', 'ca.pem')).toThrow(/ca\.pem: certificate 1 is not an X\.509 certificate/);
  });
});

describe.skipIf(!hasOpenssl)('the signer certificate: its purpose and its chain', () => {
  let pki: TsaPki;
  let other: TsaPki;
  let work: string;
  beforeAll(async () => {
    [pki, other] = await Promise.all([createTsaPki('Trusted'), createTsaPki('Other')]);
    work = mkdtempSync(join(tmpdir(), 'tp-trust-'));
  });
  afterAll(async () => {
    await Promise.all([pki?.remove(), other?.remove()]);
    rmSync(work, { recursive: true, force: true });
  });

  const certificate = (path: string) => readTrustAnchors(readFileSync(path, 'utf8'), path)[0]!;

  /** A self-signed certificate with these extra extensions (`-addext`). */
  function selfSigned(name: string, ...extensions: string[]) {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-subj', `/CN=${name}`, '-days', '1', ...extensions.flatMap((e) => ['-addext', e])],
      { cwd: work, stdio: 'ignore' },
    );
    return certificate(join(work, `${name}.crt`));
  }

  it.each<[string, string[], RegExp | undefined]>([
    ['critical id-kp-timeStamping alone', ['extendedKeyUsage=critical,timeStamping'], undefined],
    ['no extended key usage', [], /no extended key usage/],
    ['id-kp-timeStamping not critical', ['extendedKeyUsage=timeStamping'], /not critical/],
    ['server authentication beside time-stamping', ['extendedKeyUsage=critical,serverAuth,timeStamping'], /not id-kp-timeStamping alone/],
    ['server authentication only', ['extendedKeyUsage=critical,serverAuth'], /not id-kp-timeStamping alone/],
  ])('a certificate with %s', (name, extensions, problem) => {
    // Prepare
    const cert = selfSigned(name.replace(/\W+/g, '-'), ...extensions);
    // Act
    const found = timeStampingPurposeProblem(cert);
    // Assess
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });

  it('the TSA certificate chains to its CA while it is valid, not to another CA, not after it expired', async () => {
    // Prepare
    const signer = certificate(join(pki.dir, 'tsa.crt'));
    const [ca, otherCa] = [certificate(pki.caFile), certificate(other.caFile)];
    // Act
    const trusted = await chainProblem(signer, [ca], [ca], new Date());
    const untrusted = await chainProblem(signer, [ca], [otherCa], new Date());
    const expired = await chainProblem(signer, [ca], [ca], new Date(Date.now() + 60 * DAY));
    const selfNamed = await chainProblem(otherCa, [], [ca], new Date());
    // Assess
    expect(trusted).toBeUndefined();
    expect(untrusted).toMatch(/no valid chain from the signer to the given CA/);
    expect(expired).toMatch(/not yet valid or expired/);
    expect(selfNamed).toMatch(/no valid chain/);
  });
});
