import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { parseRecordKey, recordHourPrefix } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import type { RecordSealFacts } from './check-record.ts';
import type { SealIndex } from './seal-chain.ts';
import type { KeyFailure } from './types.ts';

/**
 * Checks the records listed against the seals read: every sealed record present with the leaf
 * hash its seal lists (both the one it claims and the one recomputed from its content), and
 * every record in a seal. Records newer than the newest seal are warnings, grouped per hour.
 *
 * @param facts every record key verifyStore listed (in scope), with its leaf hash facts.
 * @param scope.prefix sealed keys outside it were not listed, so are not missing.
 */
export async function crossCheckSeals(
  store: EvidenceStore,
  index: SealIndex,
  facts: ReadonlyMap<string, RecordSealFacts>,
  scope: { prefix: string },
): Promise<{ failures: KeyFailure[]; warnings: VerificationProblem[] }> {
  const failures: KeyFailure[] = [];
  const pending = new Map<string, number>();
  for (const [key, fact] of facts) {
    const hour = parseRecordKey(key)?.hour.getTime();
    if (hour === undefined) continue; // already a layout failure
    const sealed = index.sealed.get(key);
    if (sealed) {
      if (fact.claimedLeafHash !== sealed.leafHash || !fact.contentOk) {
        failures.push({ key, errors: [verificationProblem('SEALED_RECORD_CHANGED', { leafHash: sealed.leafHash, sealKey: sealed.sealKey })] });
      }
      continue;
    }
    const sealKey = index.sealedHours.get(hour);
    if (sealKey) {
      failures.push({ key, errors: [verificationProblem('RECORD_NOT_IN_SEAL', { sealKey, hour: new Date(hour).toISOString() })] });
    } else if (index.newestEnd !== undefined && hour < index.newestEnd) {
      const facts = { hour: new Date(hour).toISOString(), sealedUpTo: new Date(index.newestEnd).toISOString() };
      failures.push({ key, errors: [verificationProblem('HOUR_NOT_SEALED', facts)] });
    } else {
      const prefix = recordHourPrefix(new Date(hour));
      pending.set(prefix, (pending.get(prefix) ?? 0) + 1);
    }
  }
  for (const [key, sealed] of index.sealed) {
    if (facts.has(key) || !key.startsWith(scope.prefix)) continue;
    const info = store.describe ? await store.describe(key) : undefined;
    const code = info?.deleteMarker ? 'SEALED_RECORD_DELETED' : 'SEALED_RECORD_MISSING';
    failures.push({ key, errors: [verificationProblem(code, { sealKey: sealed.sealKey })] });
  }
  const newestEnd = index.newestEnd === undefined ? {} : { newestEnd: new Date(index.newestEnd).toISOString() };
  const warnings = [...pending].map(([prefix, count]) => verificationProblem('RECORDS_NOT_YET_SEALED', { prefix, count, ...newestEnd }));
  return { failures: failures.sort((a, b) => (a.key < b.key ? -1 : 1)), warnings };
}
