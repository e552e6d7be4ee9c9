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
): Promise<{ failures: KeyFailure[]; warnings: string[] }> {
  const failures: KeyFailure[] = [];
  const pending = new Map<string, number>();
  for (const [key, fact] of facts) {
    const hour = parseRecordKey(key)?.hour.getTime();
    if (hour === undefined) continue; // already a layout failure
    const sealed = index.sealed.get(key);
    if (sealed) {
      if (fact.claimedLeafHash !== sealed.leafHash || !fact.contentOk) {
        failures.push({ key, errors: [`changed after sealing: its leaf hash is not the ${sealed.leafHash} that ${sealed.sealKey} lists`] });
      }
      continue;
    }
    const sealKey = index.sealedHours.get(hour);
    if (sealKey) {
      failures.push({ key, errors: [`late/unsealed record: ${sealKey} sealed the hour ${new Date(hour).toISOString()} without it (written after the seal, or slipped in)`] });
    } else if (index.newestEnd !== undefined && hour < index.newestEnd) {
      failures.push({ key, errors: [`unsealed record: no seal covers the hour ${new Date(hour).toISOString()}, though seals run up to ${new Date(index.newestEnd).toISOString()}`] });
    } else {
      const prefix = recordHourPrefix(new Date(hour));
      pending.set(prefix, (pending.get(prefix) ?? 0) + 1);
    }
  }
  for (const [key, sealed] of index.sealed) {
    if (facts.has(key) || !key.startsWith(scope.prefix)) continue;
    const info = store.describe ? await store.describe(key) : undefined;
    const what = info?.deleteMarker ? 'deleted (delete marker)' : 'missing from the store';
    failures.push({ key, errors: [`sealed in ${sealed.sealKey} but ${what}`] });
  }
  const newest = index.newestEnd === undefined ? '' : `, after the newest seal's window ended ${new Date(index.newestEnd).toISOString()}`;
  const warnings = [...pending].map(([prefix, n]) => `${prefix}: ${n} record(s) not yet sealed (written${newest})`);
  return { failures: failures.sort((a, b) => (a.key < b.key ? -1 : 1)), warnings };
}
