import { SchemaError } from '../errors.ts';
import { validateUnsignedRecord } from '../evidence/schemas.ts';
import type { UnsignedRecord } from '../evidence/types.ts';
import { findUnencodable } from '../util/json-value.ts';
import type { InputOutcome } from './writer.ts';

/** Why one record cannot be signed: a stable code and the field at fault. */
interface Unsignable {
  code: 'INVALID_VALUE' | 'SCHEMA_ERROR';
  text: string;
}

function unsignable(record: UnsignedRecord): Unsignable | undefined {
  // RFC 8785 first: a lone surrogate would otherwise surface as whatever ajv makes of it.
  const unencodable = findUnencodable(record);
  if (unencodable) return { code: 'INVALID_VALUE', text: `${unencodable.path}: ${unencodable.problem}` };
  try {
    validateUnsignedRecord(record);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return { code: 'SCHEMA_ERROR', text: error.errors.join('; ') };
  }
  return undefined;
}

/**
 * Checks one input's records before they join a signing batch: every record must canonicalize
 * (RFC 8785) and match evidence-record.v1. A batch is signed as one (one Merkle tree, one
 * signature), so a record that cannot be signed would fail every input of its batch, up to 1,000
 * of them, and in the Lambdas send good SQS messages to the dead-letter queue. Checked here, it
 * fails only its own input: the outcome becomes `invalid` with a code (INVALID_VALUE, SCHEMA_ERROR)
 * and the record and field at fault, and none of that input's records is signed.
 *
 * @returns true when the input was held back (do not hand its records to the writer).
 * @example if (records.length > 0 && !holdBackUnsignable(outcome, records)) await writer.add(outcome, records);
 */
export function holdBackUnsignable(outcome: InputOutcome, records: readonly UnsignedRecord[]): boolean {
  for (const record of records) {
    const problem = unsignable(record);
    if (!problem) continue;
    // The resource id may hold the very surrogate at fault: the text printed must stay well formed.
    const which = `record of ${record.check.id} for ${String(record.resource?.id).toWellFormed()}`;
    markInvalid(outcome, problem.code, `${which}, not signed: ${problem.text}`);
    return true;
  }
  return false;
}

function markInvalid(outcome: InputOutcome, code: string, detail: string): void {
  outcome.status = 'invalid';
  outcome.code = code;
  outcome.detail = outcome.detail ? `${outcome.detail}; ${detail}` : detail;
}
