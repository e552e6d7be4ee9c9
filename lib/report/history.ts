import type { EvidenceRecord } from '../evidence/types.ts';
import { RESULTS } from '../model/check.ts';
import type { ResourceHistory } from './audit-types.ts';

/**
 * One resource's results, as history reads them: a record of it (for its identity) and its
 * records' times and results as pairs `[t0, r0, t1, r1, ...]` (r an index into RESULTS, -1 for a
 * result a newer writer invented), in any order: they are sorted here, oldest first.
 */
export interface ResultTimeline {
  record: EvidenceRecord;
  events: number[];
}

/** The code {@link ResultTimeline} stores for a result. */
export function resultCode(result: string): number {
  return (RESULTS as readonly string[]).indexOf(result);
}

/** The pairs of a timeline, oldest first (ties keep their order). */
function oldestFirst(events: readonly number[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < events.length; i += 2) pairs.push([events[i]!, events[i + 1]!]);
  return pairs.sort((a, b) => a[0] - b[0]);
}

/**
 * Failures per resource and time to remediate per check, from the period's records (oldest first
 * per resource): a failure begins at a fail that follows no fail, and is fixed by the first pass or
 * not-applicable record after it (a resource deleted while failing is fixed too). An error record
 * says nothing either way and neither begins nor ends one. A failure still open is exposed until
 * the judging time. Only the period's records are seen: a failure that began before the period
 * begins, for this table, at its first fail in the period. Records whose time does not parse are
 * not in the timelines.
 *
 * @param timelines each resource's results (one per check and resource: report/model.ts resourceKey).
 * @returns the resources that failed in the period, longest exposure first, and per check the
 *   times to remediate of the failures fixed in it.
 */
export function failureHistory(timelines: Iterable<ResultTimeline>, judgedAt: number): { resources: ResourceHistory[]; remediations: Map<string, number[]> } {
  const FAIL = resultCode('fail');
  const FIXED = new Set([resultCode('pass'), resultCode('not_applicable')]);
  const resources: ResourceHistory[] = [];
  const remediations = new Map<string, number[]>();
  for (const { record: first, events } of timelines) {
    let open: number | undefined;
    let firstFailure: number | undefined;
    let fixedAt: number | undefined;
    let exposed = 0;
    let remediated = 0;
    for (const [t, result] of oldestFirst(events)) {
      if (result === FAIL) {
        if (open === undefined) open = t;
        firstFailure ??= t;
      } else if (FIXED.has(result) && open !== undefined) {
        exposed += t - open;
        remediated++;
        fixedAt = t;
        const list = remediations.get(first.check.id) ?? [];
        list.push(t - open);
        remediations.set(first.check.id, list);
        open = undefined;
      }
    }
    if (firstFailure === undefined) continue;
    if (open !== undefined) exposed += Math.max(0, judgedAt - open);
    resources.push({
      check: first.check.id,
      account: first.account,
      region: first.region,
      resourceType: first.resource.type,
      resourceId: first.resource.id,
      firstFailure: new Date(firstFailure).toISOString(),
      ...(open === undefined && fixedAt !== undefined ? { fixedAt: new Date(fixedAt).toISOString() } : {}),
      exposedMs: exposed,
      remediated,
      failingNow: open !== undefined,
    });
  }
  resources.sort((a, b) => b.exposedMs - a.exposedMs || (a.firstFailure < b.firstFailure ? -1 : 1));
  return { resources, remediations };
}

/** The median of durations (ms); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
