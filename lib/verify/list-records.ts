import { hourInPeriod, type Period } from '../util/time.ts';
import { SIGNED_PREFIXES, signedDayPrefix, writeHourOf } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';

const DAY_MS = 86_400_000;

/** Is the key's write hour in the period? A key outside the layout has no hour: kept, verify reports it. */
function keyInPeriod(key: string, period: Period | undefined): boolean {
  const hour = writeHourOf(key);
  return hour === undefined || period === undefined || hourInPeriod(hour, period);
}

/** The prefixes a scope lists: its own, or every signed prefix (v1 records, v2 record objects, ledger objects). */
export const prefixesOf = (scope: { prefix?: string }): readonly string[] => (scope.prefix === undefined ? SIGNED_PREFIXES : [scope.prefix]);

/** The listings of a scope, each in key order (so in write-hour order): one per signed prefix it reaches. */
function listings(store: EvidenceStore, scope: { prefix?: string; period?: Period }): Array<AsyncIterable<string>> {
  const { period } = scope;
  const filtered = async function* (prefix: string) {
    for await (const key of store.list(prefix)) if (keyInPeriod(key, period)) yield key;
  };
  if (scope.prefix !== undefined) {
    const prefix = scope.prefix;
    // A prefix above the version folders ('records/') reaches both: list each, so hours can be merged.
    const versions = SIGNED_PREFIXES.filter((p) => p.startsWith(prefix));
    return versions.length > 0 ? versions.map(filtered) : [filtered(prefix)];
  }
  if (!period?.from || !period.to) return SIGNED_PREFIXES.map(filtered);
  // A period bounded at both ends: only its days are listed (a year-old store is not listed whole to verify one week).
  const { from, to } = period;
  return SIGNED_PREFIXES.map(async function* (signed) {
    for (let day = Math.floor(from.getTime() / DAY_MS) * DAY_MS; day < to.getTime(); day += DAY_MS) yield* filtered(signedDayPrefix(signed, new Date(day)));
  });
}

/**
 * The keys to verify, v1 records, v2 record objects and ledger objects, in write-hour order
 * across every signed prefix (an hour's keys of each prefix, then the next hour), so verifyStore can check one hour at
 * a time against its seal and slide its retry window. Keys outside the layout (no hour) come as
 * soon as their listing reaches them. Scope: every key under the prefix (default both versions),
 * or, for a period bounded at both ends over all records, only the listings of the period's days.
 */
export async function* listRecordKeys(store: EvidenceStore, scope: { prefix?: string; period?: Period }): AsyncIterable<string> {
  const iterators = listings(store, scope).map((listing) => listing[Symbol.asyncIterator]());
  const heads = await Promise.all(iterators.map((it) => it.next()));
  const hourOf = (key: string) => writeHourOf(key)?.getTime() ?? Number.NEGATIVE_INFINITY;
  for (;;) {
    let next = -1;
    heads.forEach((head, i) => {
      if (!head.done && (next === -1 || hourOf(head.value) < hourOf(heads[next]!.value as string))) next = i;
    });
    if (next === -1) return;
    yield heads[next]!.value as string;
    heads[next] = await iterators[next]!.next();
  }
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

/** Entries under the scope that are not plain objects (a directory store's links, FIFOs, ...): never read, each reported. */
export async function* listIrregularRecordKeys(store: EvidenceStore, scope: { prefix?: string }): AsyncIterable<{ key: string; kind: string }> {
  if (!store.listIrregular) return;
  const seen = new Set<string>();
  for (const prefix of prefixesOf(scope)) {
    for await (const entry of store.listIrregular(prefix)) {
      if (seen.has(entry.key)) continue; // a linked `records` folder is on both versions' paths
      seen.add(entry.key);
      yield entry;
    }
  }
}
