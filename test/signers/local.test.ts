import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import { fingerprint, generateKeyPair } from '../../lib/evidence/keys.ts';
import { LocalKeySigner } from '../../lib/signers/local.ts';

describe('LocalKeySigner', () => {
  it('signs with ECDSA P-256 over SHA-256 and returns DER', async () => {
    // Prepare
    const { privatePem, publicPem } = generateKeyPair();
    const signer = LocalKeySigner.fromPem(privatePem);
    const message = Buffer.from('{"type":"trailproof/batch/v1"}');
    // Act
    const signature = await signer.sign(message);
    // Assess
    expect(signature[0]).toBe(0x30); // DER SEQUENCE
    expect(verify('sha256', message, { key: publicPem, dsaEncoding: 'der' }, signature)).toBe(true);
    expect(verify('sha256', Buffer.from('other'), { key: publicPem, dsaEncoding: 'der' }, signature)).toBe(false);
    expect(await signer.keyId()).toBe(fingerprint(publicPem));
    expect(await signer.publicKeyPem()).toBe(publicPem);
  });

  it('refuses keys that are not P-256 private keys', () => {
    // Prepare
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // Act / Assess
    expect(() => LocalKeySigner.fromPem(rsa)).toThrow(/must be an ECDSA P-256 key.*rsa/);
    expect(() => LocalKeySigner.fromPem(p384)).toThrow(/must be an ECDSA P-256 key.*secp384r1/);
    expect(() => LocalKeySigner.fromPem(generateKeyPair().publicPem)).toThrow(ConfigError);
  });
});
