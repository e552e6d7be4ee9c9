import { createPublicKey, verify } from 'node:crypto';
import { SchemaError, VerificationError } from '../errors.ts';
import { canonicalBytes } from './canonical.ts';
import { leafHash, merkleTree } from './merkle.ts';
import { SCHEMA_IDS, validateUnsignedRecord } from './schemas.ts';
import { batchStatement, statementBytes } from './statement.ts';
import { SIGNATURE_ALGORITHM, type EvidenceRecord, type Integrity, type Signer, type UnsignedRecord } from './types.ts';
import { verificationProblem } from './verification-codes.ts';

/**
 * Signs a batch given its leaf hashes (hex, in leaf order): the RFC 6962 tree, one signature over
 * the JCS batch statement, and the `integrity` member of each leaf with its own audit path. For
 * callers that hashed their documents already: the writer hashes each input's records as it
 * queues them (so one that cannot be canonicalized fails alone), the sealer hashes a seal in
 * chunks (never one giant string).
 *
 * The signature is checked against the signer's own public key before anything is returned, so a
 * misconfigured signer (a KMS key whose GetPublicKey and Sign disagree) can never produce evidence
 * nobody can verify.
 *
 * @returns one `integrity` per leaf, in order; [] for no leaves (no sign call).
 * @throws VerificationError (SIGNER_SELF_CHECK_FAILED) when the signer's signature does not verify with its public key.
 */
export async function signLeaves(leaves: readonly string[], signer: Signer, now: Date = new Date()): Promise<Integrity[]> {
  if (leaves.length === 0) return [];
  const tree = merkleTree(leaves);
  const [keyId, publicKeyPem] = await Promise.all([signer.keyId(), signer.publicKeyPem()]);
  const signedAt = now.toISOString();
  const message = statementBytes(batchStatement({ root: tree.root, treeSize: tree.treeSize, signedAt, keyId }));
  const signature = await signer.sign(message);
  if (!verify('sha256', message, { key: createPublicKey(publicKeyPem), dsaEncoding: 'der' }, signature)) {
    throw new VerificationError(verificationProblem('SIGNER_SELF_CHECK_FAILED', { keyId }));
  }
  const signatureBase64 = signature.toString('base64');
  return leaves.map((leaf, leafIndex) => ({
    canonicalization: 'RFC8785',
    leafHash: leaf,
    batch: {
      root: tree.root,
      treeSize: tree.treeSize,
      leafIndex,
      auditPath: tree.paths[leafIndex]!,
      signedAt,
      keyId,
      algorithm: SIGNATURE_ALGORITHM,
      signature: signatureBase64,
    },
  }));
}

/**
 * Signs any documents as one batch (DESIGN.md "Integrity"): canonical bytes without `integrity`,
 * RFC 6962 leaf hashes, then signLeaves. No schema check: signBatch (records) and the tests
 * validate before calling this.
 *
 * @returns the documents with `integrity` appended, in input order; [] for no documents (no sign call).
 * @throws ParseError when a document cannot be canonicalized; VerificationError as signLeaves.
 */
export async function signDocuments<T extends object>(documents: readonly T[], signer: Signer, now: Date = new Date()): Promise<Array<T & { integrity: Integrity }>> {
  const integrities = await signLeaves(documents.map((document) => leafHash(canonicalBytes(document))), signer, now);
  return documents.map((document, i) => ({ ...document, integrity: integrities[i]! }));
}

/**
 * Signs a batch of evidence records with one `signer.sign` call (one kms:Sign per invocation).
 * Every record is validated against evidence-record.v1 (without integrity) first: one bad record
 * aborts the whole batch before anything is signed, so nothing unsigned or partial ever comes back.
 *
 * @param now the batch's `signedAt`.
 * @throws SchemaError listing every failing path of every bad record, prefixed `records[i]`.
 * @example
 * const signed = await signBatch(unsigned, LocalKeySigner.fromPem(pem));
 * const lines = signed.map((record) => `${JSON.stringify(record)}\n`).join(''); // one records/v2 object
 */
export async function signBatch(records: readonly UnsignedRecord[], signer: Signer, now: Date = new Date()): Promise<EvidenceRecord[]> {
  const errors: string[] = [];
  records.forEach((record, i) => {
    try {
      validateUnsignedRecord(record);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      errors.push(...error.errors.map((e) => `records[${i}].${e}`));
    }
  });
  if (errors.length > 0) throw new SchemaError(SCHEMA_IDS.unsignedRecord, errors);
  return signDocuments(records, signer, now) as Promise<EvidenceRecord[]>;
}
