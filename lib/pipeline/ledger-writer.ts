import { createHash } from 'node:crypto';
import { SchemaError, StoreError } from '../errors.ts';
import { signDocuments } from '../evidence/batch.ts';
import type { LedgerDocument, UnsignedLedgerDocument } from '../evidence/ledger-types.ts';
import { validateUnsignedLedgerDocument } from '../evidence/schemas.ts';
import type { Signer } from '../evidence/types.ts';
import { attachmentKey } from '../store/layout.ts';
import { ledgerObject } from '../store/record-object.ts';
import type { EvidenceStore } from '../store/types.ts';

/** A signed batch of ledger documents, ready to be stored as one object. */
export interface SignedLedgerObject<D extends LedgerDocument = LedgerDocument> {
  key: string;
  bytes: Buffer;
  documents: D[];
}

/**
 * Validates and signs ledger documents of one kind as one batch (one signature) and lays them out
 * as one store v2 object under their area. Writes nothing: the caller puts the object once every
 * other write it depends on (an attachment) is done.
 *
 * @throws SchemaError listing every failing path of every document (`documents[i].path`), before anything is signed.
 */
export async function signLedger<D extends LedgerDocument>(documents: ReadonlyArray<Omit<D, 'integrity'>>, signer: Signer, now: Date = new Date()): Promise<SignedLedgerObject<D>> {
  const errors: string[] = [];
  let schema = 'trailproof ledger document';
  documents.forEach((document, i) => {
    try {
      validateUnsignedLedgerDocument(document as UnsignedLedgerDocument);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      schema = error.schema;
      errors.push(...error.errors.map((e) => `documents[${i}].${e}`));
    }
  });
  if (errors.length > 0) throw new SchemaError(schema, errors);
  const signed = (await signDocuments(documents, signer, now)) as unknown as D[];
  const { key, bytes } = ledgerObject(signed, now);
  return { key, bytes, documents: signed };
}

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
