import { SchemaError } from '../errors.ts';
import { canonicalBytes } from '../evidence/canonical.ts';
import { leafHash } from '../evidence/merkle.ts';
import { validateUnsignedRecord } from '../evidence/schemas.ts';
import type { UnsignedRecord } from '../evidence/types.ts';
import { findUnencodable } from '../util/json-value.ts';
import type { InputOutcome } from './writer.ts';

/** Why one record cannot be signed: a stable code and the field at fault. */
interface Unsignable {
  code: 'INVALID_VALUE' | 'SCHEMA_ERROR';
  text: string;
}

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
 * it fails only its own input: the outcome becomes `invalid` with a code (INVALID_VALUE,
 * SCHEMA_ERROR) and the record and field at fault, and none of that input's records is signed.
 * Each record is canonicalized and validated once: the leaf hashes are what the writer signs.
 *
 * @returns the records' leaf hashes (hex, in order), or undefined when the input was held back.
 * @example const leaves = signableLeaves(outcome, records); if (leaves) queue(records, leaves);
 */
export function signableLeaves(outcome: InputOutcome, records: readonly UnsignedRecord[]): string[] | undefined {
  const leaves: string[] = [];
  for (const record of records) {
    const leaf = leafOrProblem(record);
    if (typeof leaf === 'string') {
      leaves.push(leaf);
      continue;
    }
    // The resource id may hold the very surrogate at fault: the text printed must stay well formed.
    const which = `record of ${record.check.id} for ${String(record.resource?.id).toWellFormed()}`;
    markInvalid(outcome, leaf.code, `${which}, not signed: ${leaf.text}`);
    return undefined;
  }
  return leaves;
}

function markInvalid(outcome: InputOutcome, code: string, detail: string): void {
  outcome.status = 'invalid';
  outcome.code = code;
  outcome.detail = outcome.detail ? `${outcome.detail}; ${detail}` : detail;
}
