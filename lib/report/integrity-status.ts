import type { VerificationProblem } from '../evidence/verification-codes.ts';

/** What verification said about one record or document (the caller verifies; the report only shows it), by code and sentence. */
export interface IntegrityStatus {
  ok: boolean;
  errors: VerificationProblem[];
}
