import { SchemaError } from '../errors.ts';
import { canonicalTextOf } from '../evidence/canonical.ts';
import { builtCanonicalText } from '../evidence/record.ts';
import { validateUnsignedRecord } from '../evidence/schemas.ts';
import type { UnsignedRecord } from '../evidence/types.ts';
import { findUnencodable } from '../util/json-value.ts';

/** Why one record cannot be signed: a stable code and the field at fault. */
interface Unsignable {
  code: 'INVALID_VALUE' | 'SCHEMA_ERROR';
  text: string;
}

/** A record's RFC 8785 text, and whether it comes back byte for byte from JSON.parse + JSON.stringify (canonicalTextOf). */
interface CanonicalText {
  text: string;
  roundTrips: boolean;
}

/**
 * One input's records as RFC 8785 texts (the writer hashes them and writes the stored lines from
 * them), or why the input cannot be signed (its code, and the record and field at fault).
 */
export type Signable = { texts: CanonicalText[] } | { code: Unsignable['code']; detail: string };

/** The record's canonical text, or why it cannot be signed. */
function textOrProblem(record: UnsignedRecord): CanonicalText | Unsignable {
  let text: CanonicalText;
  try {
    // RFC 8785 first: a lone surrogate would otherwise surface as whatever ajv makes of it.
    // A record buildRecord made is its own RFC 8785 text when JSON.stringify'd (see there).
    const built = builtCanonicalText(record);
    text = built === undefined ? canonicalTextOf(record) : { text: built, roundTrips: true };
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
  return text;
}

/**
 * Checks one input's records before they join a signing batch, and canonicalizes them: every record must
 * canonicalize (RFC 8785) and match evidence-record.v1. A batch is signed as one (one Merkle tree,
 * one signature), so a record that cannot be signed would fail every input of its batch, up to
 * 5,000 of them, and in the Lambdas send good SQS messages to the dead-letter queue. Checked here,
 * it fails only its own input: the writer marks it `invalid` with the code (INVALID_VALUE,
 * SCHEMA_ERROR) and the record and field at fault, and none of that input's records is signed.
 * Each record is canonicalized and validated once: the texts are what the writer hashes and writes.
 *
 * @example const signable = signableTexts(records); if ('texts' in signable) queue(records, signable.texts);
 */
export function signableTexts(records: readonly UnsignedRecord[]): Signable {
  const texts: CanonicalText[] = [];
  for (const record of records) {
    const text = textOrProblem(record);
    if ('roundTrips' in text) {
      texts.push(text);
      continue;
    }
    // The resource id may hold the very surrogate at fault: the text printed must stay well formed.
    const which = `record of ${record.check.id} for ${String(record.resource?.id).toWellFormed()}`;
    return { code: text.code, detail: `${which}, not signed: ${text.text}` };
  }
  return { texts };
}
