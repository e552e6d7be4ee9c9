import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { parseRecordObjectKey, RECORD_PREFIXES, recordHourPrefix, writeHourOf } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import type { RecordSealFacts } from './check-record.ts';
import type { SealIndex } from './seal-chain.ts';
import type { KeyFailure } from './types.ts';

/** What verifyStore learned of every key it listed, for the cross-check against the seals. */
export interface ListedFacts {
  /** v1 record key -> its leaf hash facts. */
  records: ReadonlyMap<string, RecordSealFacts>;
  /** v2 object key -> SHA-256 of the bytes read (undefined when unreadable). */
  objects: ReadonlyMap<string, string | undefined>;
}

/**
 * Checks the records and objects listed against the seals read: every sealed record present with
 * the leaf hash its seal lists (both the one it claims and the one recomputed from its content),
 * every sealed object present with the SHA-256 its seal lists, and every record and object of a
 * sealed hour in its seal. Keys newer than the newest seal are warnings, grouped per hour prefix.
 *
 * @param scope.prefixes sealed keys outside them were not listed, so are not missing.
 */
export async function crossCheckSeals(
  store: EvidenceStore,
  index: SealIndex,
  facts: ListedFacts,
  scope: { prefixes?: readonly string[] } = {},
): Promise<{ failures: KeyFailure[]; warnings: VerificationProblem[] }> {
  const failures: KeyFailure[] = [];
  const pending = new Map<string, number>();
  /** A listed key that no seal lists: late (its hour is sealed), unsealed (hours after it are), or not yet sealed. */
  const unlisted = (key: string, hour: number) => {
    const sealKey = index.sealedHours.get(hour);
    if (sealKey) {
      failures.push({ key, errors: [verificationProblem('RECORD_NOT_IN_SEAL', { sealKey, hour: new Date(hour).toISOString() })] });
    } else if (index.newestEnd !== undefined && hour < index.newestEnd) {
      failures.push({ key, errors: [verificationProblem('HOUR_NOT_SEALED', { hour: new Date(hour).toISOString(), sealedUpTo: new Date(index.newestEnd).toISOString() })] });
    } else {
      const prefix = recordHourPrefix(parseRecordObjectKey(key) ? 'v2' : 'v1', new Date(hour));
      pending.set(prefix, (pending.get(prefix) ?? 0) + 1);
    }
  };
  for (const [key, fact] of facts.records) {
    const hour = writeHourOf(key)?.getTime();
    if (hour === undefined) continue; // already a layout failure
    const sealed = index.sealed.get(key);
    if (!sealed) unlisted(key, hour);
    else if (fact.claimedLeafHash !== sealed.leafHash || !fact.contentOk) {
      failures.push({ key, errors: [verificationProblem('SEALED_RECORD_CHANGED', { leafHash: sealed.leafHash, sealKey: sealed.sealKey })] });
    }
  }
  for (const [key, sha256] of facts.objects) {
    const hour = writeHourOf(key)?.getTime();
    if (hour === undefined) continue;
    const sealed = index.sealedObjects.get(key);
    if (!sealed) unlisted(key, hour);
    else if (sha256 !== sealed.sha256) failures.push({ key, errors: [verificationProblem('SEALED_OBJECT_CHANGED', { sha256: sealed.sha256, sealKey: sealed.sealKey })] });
  }
  const inScope = (key: string) => (scope.prefixes ?? RECORD_PREFIXES).some((prefix) => key.startsWith(prefix));
  for (const [key, sealed] of index.sealed) {
    if (facts.records.has(key) || !inScope(key)) continue;
    const info = store.describe ? await store.describe(key) : undefined;
    failures.push({ key, errors: [verificationProblem(info?.deleteMarker ? 'SEALED_RECORD_DELETED' : 'SEALED_RECORD_MISSING', { sealKey: sealed.sealKey })] });
  }
  for (const [key, sealed] of index.sealedObjects) {
    if (facts.objects.has(key) || !inScope(key)) continue;
    const info = store.describe ? await store.describe(key) : undefined;
    failures.push({ key, errors: [verificationProblem(info?.deleteMarker ? 'SEALED_OBJECT_DELETED' : 'SEALED_OBJECT_MISSING', { sealKey: sealed.sealKey })] });
  }
  const newestEnd = index.newestEnd === undefined ? {} : { newestEnd: new Date(index.newestEnd).toISOString() };
  const warnings = [...pending].map(([prefix, count]) => verificationProblem('RECORDS_NOT_YET_SEALED', { prefix, count, ...newestEnd }));
  return { failures: failures.sort((a, b) => (a.key < b.key ? -1 : 1)), warnings };
}
