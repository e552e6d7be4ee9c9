import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import type { EvidenceStore, StoredObjectInfo } from '../store/types.ts';
import type { LockPolicy } from './types.ts';

const DAY_MS = 86_400_000;
// S3 keeps retain-until to the second, collectedAt has milliseconds.
const RETENTION_SLACK_MS = 60_000;

/**
 * Object Lock facts of one key against the policy: versions (an overwrite attempt), delete
 * markers, lock mode, and retention long enough after `since` (a record's collectedAt, a seal's
 * sealedAt).
 *
 * @param info what the store's `describe` said; undefined when it had nothing for the key.
 */
function lockErrors(info: StoredObjectInfo | undefined, since: string | undefined, policy: LockPolicy): VerificationProblem[] {
  if (!info) return [verificationProblem('LOCK_FACTS_MISSING')];
  const errors: VerificationProblem[] = [];
  // Several versions of ONE content are a retried write where If-None-Match is ignored (radosgw): not an attack.
  if ((info.distinctVersions ?? info.versions ?? 1) > 1) errors.push(verificationProblem('OVERWRITE_ATTEMPTED', { versions: info.versions! }));
  if (info.deleteMarker) errors.push(verificationProblem('DELETE_MARKER_PRESENT'));
  if (!info.lockMode) errors.push(verificationProblem('RETENTION_MISSING'));
  else if (policy.mode && info.lockMode !== policy.mode) errors.push(verificationProblem('LOCK_MODE_MISMATCH', { mode: info.lockMode, required: policy.mode }));
  if (policy.minRetentionDays !== undefined && since && info.retainUntil) {
    const required = Date.parse(since) + policy.minRetentionDays * DAY_MS - RETENTION_SLACK_MS;
    if (Date.parse(info.retainUntil) < required) errors.push(verificationProblem('RETENTION_TOO_SHORT', { retainUntil: info.retainUntil, days: policy.minRetentionDays }));
  }
  return errors;
}

/**
 * The lock check of one key as a function of (key, since), or undefined when the store has no
 * lock facts (a directory) or no policy was asked for: records and seals share it.
 */
export function lockChecker(store: EvidenceStore, policy: LockPolicy | undefined): ((key: string, since: string | undefined) => Promise<VerificationProblem[]>) | undefined {
  const describe = store.describe?.bind(store);
  if (!policy || !describe) return undefined;
  return async (key, since) => lockErrors(await describe(key), since, policy);
}
