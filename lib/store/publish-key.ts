import type { Signer } from '../evidence/types.ts';
import { publicKeyKey } from './layout.ts';
import type { EvidenceStore, PutResult } from './types.ts';

/**
 * Publishes the signer's public key next to the evidence, at `keys/sha256-<hex>.pem`, so auditors
 * can fetch it and compare its fingerprint with the one they pin. Idempotent: publishing again is
 * `created: false`. `conflict: true` means the file holds other bytes, which verifyStore reports.
 *
 * @example await publishPublicKey(store, signer); // { key: 'keys/sha256-3f1c....pem', created: true }
 */
export async function publishPublicKey(store: EvidenceStore, signer: Signer): Promise<PutResult> {
  const [keyId, pem] = await Promise.all([signer.keyId(), signer.publicKeyPem()]);
  return store.put(publicKeyKey(keyId), pem);
}
