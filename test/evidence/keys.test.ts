import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import { fingerprint, generateKeyPair, pinKeys } from '../../lib/evidence/keys.ts';

describe('fingerprint', () => {
  it('is sha256: + hex SHA-256 of the DER SubjectPublicKeyInfo, whatever form the key comes in', () => {
    // Prepare
    const { privatePem, publicPem } = generateKeyPair();
    const der = createPublicKey(publicPem).export({ type: 'spki', format: 'der' });
    const expected = `sha256:${createHash('sha256').update(der).digest('hex')}`;
    // Act / Assess
    expect(fingerprint(publicPem)).toBe(expected);
    expect(fingerprint(privatePem)).toBe(expected);
    expect(fingerprint(createPublicKey(publicPem))).toBe(expected);
    expect(expected).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('differs between keys and refuses text that is not a key', () => {
    expect(fingerprint(generateKeyPair().publicPem)).not.toBe(fingerprint(generateKeyPair().publicPem));
    expect(() => fingerprint('not a key')).toThrow(ConfigError);
  });
});

describe('pinKeys', () => {
  it('maps each fingerprint to its key and refuses non P-256 keys', () => {
    // Prepare
    const a = generateKeyPair().publicPem;
    const b = generateKeyPair().publicPem;
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    // Act
    const pinned = pinKeys([a, b]);
    // Assess
    expect([...pinned.keys()].sort()).toEqual([fingerprint(a), fingerprint(b)].sort());
    expect(() => pinKeys([rsa])).toThrow(ConfigError);
  });
});
