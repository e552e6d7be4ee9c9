import { SchemaError } from '../errors.ts';
import { signDocuments } from '../evidence/batch.ts';
import type { LedgerDocument, UnsignedLedgerDocument } from '../evidence/ledger-types.ts';
import { validateUnsignedLedgerDocument } from '../evidence/schemas.ts';
import type { Signer } from '../evidence/types.ts';
import { ledgerObject } from '../store/record-object.ts';

/** A signed batch of ledger documents, ready to be stored as one object. */
export interface SignedLedgerObject<D extends LedgerDocument = LedgerDocument> {
  key: string;
  bytes: Buffer;
  documents: D[];
}

/**
 * Validates and signs ledger documents of one kind as one batch (one signature) and lays them out
 * as one store v2 object under their area. Writes nothing: the caller puts the object (the sweep
 * its run records, lib/cli/ledger-store.ts the CLI's exceptions and attestations) once every other
 * write it depends on (an attachment) is done.
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
