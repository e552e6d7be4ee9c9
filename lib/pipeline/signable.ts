import { SchemaError } from '../errors.ts';
import { canonicalBytes } from '../evidence/canonical.ts';
import { leafHash } from '../evidence/merkle.ts';
import { validateUnsignedRecord } from '../evidence/schemas.ts';
import type { UnsignedRecord } from '../evidence/types.ts';
import { findUnencodable } from '../util/json-value.ts';

/** Why one record cannot be signed: a stable code and the field at fault. */
interface Unsignable {
  code: 'INVALID_VALUE' | 'SCHEMA_ERROR';
  text: string;
}

/** One input's records: their leaf hashes, or why the input cannot be signed (its code, and the record and field at fault). */
export type Signable = { leaves: string[] } | { code: Unsignable['code']; detail: string };

/** The record's leaf hash, or why it cannot be signed. */
function leafOrProblem(record: UnsignedRecord): string | Unsignable {
  let leaf: string;
  try {
    // RFC 8785 first: a lone surrogate would otherwise surface as whatever ajv makes of it.
    leaf = leafHash(canonicalBytes(record));
  } catch (error) {
    // Only a record that failed is walked again, to name the field at fault.
    const unencodable = findUnencodable(record);
    return { code: 'INVALID_VALUE', text: unencodable ? `${unencodable.path}: ${unencodable.problem}` : (error as Error).message };
  }
  try {
    validateUnsignedRecord(record);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return { code: 'SCHEMA_ERROR', text: error.errors.join('; ') };
  }
  return leaf;
}

/**
 * Checks one input's records before they join a signing batch, and hashes them: every record must
 * canonicalize (RFC 8785) and match evidence-record.v1. A batch is signed as one (one Merkle tree,
 * one signature), so a record that cannot be signed would fail every input of its batch, up to
 * 5,000 of them, and in the Lambdas send good SQS messages to the dead-letter queue. Checked here,
 * it fails only its own input: the writer marks it `invalid` with the code (INVALID_VALUE,
 * SCHEMA_ERROR) and the record and field at fault, and none of that input's records is signed.
 * Each record is canonicalized and validated once: the leaf hashes are what the writer signs.
 *
 * @example const signable = signableLeaves(records); if ('leaves' in signable) queue(records, signable.leaves);
 */
export function signableLeaves(records: readonly UnsignedRecord[]): Signable {
  const leaves: string[] = [];
  for (const record of records) {
    const leaf = leafOrProblem(record);
    if (typeof leaf === 'string') {
      leaves.push(leaf);
      continue;
    }
    // The resource id may hold the very surrogate at fault: the text printed must stay well formed.
    const which = `record of ${record.check.id} for ${String(record.resource?.id).toWellFormed()}`;
    return { code: leaf.code, detail: `${which}, not signed: ${leaf.text}` };
  }
  return { leaves };
}
