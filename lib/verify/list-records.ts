import { hourInPeriod, type Period } from '../util/time.ts';
import { parseRecordKey, RECORDS_PREFIX } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';

const DAY_MS = 86_400_000;

const recordDayPrefix = (day: Date) => `${RECORDS_PREFIX}${day.toISOString().slice(0, 10).replaceAll('-', '/')}/`;

/** Is the key's write hour in the period? A key outside the layout has no hour: kept, verify reports it. */
function keyInPeriod(key: string, period: Period | undefined): boolean {
  const hour = parseRecordKey(key)?.hour;
  return hour === undefined || period === undefined || hourInPeriod(hour, period);
}

/**
 * The record keys to verify: every key under the prefix, or, for a period bounded at both ends
 * over all records, only the listings of the period's days (a year-old store is not listed whole
 * to verify one week).
 */
export async function* listRecordKeys(store: EvidenceStore, scope: { prefix?: string; period?: Period }): AsyncIterable<string> {
  const { period } = scope;
  const prefix = scope.prefix ?? RECORDS_PREFIX;
  if (period?.from && period.to && prefix === RECORDS_PREFIX) {
    for (let day = Math.floor(period.from.getTime() / DAY_MS) * DAY_MS; day < period.to.getTime(); day += DAY_MS) {
      for await (const key of store.list(recordDayPrefix(new Date(day)))) if (keyInPeriod(key, period)) yield key;
    }
    return;
  }
  for await (const key of store.list(prefix)) if (keyInPeriod(key, period)) yield key;
}

/**
 * Record keys whose current version is a delete marker, in the same scope: no listing shows
 * them, so without this a record deleted before its hour was sealed would vanish without a trace.
 * Nothing when the store cannot tell (no versions).
 */
export async function* listDeletedRecordKeys(store: EvidenceStore, scope: { prefix?: string; period?: Period }): AsyncIterable<string> {
  if (!store.listDeleted) return;
  for await (const key of store.listDeleted(scope.prefix ?? RECORDS_PREFIX)) if (keyInPeriod(key, scope.period)) yield key;
}
