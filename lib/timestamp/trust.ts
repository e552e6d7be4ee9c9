import { Certificate, CertificateChainValidationEngine, ExtKeyUsage } from 'pkijs';
import { ConfigError } from '../errors.ts';

/**
 * Whom an auditor trusts to tell the time: the CA certificates of `verify --tsa-ca`, a chain from
 * a token's signer up to one of them at the token's time, and the signer's purpose (a certificate
 * issued for anything but time-stamping does not stamp). Revocation is not checked: a token is
 * verified offline, years later, when no CRL of the day is at hand (docs/verify.md).
 */

const ID_KP_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const EXTENDED_KEY_USAGE = '2.5.29.37';
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----/g;

const derOf = (certificate: Certificate) => Buffer.from(certificate.toSchema().toBER());

/**
 * The certificates of a PEM file (one or more `CERTIFICATE` blocks): the trust anchors.
 *
 * @throws ConfigError when the text holds no certificate, or one block is not an X.509 certificate.
 * @example const anchors = readTrustAnchors(await readFile('tsa-ca.pem', 'utf8'), 'tsa-ca.pem');
 */
export function readTrustAnchors(pem: string, source: string): Certificate[] {
  const anchors = [...pem.matchAll(PEM_CERTIFICATE)].map((m, i) => {
    try {
      return Certificate.fromBER(Buffer.from(m[1]!.replace(/\s/g, ''), 'base64'));
    } catch (error) {
      throw new ConfigError(`${source}: certificate ${i + 1} is not an X.509 certificate: ${(error as Error).message}`, { cause: error });
    }
  });
  if (anchors.length === 0) throw new ConfigError(`${source} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return anchors;
}

/**
 * Is the signer a time-stamping certificate as RFC 3161 2.3 requires: an extended key usage
 * extension, critical, naming id-kp-timeStamping and nothing else (as openssl checks it)?
 * Undefined when it is; else why not.
 */
export function timeStampingPurposeProblem(signer: Certificate): string | undefined {
  const extension = signer.extensions?.find((e) => e.extnID === EXTENDED_KEY_USAGE);
  if (!extension) return 'the signer certificate has no extended key usage: it was not issued for time-stamping';
  const purposes = extension.parsedValue instanceof ExtKeyUsage ? extension.parsedValue.keyPurposes : [];
  if (purposes.length !== 1 || purposes[0] !== ID_KP_TIME_STAMPING) return `the signer certificate's extended key usage is ${purposes.join(', ') || 'unreadable'}, not id-kp-timeStamping alone`;
  if (!extension.critical) return "the signer certificate's extended key usage id-kp-timeStamping is not critical (RFC 3161 2.3)";
  return undefined;
}

/**
 * Does a path lead from `signer` through the token's other certificates to one of `anchors`, every
 * certificate valid at `at` (the token's genTime) and each issuer a CA? Undefined when it does;
 * else why not.
 */
export async function chainProblem(signer: Certificate, carried: readonly Certificate[], anchors: readonly Certificate[], at: Date): Promise<string | undefined> {
  const signerDer = derOf(signer);
  const intermediates = carried.filter((c) => !derOf(c).equals(signerDer));
  // pkijs builds the path of the LAST certificate: the signer goes last.
  const engine = new CertificateChainValidationEngine({ trustedCerts: [...anchors], certs: [...intermediates, signer], checkDate: at });
  const result = await engine.verify().catch((error: unknown) => ({ result: false, resultMessage: (error as { resultMessage?: string }).resultMessage ?? String(error), certificatePath: undefined }));
  if (!result.result) return `no valid chain from the signer to the given CA at ${at.toISOString()}: ${result.resultMessage}`;
  // The path must start at the signer itself, never at another certificate the engine picked.
  const leaf = result.certificatePath?.[0];
  if (!leaf || !derOf(leaf).equals(signerDer)) return 'the only chain found does not start at the signer certificate';
  return undefined;
}
