import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../lib/evidence/keys.ts';
import { parsePublicKeyKey } from '../../lib/store/layout.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { publishPublicKey } from '../../lib/store/publish-key.ts';
import { freshSigner } from '../evidence/helpers.ts';

describe('publishPublicKey', () => {
  it('writes the PEM under its fingerprint once, and again is a no-op', async () => {
    // Prepare
    const store = new MemoryStore();
    const { signer, publicPem } = freshSigner();
    // Act
    const first = await publishPublicKey(store, signer);
    const again = await publishPublicKey(store, signer);
    // Assess
    expect(first.created).toBe(true);
    expect(again).toEqual({ key: first.key, created: false });
    expect(parsePublicKeyKey(first.key)).toBe(fingerprint(publicPem));
    expect((await store.get(first.key))?.toString()).toBe(publicPem);
  });

  it('reports a key file that already holds another key as a conflict', async () => {
    // Prepare
    const store = new MemoryStore();
    const { signer } = freshSigner();
    const key = (await publishPublicKey(new MemoryStore(), signer)).key;
    await store.put(key, freshSigner().publicPem);
    // Act
    const result = await publishPublicKey(store, signer);
    // Assess
    expect(result).toEqual({ key, created: false, conflict: true });
  });
});
