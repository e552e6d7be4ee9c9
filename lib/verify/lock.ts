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
export function lockErrors(info: StoredObjectInfo | undefined, since: string | undefined, policy: LockPolicy): string[] {
  if (!info) return ['the store has no facts for this key'];
  const errors: string[] = [];
  if ((info.versions ?? 1) > 1) errors.push(`${info.versions} versions of this key exist: an overwrite was attempted`);
  if (info.deleteMarker) errors.push('a delete marker exists for this key: a deletion was attempted');
  if (!info.lockMode) errors.push('no Object Lock retention on this object');
  else if (policy.mode && info.lockMode !== policy.mode) errors.push(`Object Lock mode ${info.lockMode}, the policy requires ${policy.mode}`);
  if (policy.minRetentionDays !== undefined && since && info.retainUntil) {
    const required = Date.parse(since) + policy.minRetentionDays * DAY_MS - RETENTION_SLACK_MS;
    if (Date.parse(info.retainUntil) < required) errors.push(`retained until ${info.retainUntil}, shorter than the ${policy.minRetentionDays}-day policy`);
  }
  return errors;
}

/**
 * The lock check of one key as a function of (key, since), or undefined when the store has no
 * lock facts (a directory) or no policy was asked for: records and seals share it.
 */
export function lockChecker(store: EvidenceStore, policy: LockPolicy | undefined): ((key: string, since: string | undefined) => Promise<string[]>) | undefined {
  const describe = store.describe?.bind(store);
  if (!policy || !describe) return undefined;
  return async (key, since) => lockErrors(await describe(key), since, policy);
}
