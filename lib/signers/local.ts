import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { ConfigError } from '../errors.ts';
import { assertP256, fingerprint } from '../evidence/keys.ts';
import type { Signer } from '../evidence/types.ts';

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
