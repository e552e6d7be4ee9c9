import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signDigestP256 } from './ecdsa-digest.ts';

describe('signDigestP256 (the KMS mock signer)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  it('signs a SHA-256 digest so that node verifies it over the original message', () => {
    // Prepare
    const message = Buffer.from('{"keyId":"sha256:ab","root":"cd","signedAt":"2026-05-01T00:00:00.000Z","treeSize":4,"type":"trailproof/batch/v1"}');
    const digest = createHash('sha256').update(message).digest();
    // Act
    const signatures = Array.from({ length: 5 }, () => signDigestP256(privateKey, digest));
    // Assess: DER, randomized k, every one valid; another message is not.
    for (const signature of signatures) {
      expect(signature[0]).toBe(0x30);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
      expect(verify('sha256', Buffer.from('other'), { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(false);
    }
    expect(new Set(signatures.map((s) => s.toString('hex'))).size).toBe(5);
  });

  it('refuses anything that is not a 32-byte digest', () => {
    expect(() => signDigestP256(privateKey, Buffer.from('not a digest'))).toThrow(/32 bytes/);
  });
});
