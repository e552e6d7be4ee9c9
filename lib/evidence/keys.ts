import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { ConfigError, TrailproofError } from '../errors.ts';
import type { Signer } from './types.ts';

/**
 * Batch signers (ECDSA P-256 / SHA-256, DER signatures) and key fingerprints.
 * The key id everywhere is the fingerprint: `sha256:` + hex SHA-256 of the DER SubjectPublicKeyInfo,
 * the same bytes `openssl pkey -pubin -outform DER | sha256sum` hashes.
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

function assertP256(key: KeyObject, what: string): void {
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

/**
 * Signs with a P-256 private key held in memory (local mode, the CLI, tests, benchmarks).
 *
 * @example const signer = LocalKeySigner.fromPem(readFileSync('key.pem', 'utf8'));
 */
export class LocalKeySigner implements Signer {
  readonly #privateKey: KeyObject;
  readonly #publicPem: string;
  readonly #keyId: string;

  private constructor(privateKey: KeyObject) {
    assertP256(privateKey, 'the signing key');
    this.#privateKey = privateKey;
    const publicKey = createPublicKey(privateKey);
    this.#publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.#keyId = fingerprint(publicKey);
  }

  /**
   * @throws ConfigError when the PEM is not a P-256 private key.
   */
  static fromPem(privatePem: string): LocalKeySigner {
    let key: KeyObject;
    try {
      key = createPrivateKey(privatePem);
    } catch (error) {
      throw new ConfigError(`not a PEM private key: ${(error as Error).message}`, { cause: error });
    }
    return new LocalKeySigner(key);
  }

  async keyId(): Promise<string> {
    return this.#keyId;
  }

  async publicKeyPem(): Promise<string> {
    return this.#publicPem;
  }

  /** DER ECDSA signature over SHA-256(message). */
  async sign(message: Buffer): Promise<Buffer> {
    return sign('sha256', message, { key: this.#privateKey, dsaEncoding: 'der' });
  }
}

/**
 * Signs with an AWS KMS `ECC_NIST_P256` SIGN_VERIFY key: the private key never leaves KMS.
 * Each `sign` is exactly one kms:Sign call on a digest we compute (MessageType DIGEST), so a batch
 * of any size costs one request and the message size limit of RAW signing never applies.
 * The public key is fetched once (kms:GetPublicKey) and cached.
 *
 * @example const signer = new KmsSigner(new KMSClient({}), process.env.SIGNING_KEY_ARN!);
 */
export class KmsSigner implements Signer {
  readonly #client: KMSClient;
  readonly #keyArn: string;
  #publicKey?: Promise<{ pem: string; keyId: string }>;

  constructor(kmsClient: KMSClient, keyArn: string) {
    if (!keyArn) throw new ConfigError('KmsSigner needs a KMS key ARN, alias or key id');
    this.#client = kmsClient;
    this.#keyArn = keyArn;
  }

  #loadPublicKey(): Promise<{ pem: string; keyId: string }> {
    if (this.#publicKey) return this.#publicKey;
    const loading = (async () => {
      const out = await this.#client.send(new GetPublicKeyCommand({ KeyId: this.#keyArn }));
      if (out.KeySpec !== 'ECC_NIST_P256' || out.KeyUsage !== 'SIGN_VERIFY' || !out.PublicKey) {
        throw new ConfigError(`KMS key ${this.#keyArn} must be an ECC_NIST_P256 SIGN_VERIFY key (got ${out.KeySpec} ${out.KeyUsage})`);
      }
      const key = createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' });
      return { pem: key.export({ type: 'spki', format: 'pem' }).toString(), keyId: fingerprint(key) };
    })();
    // A failed lookup (throttling, a cold network) must not poison every later call.
    loading.catch(() => {
      if (this.#publicKey === loading) this.#publicKey = undefined;
    });
    this.#publicKey = loading;
    return this.#publicKey;
  }

  async keyId(): Promise<string> {
    return (await this.#loadPublicKey()).keyId;
  }

  async publicKeyPem(): Promise<string> {
    return (await this.#loadPublicKey()).pem;
  }

  /** One kms:Sign call: ECDSA_SHA_256 over SHA-256(message), DER signature back. */
  async sign(message: Buffer): Promise<Buffer> {
    const digest = createHash('sha256').update(message).digest();
    const out = await this.#client.send(
      new SignCommand({ KeyId: this.#keyArn, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    if (!out.Signature) throw new TrailproofError(`KMS Sign with ${this.#keyArn} returned no signature`);
    return Buffer.from(out.Signature);
  }
}
