import { createHash } from 'node:crypto';
import { StoreError } from '../errors.ts';
import type { LedgerDocument } from '../evidence/ledger-types.ts';
import type { Signer } from '../evidence/types.ts';
import { signLedger, type SignedLedgerObject } from '../pipeline/ledger-writer.ts';
import { attachmentKey } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';

/**
 * The CLI's writes of the audit workflow: exceptions, revocations and attestations (people record
 * them with `trailproof except` and `trailproof attest`; no Lambda function writes them, so none
 * has the permission), and the files attestations name.
 */

/**
 * Stores a signed ledger object create-only. The name holds the SHA-256 of the bytes, so the same
 * object again (a retry) is `created: false` and other bytes under the name are never accepted.
 *
 * @throws StoreError when the key already holds other bytes.
 */
export async function putLedger(store: EvidenceStore, object: SignedLedgerObject): Promise<{ key: string; created: boolean }> {
  const { created, conflict } = await store.put(object.key, object.bytes);
  if (conflict) throw new StoreError(`${object.key} already holds other bytes than its name says`);
  return { key: object.key, created };
}

/** Signs and stores ledger documents of one kind as one object: signLedger, then putLedger. */
export async function writeLedger<D extends LedgerDocument>(store: EvidenceStore, documents: ReadonlyArray<Omit<D, 'integrity'>>, signer: Signer, now: Date = new Date()): Promise<SignedLedgerObject<D> & { created: boolean }> {
  const object = await signLedger<D>(documents, signer, now);
  const { created } = await putLedger(store, object);
  return { ...object, created };
}

/** The SHA-256 (hex) of a file's bytes: what an attestation signs and where the file is stored. */
export function attachmentDigest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Stores a file by its SHA-256 under attachments/sha256/ (create-only: the same file twice is one
 * object).
 *
 * @throws StoreError when the key holds other bytes (someone replaced a stored file).
 */
export async function putAttachment(store: EvidenceStore, bytes: Buffer): Promise<{ key: string; sha256: string; created: boolean }> {
  const sha256 = attachmentDigest(bytes);
  const key = attachmentKey(sha256);
  const { created, conflict } = await store.put(key, bytes);
  if (conflict) throw new StoreError(`${key} already holds other bytes than its name says`);
  return { key, sha256, created };
}
