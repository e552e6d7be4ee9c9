import { hourInPeriod, type Period } from '../util/time.ts';
import { RECORD_PREFIXES, recordDayPrefix, writeHourOf } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';

const DAY_MS = 86_400_000;

/** Is the key's write hour in the period? A key outside the layout has no hour: kept, verify reports it. */
function keyInPeriod(key: string, period: Period | undefined): boolean {
  const hour = writeHourOf(key);
  return hour === undefined || period === undefined || hourInPeriod(hour, period);
}

/** The prefixes a scope lists: its own, or every record version (v1 records, v2 objects). */
const prefixesOf = (scope: { prefix?: string }): readonly string[] => (scope.prefix === undefined ? RECORD_PREFIXES : [scope.prefix]);

/**
 * The record keys to verify, v1 records and v2 objects: every key under the prefix (default both
 * versions), or, for a period bounded at both ends over all records, only the listings of the
 * period's days (a year-old store is not listed whole to verify one week).
 */
export async function* listRecordKeys(store: EvidenceStore, scope: { prefix?: string; period?: Period }): AsyncIterable<string> {
  const { period } = scope;
  if (period?.from && period.to && scope.prefix === undefined) {
    for (const version of ['v1', 'v2'] as const) {
      for (let day = Math.floor(period.from.getTime() / DAY_MS) * DAY_MS; day < period.to.getTime(); day += DAY_MS) {
        for await (const key of store.list(recordDayPrefix(version, new Date(day)))) if (keyInPeriod(key, period)) yield key;
      }
    }
    return;
  }
  for (const prefix of prefixesOf(scope)) for await (const key of store.list(prefix)) if (keyInPeriod(key, period)) yield key;
}

/**
 * Record keys whose current version is a delete marker, in the same scope: no listing shows
 * them, so without this a record deleted before its hour was sealed would vanish without a trace.
 * Nothing when the store cannot tell (no versions).
 */
export async function* listDeletedRecordKeys(store: EvidenceStore, scope: { prefix?: string; period?: Period }): AsyncIterable<string> {
  if (!store.listDeleted) return;
  for (const prefix of prefixesOf(scope)) for await (const key of store.listDeleted(prefix)) if (keyInPeriod(key, scope.period)) yield key;
}
