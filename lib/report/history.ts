import type { EvidenceRecord } from '../evidence/types.ts';
import type { ResourceHistory } from './audit-types.ts';

/** One resource's records, oldest first, as history reads them. */
interface Timeline {
  first: EvidenceRecord;
  records: EvidenceRecord[];
}

/**
 * Failures per resource and time to remediate per check, from the period's records (oldest first
 * per resource): a failure begins at a fail that follows no fail, and is fixed by the first pass or
 * not-applicable record after it (a resource deleted while failing is fixed too). An error record
 * says nothing either way and neither begins nor ends one. A failure still open is exposed until
 * the judging time. Only the period's records are seen: a failure that began before the period
 * begins, for this table, at its first fail in the period.
 *
 * @param newestFirst the model's entries (newest observedAt first), each record once.
 * @param keyOf the identity of a resource for one check (report/model.ts resourceKey).
 * @returns the resources that failed in the period, longest exposure first, and per check the
 *   times to remediate of the failures fixed in it.
 */
export function failureHistory(newestFirst: readonly EvidenceRecord[], keyOf: (record: EvidenceRecord) => string, judgedAt: number): { resources: ResourceHistory[]; remediations: Map<string, number[]> } {
  const timelines = new Map<string, Timeline>();
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const record = newestFirst[i]!;
    if (Number.isNaN(Date.parse(record.observedAt))) continue;
    const key = keyOf(record);
    const timeline = timelines.get(key);
    if (timeline) timeline.records.push(record);
    else timelines.set(key, { first: record, records: [record] });
  }
  const resources: ResourceHistory[] = [];
  const remediations = new Map<string, number[]>();
  for (const { first, records } of timelines.values()) {
    let open: number | undefined;
    let firstFailure: number | undefined;
    let fixedAt: number | undefined;
    let exposed = 0;
    let remediated = 0;
    for (const record of records) {
      const t = Date.parse(record.observedAt);
      if (record.result === 'fail') {
        if (open === undefined) open = t;
        firstFailure ??= t;
      } else if ((record.result === 'pass' || record.result === 'not_applicable') && open !== undefined) {
        exposed += t - open;
        remediated++;
        fixedAt = t;
        const list = remediations.get(record.check.id) ?? [];
        list.push(t - open);
        remediations.set(record.check.id, list);
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
