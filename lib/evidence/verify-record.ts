import { verify, type KeyObject } from 'node:crypto';
import { SchemaError } from '../errors.ts';
import { canonicalBytes } from './canonical.ts';
import { leafHash, rootFromAuditPath } from './merkle.ts';
import { validateRecord } from './schemas.ts';
import { statementBytes, statementOfProof } from './statement.ts';
import type { EvidenceRecord, Integrity } from './types.ts';

/** The outcome of verifying one document; `errors` are sentences an auditor can act on. */
export interface RecordVerification {
  ok: boolean;
  errors: string[];
  /** The key the document says signed it, when it says so. */
  keyId?: string;
  /** The record, typed, when it passed the schema check. */
  record?: EvidenceRecord;
}

/**
 * Remembers signature checks by (statement, signature, key): every record of a batch carries the
 * same statement and signature, so a store of N records in B batches costs B ECDSA verifications.
 */
export type SignatureCache = Map<string, boolean>;

/**
 * Verifies the `integrity` of any signed document (a record, a seal) WITHOUT a schema check; the
 * caller validates the document's shape first. Checks, in order, each with its own sentence:
 * leaf hash = SHA-256(0x00 || JCS(document without integrity)); the audit path leads from the leaf
 * hash to the batch root; the key is pinned; the statement signature verifies with that key.
 */
export function verifyIntegrity(
  document: { integrity: Integrity },
  trustedKeys: ReadonlyMap<string, KeyObject>,
  cache?: SignatureCache,
): { errors: string[]; keyId: string } {
  const errors: string[] = [];
  const { integrity } = document;
  const { batch } = integrity;
  if (leafHash(canonicalBytes(document)) !== integrity.leafHash) {
    errors.push('leaf hash mismatch: record content changed');
  }
  if (batch.leafIndex >= batch.treeSize) {
    errors.push(`audit path does not lead to root: leaf index ${batch.leafIndex} is outside a batch of ${batch.treeSize}`);
  } else if (rootFromAuditPath(integrity.leafHash, batch.leafIndex, batch.treeSize, batch.auditPath) !== batch.root) {
    errors.push('audit path does not lead to root: the record is not part of the batch it names');
  }
  const key = trustedKeys.get(batch.keyId);
  if (!key) {
    errors.push(`key ${batch.keyId} is not pinned: signatures by keys you did not pin are not trusted`);
    return { errors, keyId: batch.keyId };
  }
  const message = statementBytes(statementOfProof(batch));
  const cacheKey = `${batch.keyId}\n${batch.signature}\n${message.toString('utf8')}`;
  let valid = cache?.get(cacheKey);
  if (valid === undefined) {
    try {
      valid = verify('sha256', message, { key, dsaEncoding: 'der' }, Buffer.from(batch.signature, 'base64'));
    } catch {
      // A signature that is not even DER is as invalid as a wrong one.
      valid = false;
    }
    cache?.set(cacheKey, valid);
  }
  if (!valid) errors.push(`signature invalid: the batch statement was not signed by ${batch.keyId}`);
  return { errors, keyId: batch.keyId };
}

/**
 * Verifies one evidence record on its own, with nothing but the pinned public keys: schema,
 * leaf hash recomputed from the canonical bytes, audit path to the batch root, the key named by
 * keyId is pinned, and the batch signature.
 *
 * @param trustedKeys pinned keys by fingerprint (`sha256:<hex>`); build it with `pinKeys(pems)`.
 * @param cache share one across records to verify each batch signature once.
 * @example
 * const result = verifyRecord(JSON.parse(text), pinKeys([publicPem]));
 * if (!result.ok) console.error(result.errors.join('\n'));
 */
export function verifyRecord(record: unknown, trustedKeys: ReadonlyMap<string, KeyObject>, cache?: SignatureCache): RecordVerification {
  let typed: EvidenceRecord;
  try {
    typed = validateRecord(record);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    const keyId = (record as { integrity?: { batch?: { keyId?: unknown } } } | null)?.integrity?.batch?.keyId;
    return { ok: false, errors: error.errors.map((e) => `schema: ${e}`), ...(typeof keyId === 'string' ? { keyId } : {}) };
  }
  const { errors, keyId } = verifyIntegrity(typed, trustedKeys, cache);
  return { ok: errors.length === 0, errors, keyId, record: typed };
}
