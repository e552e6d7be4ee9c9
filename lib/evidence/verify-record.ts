import { verify, type KeyObject } from 'node:crypto';
import { SchemaError } from '../errors.ts';
import { canonicalBytes } from './canonical.ts';
import { leafHash, rootFromAuditPath } from './merkle.ts';
import type { LedgerDocument } from './ledger-types.ts';
import { validateLedgerDocument, validateRecord, validateRecordVouchingPaths } from './schemas.ts';
import { statementBytes, statementOfProof } from './statement.ts';
import type { EvidenceRecord, Integrity } from './types.ts';
import { verificationProblem, type VerificationProblem } from './verification-codes.ts';

/** The outcome of verifying one document; each error has a stable code and a sentence an auditor can act on. */
export interface RecordVerification {
  ok: boolean;
  errors: VerificationProblem[];
  /** The key the document says signed it, when it says so. */
  keyId?: string;
  /** The record, typed, when it passed the schema check. */
  record?: EvidenceRecord;
  /** The leaf hash recomputed from the record's content (schema-valid records): a records/v2 object's root is rebuilt from these. */
  leafHash?: string;
}

/**
 * Remembers signature checks by (statement, signature, key): every record of a batch carries the
 * same statement and signature, so a store of N records in B batches costs B ECDSA verifications.
 */
export type SignatureCache = Map<string, boolean>;

/**
 * The Merkle tree of a whole batch, built once from every leaf hash its documents claim (a
 * records/v2 object's lines): `paths[i]` is the audit path of `leaves[i]` to `root`. A document
 * whose claimed leaf, index, size, root and audit path are exactly these is proven without
 * hashing its path again: rootFromAuditPath would compute this very root from them. Anything else
 * is checked the long way, so the verdict is the same with or without a tree. Its leaves, root and
 * path entries must be lower-case SHA-256 hex: a document it proves needs no pattern match of them.
 */
export interface KnownTree {
  root: string;
  leaves: readonly string[];
  paths: readonly (readonly string[])[];
}

/** Is this document's audit path the one `tree` gives its leaf (so it leads to `tree.root`, its stated root)? */
function provenByTree(integrity: Integrity, tree: KnownTree | undefined): boolean {
  const { batch } = integrity;
  const path = tree?.paths[batch.leafIndex];
  if (!tree || !path || batch.treeSize !== tree.leaves.length || batch.root !== tree.root || tree.leaves[batch.leafIndex] !== integrity.leafHash) return false;
  if (path.length !== batch.auditPath.length) return false;
  for (let i = 0; i < path.length; i++) if (path[i] !== batch.auditPath[i]) return false;
  return true;
}

/** The fields a batch statement is made of, with the signature over it. */
type SignedStatement = Pick<Integrity['batch'], 'keyId' | 'signature' | 'root' | 'treeSize' | 'signedAt'>;

/** The last statement checked through each cache, and its verdict: the lines of one object all repeat it. */
const lastChecked = new WeakMap<SignatureCache, { statement: SignedStatement; valid: boolean }>();

/** The same statement and signature, field by field (the key is named by keyId). */
function sameStatement(a: SignedStatement, b: SignedStatement): boolean {
  return a.signature === b.signature && a.keyId === b.keyId && a.root === b.root && a.treeSize === b.treeSize && a.signedAt === b.signedAt;
}

/** Does the batch's signature verify with `key`? Each (statement, signature, key) is verified once per cache. */
function signatureValid(batch: SignedStatement, key: KeyObject, cache: SignatureCache | undefined): boolean {
  const last = cache && lastChecked.get(cache);
  if (last && sameStatement(last.statement, batch)) return last.valid;
  // The statement is made of these fields alone: the key names the statement, the signature and the key without building it.
  const cacheKey = JSON.stringify([batch.keyId, batch.signature, batch.root, batch.treeSize, batch.signedAt]);
  let valid = cache?.get(cacheKey);
  if (valid === undefined) {
    try {
      valid = verify('sha256', statementBytes(statementOfProof(batch)), { key, dsaEncoding: 'der' }, Buffer.from(batch.signature, 'base64'));
    } catch {
      // A signature that is not even DER is as invalid as a wrong one.
      valid = false;
    }
    cache?.set(cacheKey, valid);
  }
  if (cache) {
    const { keyId, signature, root, treeSize, signedAt } = batch;
    lastChecked.set(cache, { statement: { keyId, signature, root, treeSize, signedAt }, valid });
  }
  return valid;
}

/**
 * Verifies the `integrity` of any signed document (a record, a seal) WITHOUT a schema check; the
 * caller validates the document's shape first. Checks, in order, each with its own code:
 * leaf hash = SHA-256(0x00 || JCS(document without integrity)) (LEAF_HASH_MISMATCH); the audit
 * path leads from the leaf hash to the batch root (LEAF_INDEX_OUT_OF_RANGE, AUDIT_PATH_INVALID);
 * the key is pinned (KEY_NOT_PINNED); the statement signature verifies with it (SIGNATURE_INVALID).
 *
 * @param documentKind what the leaf hash sentence calls the document.
 * @param tree the batch's tree when the caller built it (a records/v2 object): spares hashing each path.
 */
