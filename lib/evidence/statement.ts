import { BATCH_TYPE, type BatchProof, type BatchStatement } from './types.ts';
import { canonicalJson } from './canonical.ts';

/**
 * The batch statement: the one thing a batch signature covers. Built by the signer from the
 * tree, rebuilt by a verifier from any record's `integrity.batch`.
 */
export function batchStatement(fields: { root: string; treeSize: number; signedAt: string; keyId: string }): BatchStatement {
  return { type: BATCH_TYPE, root: fields.root, treeSize: fields.treeSize, signedAt: fields.signedAt, keyId: fields.keyId };
}

/** The statement a record's batch proof claims was signed. */
export function statementOfProof(batch: Pick<BatchProof, 'root' | 'treeSize' | 'signedAt' | 'keyId'>): BatchStatement {
  return batchStatement(batch);
}

/**
 * The exact bytes that are signed: UTF-8 of the RFC 8785 serialization of the statement. The
 * statement is flat (strings and one integer), so this equals `jq -cjS .` of it: members sorted,
 * no whitespace, no trailing newline (docs/verify-by-hand.md relies on that).
 *
 * @example statementBytes(statementOfProof(record.integrity.batch))
 */
export function statementBytes(statement: BatchStatement): Buffer {
  return Buffer.from(canonicalJson(statement), 'utf8');
}
