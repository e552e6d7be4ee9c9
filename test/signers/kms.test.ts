import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../../lib/evidence/keys.ts';
import { KmsSigner } from '../../lib/signers/kms.ts';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('KmsSigner', () => {
  const kms = mockClient(KMSClient);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicDer = publicKey.export({ type: 'spki', format: 'der' });

  beforeEach(() => {
    kms.reset();
    kms.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ARN, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', PublicKey: new Uint8Array(publicDer) });
  });

  it('fetches the public key once and derives the key id from it', async () => {
    // Prepare
    const signer = new KmsSigner(new KMSClient({ region: 'us-east-1' }), KEY_ARN);
    // Act
    const [id1, pem, id2] = await Promise.all([signer.keyId(), signer.publicKeyPem(), signer.keyId()]);
    // Assess
    expect(id1).toBe(fingerprint(publicKey));
    expect(id2).toBe(id1);
    expect(fingerprint(pem)).toBe(id1);
    expect(kms).toHaveReceivedCommandTimes(GetPublicKeyCommand, 1);
    expect(kms).toHaveReceivedCommandWith(GetPublicKeyCommand, { KeyId: KEY_ARN });
  });

  it('signs a digest it computes itself: one Sign call, MessageType DIGEST, ECDSA_SHA_256', async () => {
    // Prepare
    const message = Buffer.from('{"keyId":"sha256:...","root":"..."}');
    const digest = createHash('sha256').update(message).digest();
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({
      // KMS signs the digest; a local key signs the message it came from, which is the same signature.
      Signature: Buffer.from(input.Message).equals(digest) ? sign('sha256', message, privateKey) : Buffer.from('wrong digest'),
      SigningAlgorithm: 'ECDSA_SHA_256',
    }));
    const signer = new KmsSigner(new KMSClient({ region: 'us-east-1' }), KEY_ARN);
    // Act
    const signature = await signer.sign(message);
    // Assess
    expect(kms).toHaveReceivedCommandTimes(SignCommand, 1);
    expect(kms).toHaveReceivedCommandWith(SignCommand, { KeyId: KEY_ARN, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(verify('sha256', message, publicKey, signature)).toBe(true);
  });

  it('refuses a key that is not ECC_NIST_P256 SIGN_VERIFY', async () => {
    // Prepare
    kms.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ARN, KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', PublicKey: new Uint8Array(publicDer) });
    const signer = new KmsSigner(new KMSClient({ region: 'us-east-1' }), KEY_ARN);
    // Act / Assess
    await expect(signer.keyId()).rejects.toThrow(/must be an ECC_NIST_P256 SIGN_VERIFY key \(got RSA_2048/);
  });

  it('retries GetPublicKey after a failure instead of caching the failure', async () => {
    // Prepare
    kms.on(GetPublicKeyCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ KeyId: KEY_ARN, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', PublicKey: new Uint8Array(publicDer) });
    const signer = new KmsSigner(new KMSClient({ region: 'us-east-1', maxAttempts: 1 }), KEY_ARN);
    // Act
    await expect(signer.keyId()).rejects.toThrow(/Rate exceeded/);
    const keyId = await signer.keyId();
    // Assess
    expect(keyId).toBe(fingerprint(publicKey));
    expect(kms).toHaveReceivedCommandTimes(GetPublicKeyCommand, 2);
  });
});
