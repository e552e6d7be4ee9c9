import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ConfigError } from '../errors.ts';

/**
 * Signing keys (ECDSA P-256): key ids, the pinned keys a verifier trusts, fresh key pairs. The
 * signers themselves (local PEM, KMS) are in lib/signers/. The key id everywhere is the
 * fingerprint: `sha256:` + hex SHA-256 of the DER SubjectPublicKeyInfo, the same bytes
 * `openssl pkey -pubin -outform DER | sha256sum` hashes.
 */

function toPublicKey(key: string | KeyObject): KeyObject {
  if (typeof key !== 'string') return key.type === 'private' ? createPublicKey(key) : key;
  try {
    // createPublicKey also accepts a private PEM and derives its public half.
    return createPublicKey(key);
  } catch (error) {
    throw new ConfigError(`not a PEM public or private key: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Refuses any key but ECDSA P-256, the only curve the evidence format signs with.
 *
 * @throws ConfigError naming `what` and the key's actual type.
 */
export function assertP256(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    const kind = key.asymmetricKeyType === 'ec' ? `EC ${key.asymmetricKeyDetails?.namedCurve}` : key.asymmetricKeyType;
    throw new ConfigError(`${what} must be an ECDSA P-256 key (ECC_NIST_P256), got ${kind}`);
  }
}

/**
 * The key id of a public key (or of a private key's public half): `sha256:<hex>` over its DER SPKI.
 *
 * @example fingerprint(readFileSync('pub.pem', 'utf8')) // 'sha256:3f1c...'
 */
export function fingerprint(publicKeyPemOrKeyObject: string | KeyObject): string {
  const der = toPublicKey(publicKeyPemOrKeyObject).export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/**
 * The keys an auditor trusts, by fingerprint: what verifyRecord takes as `trustedKeys`.
 *
 * @throws ConfigError when a PEM is not a P-256 public key.
 * @example const trusted = pinKeys([readFileSync('trailproof.pub.pem', 'utf8')]);
 */
export function pinKeys(publicKeyPems: readonly string[]): Map<string, KeyObject> {
  const pinned = new Map<string, KeyObject>();
  for (const pem of publicKeyPems) {
    const key = toPublicKey(pem);
    assertP256(key, 'a pinned key');
    pinned.set(fingerprint(key), key);
  }
  return pinned;
}

/**
 * A fresh P-256 key pair as PEM (PKCS#8 private, SPKI public), for local signing and tests.
 *
 * @example const { privatePem, publicPem } = generateKeyPair();
 */
export function generateKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