export function verifyIntegrity(
  document: { integrity: Integrity },
  trustedKeys: ReadonlyMap<string, KeyObject>,
  cache?: SignatureCache,
  documentKind: 'record' | 'seal' = 'record',
  tree?: KnownTree,
): { errors: VerificationProblem[]; keyId: string; leafHash: string } {
  const errors: VerificationProblem[] = [];
  const { integrity } = document;
  const { batch } = integrity;
  const computed = leafHash(canonicalBytes(document));
  if (computed !== integrity.leafHash) {
    errors.push(verificationProblem('LEAF_HASH_MISMATCH', { document: documentKind }));
  }
  if (batch.leafIndex >= batch.treeSize) {
    errors.push(verificationProblem('LEAF_INDEX_OUT_OF_RANGE', { leafIndex: batch.leafIndex, treeSize: batch.treeSize }));
  } else if (!provenByTree(integrity, tree) && rootFromAuditPath(integrity.leafHash, batch.leafIndex, batch.treeSize, batch.auditPath) !== batch.root) {
    errors.push(verificationProblem('AUDIT_PATH_INVALID'));
  }
  const key = trustedKeys.get(batch.keyId);
  if (!key) {
    errors.push(verificationProblem('KEY_NOT_PINNED', { keyId: batch.keyId }));
    return { errors, keyId: batch.keyId, leafHash: computed };
  }
  if (!signatureValid(batch, key, cache)) errors.push(verificationProblem('SIGNATURE_INVALID', { keyId: batch.keyId }));
  return { errors, keyId: batch.keyId, leafHash: computed };
}

/**
 * The verdict on a document its schema refused: each schema error as SCHEMA_INVALID, and the key
 * it says signed it, when it says so.
 *
 * @throws whatever was thrown when it is not a SchemaError (a bug, never a verdict).
 */
function schemaRefused(document: unknown, error: unknown): RecordVerification {
  if (!(error instanceof SchemaError)) throw error;
  const keyId = (document as { integrity?: { batch?: { keyId?: unknown } } } | null)?.integrity?.batch?.keyId;
  return { ok: false, errors: error.errors.map((e) => verificationProblem('SCHEMA_INVALID', { error: e })), ...(typeof keyId === 'string' ? { keyId } : {}) };
}

/**
 * Verifies one evidence record on its own, with nothing but the pinned public keys: schema,
 * leaf hash recomputed from the canonical bytes, audit path to the batch root, the key named by
 * keyId is pinned, and the batch signature.
 *
 * @param trustedKeys pinned keys by fingerprint (`sha256:<hex>`); build it with `pinKeys(pems)`.
 * @param cache share one across records to verify each batch signature once.
 * @param tree the record's batch tree, when the caller built it from the batch's claimed leaves (see KnownTree).
 * @example
 * const result = verifyRecord(JSON.parse(text), pinKeys([publicPem]));
 * if (!result.ok) console.error(formatProblems(result.errors));
 */
export function verifyRecord(record: unknown, trustedKeys: ReadonlyMap<string, KeyObject>, cache?: SignatureCache, tree?: KnownTree): RecordVerification {
  let typed: EvidenceRecord;
  try {
    // Hashes that are exactly their tree's are SHA-256 hex by construction: no need to match them.
    typed = tree ? validateRecordVouchingPaths(record, (r) => provenByTree(r.integrity, tree)) : validateRecord(record);
  } catch (error) {
    return schemaRefused(record, error);
  }
  const { errors, keyId, leafHash: computed } = verifyIntegrity(typed, trustedKeys, cache, 'record', tree);
  return { ok: errors.length === 0, errors, keyId, record: typed, leafHash: computed };
}

/**
 * Verifies one ledger document (an exception, a revocation, a run record, an attestation) on its
 * own, as verifyRecord does a record: the schema its `schema` member names, leaf hash, audit
 * path, pinned key, signature, each failure with the same code a record's would have.
 *
 * @example const result = verifyLedgerDocument(JSON.parse(line), pinKeys([publicPem]));
 */
export function verifyLedgerDocument(document: unknown, trustedKeys: ReadonlyMap<string, KeyObject>, cache?: SignatureCache, tree?: KnownTree): Omit<RecordVerification, 'record'> & { document?: LedgerDocument } {
  let typed: LedgerDocument;
  try {
    typed = validateLedgerDocument(document);
  } catch (error) {
    return schemaRefused(document, error);
  }
  const { errors, keyId, leafHash: computed } = verifyIntegrity(typed, trustedKeys, cache, 'record', tree);
  return { ok: errors.length === 0, errors, keyId, document: typed, leafHash: computed };
}
