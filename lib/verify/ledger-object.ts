import type { LedgerDocument } from '../evidence/ledger-types.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { verifyLedgerDocument } from '../evidence/verify-record.ts';
import { AREA_OF_SCHEMA, parseLedgerObjectKey, type LedgerObjectKeyParts } from '../store/layout.ts';
import type { ObjectKind } from './check-object.ts';
import { futureDateErrors } from './dates.ts';

const HOUR_MS = 3_600_000;

/** When a ledger document says it was made: the moment it was signed for (and retention counts from). */
function madeAt(document: LedgerDocument): string {
  switch (document.schema) {
    case 'trailproof/exception/v1':
      return document.createdAt;
    case 'trailproof/exception-revocation/v1':
      return document.revokedAt;
    case 'trailproof/run/v1':
      return document.endedAt;
    case 'trailproof/attestation/v1':
      return document.attestedAt;
  }
}

/** The field madeAt reads, for the sentence of a date from the future. */
const MADE_AT_FIELD: Record<LedgerDocument['schema'], string> = {
  'trailproof/exception/v1': 'createdAt',
  'trailproof/exception-revocation/v1': 'revokedAt',
  'trailproof/run/v1': 'endedAt',
  'trailproof/attestation/v1': 'attestedAt',
};

/** The document against its key: in the area its kind belongs to, written no earlier than made. */
function keyErrors(parts: LedgerObjectKeyParts, document: LedgerDocument): VerificationProblem[] {
  const errors: VerificationProblem[] = [];
  if (AREA_OF_SCHEMA[document.schema] !== parts.area) errors.push(verificationProblem('KEY_VERSION_MISMATCH', { keyVersion: `${parts.area}/v2`, schema: document.schema }));
  const made = madeAt(document);
  if (parts.hour.getTime() + HOUR_MS <= Date.parse(made)) errors.push(verificationProblem('KEY_HOUR_BACKDATED', { hour: parts.hour.toISOString(), collectedAt: made }));
  return errors;
}

/**
 * The ledger areas' objects (exceptions/v2, runs/v2, attestations/v2) for checkStoredObject: each
 * line a signed exception, revocation, run record or attestation, verified with the same codes as
 * a record, in the area its kind belongs to, made no later than the clock and its key's hour.
 */
export const LEDGER_OBJECTS: ObjectKind<LedgerObjectKeyParts, LedgerDocument> = {
  layout: '<exceptions|runs|attestations>/v2/YYYY/MM/DD/HH/<root>-<count>-<sha256>.jsonl',
  parseKey: parseLedgerObjectKey,
  verifyLine: verifyLedgerDocument,
  lineErrors: (document, parts, clock) => [...futureDateErrors(MADE_AT_FIELD[document.schema], madeAt(document), clock), ...(parts ? keyErrors(parts, document) : [])],
  madeAt,
  keepDocuments: true,
};
