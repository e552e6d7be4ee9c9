import { createHash, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { ConfigError, TrailproofError } from '../errors.ts';
import { fingerprint } from '../evidence/keys.ts';
import type { Signer } from '../evidence/types.ts';

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
