import type { CheckMetadata, Result } from '../model/check.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import { verificationProblem } from '../evidence/verification-codes.ts';
import { RESULTS } from '../model/check.ts';
import type { LedgerInput } from './audit-types.ts';
import { ExceptionIndex } from './exceptions.ts';
import { recordOf, recordPredicate, type RecordLike } from './filter.ts';
import { DEFAULT_STALE_AFTER_MS, silenceFindings } from './freshness.ts';
import { failureHistory, median } from './history.ts';
import { requirementRows } from './requirements.ts';
import type {
  CheckSummary,
  CitationSummary,
  IntegrityStatus,
  ReportEntry,
  ReportModel,
  ReportOptions,
  ResultCounts,
} from './model-types.ts';

export type * from './model-types.ts';

/** What a record gets when the caller passed no status for it: unverified is not verified. */
export const NOT_VERIFIED: IntegrityStatus = Object.freeze({ ok: false, errors: [verificationProblem('NOT_VERIFIED')] }) as IntegrityStatus;

const DAY_MS = 86_400_000;

/** Four zeroed result counters and a total. */
function emptyCounts(): ResultCounts {
  return { pass: 0, fail: 0, not_applicable: 0, error: 0, total: 0 };
}

function count(counts: ResultCounts, result: Result): void {
  // An unknown result (a record from a newer writer) still counts in the total, never as a pass.
  if (RESULTS.includes(result)) counts[result] += 1;
  counts.total += 1;
}

function addCounts(into: ResultCounts, from: ResultCounts): void {
  for (const r of RESULTS) into[r] += from[r];
  into.total += from.total;
}

/** The identity of a resource for one check: the same bucket name in two accounts is two resources. */
export function resourceKey(record: EvidenceRecord): string {
  return [record.check.id, record.account, record.region, record.resource.type, record.resource.id].join('\u0000');
}

/** Citations in reading order: 164.312(a)(1) before 164.312(a)(2)(iv) before 164.312(b). */
function compareCitations(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function summaryFromMetadata(m: CheckMetadata): CheckSummary {
  return {
    id: m.id,
    title: m.title,
    family: m.family,
    severity: m.severity,
    hipaa: [...m.hipaa],
    hipaaProposed: [...m.hipaaProposed],
    counts: emptyCounts(),
    failingNow: 0,
    excepted: 0,
    stale: 0,
    remediated: 0,
    remediation: m.remediation,
    timeline: [],
  };
}

/** A check the metadata does not know (retired, or from a newer writer): what its records say. */
function summaryFromRecord(r: EvidenceRecord): CheckSummary {
  return { ...r.check, hipaa: [], hipaaProposed: [], counts: emptyCounts(), failingNow: 0, excepted: 0, stale: 0, remediated: 0, timeline: [] };
}

function addMissing(into: string[], from: readonly string[] | undefined): void {
  for (const c of from ?? []) if (!into.includes(c)) into.push(c);
}

interface Timed {
  entry: ReportEntry;
  /** observedAt in ms; NaN when the record's time does not parse (sorted last, on no day). */
  t: number;
}

function newestFirst(a: Timed, b: Timed): number {
  const ta = Number.isNaN(a.t) ? -Infinity : a.t;
  const tb = Number.isNaN(b.t) ? -Infinity : b.t;
  if (ta !== tb) return tb - ta;
  const ca = a.entry.record.collectedAt;
  const cb = b.entry.record.collectedAt;
  if (ca !== cb) return ca < cb ? 1 : -1;
  return a.entry.record.id < b.entry.record.id ? -1 : 1;
}

function dayOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

function daysBetween(first: number, last: number): string[] {
  const days: string[] = [];
  for (let t = Math.floor(first / DAY_MS) * DAY_MS; t <= last; t += DAY_MS) days.push(dayOf(t));
  return days;
}

function citationSummaries(checks: CheckSummary[], rule: 'current' | 'proposed'): CitationSummary[] {
  const byCitation = new Map<string, CitationSummary>();
  for (const check of checks) {
    for (const citation of rule === 'current' ? check.hipaa : check.hipaaProposed) {
      let summary = byCitation.get(citation);
      if (!summary) {
        summary = { citation, rule, checks: [], counts: emptyCounts(), failingNow: 0, state: 'no-evidence' };
        byCitation.set(citation, summary);
      }
      summary.checks.push(check.id);
      addCounts(summary.counts, check.counts);
      summary.failingNow += check.failingNow;
    }
  }
  for (const s of byCitation.values()) {
    s.state = s.failingNow > 0 ? 'not-satisfied' : s.counts.total > 0 ? 'satisfied' : 'no-evidence';
  }
  return [...byCitation.values()].sort((a, b) => compareCitations(a.citation, b.citation));
}

const NO_LEDGER: LedgerInput = { exceptions: [], revocations: [], runs: [], attestations: [] };

/**
 * The report model of a period: pure, so every output format renders the same facts.
 *
 * Records are deduplicated by id (first one wins) and kept when `from <= observedAt < to` (`to`
 * is `asOf` when only that is given). A record with no entry in `statuses` is shown as not
 * verified. Citations come from the check metadata and from the records' own `controls` (a record
 * written under older metadata still counts where it said it did). State is judged at `asOf`,
 * else `to`, else `generatedAt`: which fails exceptions cover (lib/report/exceptions.ts), which
 * resources are stale (latest record older than `staleAfterMs`, checks the sweep evaluates, not
 * for a resource whose latest record is not applicable), which accounts were silent, failures and
 * their fixes per resource, and one row per requirement.
 *
 * @example
 * const model = buildReportModel(records, statuses, { from: '2026-03-01', to: '2026-04-01',
 *   generatedAt: new Date().toISOString(), checks: allMetadata() });
 */
export function buildReportModel(
  records: Iterable<RecordLike>,
  statuses: ReadonlyMap<string, IntegrityStatus>,
  options: ReportOptions,
): ReportModel {
  const to = options.to ?? options.asOf;
  const judgedAt = Date.parse(options.asOf ?? options.to ?? options.generatedAt);
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const ledger = options.ledger ?? NO_LEDGER;
  const exceptions = new ExceptionIndex(ledger, judgedAt);
  const swept = new Set(options.checks.filter((m) => m.triggers.sweep).map((m) => m.id));
  const inPeriod = recordPredicate({ from: options.from, to });
  const seen = new Set<string>();
  const timed: Timed[] = [];
  for (const item of records) {
    const record = recordOf(item);
    if (seen.has(record.id) || !inPeriod(record)) continue;
    seen.add(record.id);
    const entry: ReportEntry = { record, integrity: statuses.get(record.id) ?? NOT_VERIFIED };
    if (item !== record) entry.key = (item as { key: string }).key;
    timed.push({ entry, t: Date.parse(record.observedAt) });
  }
  timed.sort(newestFirst);

  const checks = new Map<string, CheckSummary>();
  for (const m of options.checks) checks.set(m.id, summaryFromMetadata(m));
  const perDay = new Map<string, Map<string, ResultCounts>>();
  const totals = emptyCounts();
  const integrity = { verified: 0, failed: 0 };
  const latestAt = new Map<string, string>();
  const staleKeys = new Set<string>();
  const failingNow: ReportEntry[] = [];
  let first = Infinity;
  let last = -Infinity;

  for (const { entry, t } of timed) {
    const { record } = entry;
    let check = checks.get(record.check.id);
    if (!check) checks.set(record.check.id, (check = summaryFromRecord(record)));
    addMissing(check.hipaa, record.controls?.hipaa);
    addMissing(check.hipaaProposed, record.controls?.hipaaProposed);
    count(check.counts, record.result);
    count(totals, record.result);
    if (entry.integrity.ok) integrity.verified += 1;
    else integrity.failed += 1;

    // Newest first: the first record seen for a resource is its state at the end of the period.
    const key = resourceKey(record);
    const latest = !latestAt.has(key);
    const exception = exceptions.applied(record, latest);
    if (exception) entry.exception = exception;
    if (latest) {
      latestAt.set(key, record.observedAt);
      if (record.result === 'fail' || record.result === 'error') {
        failingNow.push(entry);
        check.failingNow += 1;
        if (exception) check.excepted += 1;
      }
      if (swept.has(record.check.id) && record.result !== 'not_applicable' && judgedAt - t > staleAfterMs) {
        staleKeys.add(key);
        check.stale += 1;
      }
    }

    if (Number.isNaN(t)) continue;
    first = Math.min(first, t);
    last = Math.max(last, t);
    let days = perDay.get(check.id);
    if (!days) perDay.set(check.id, (days = new Map()));
    const day = dayOf(t);
    let dayCounts = days.get(day);
    if (!dayCounts) days.set(day, (dayCounts = emptyCounts()));
    count(dayCounts, record.result);
  }

  for (const { entry } of timed) {
    const key = resourceKey(entry.record);
    entry.lastEvaluatedAt = latestAt.get(key)!;
    if (staleKeys.has(key)) entry.stale = true;
  }
  const history = failureHistory(timed.map((x) => x.entry.record), resourceKey, judgedAt);
  const checkList = [...checks.values()];
  for (const check of checkList) {
    const remediations = history.remediations.get(check.id) ?? [];
    check.remediated = remediations.length;
    const typical = median(remediations);
    if (typical !== undefined) check.medianRemediationMs = typical;
    const days = perDay.get(check.id);
    if (!days) continue;
    check.timeline = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, counts]) => ({ day, counts }));
  }
  const hasTimes = first !== Infinity;
  const period: ReportModel['period'] = {};
  if (options.from !== undefined) period.from = options.from;
  if (to !== undefined) period.to = to;
  if (hasTimes) {
    period.firstObservedAt = new Date(first).toISOString();
    period.lastObservedAt = new Date(last).toISOString();
  }
  const citations = { current: citationSummaries(checkList, 'current'), proposed: citationSummaries(checkList, 'proposed') };
  const silence = silenceFindings(ledger.runs, { judgedAt, ...(options.from !== undefined ? { from: Date.parse(options.from) } : {}), ...(options.accounts ? { accounts: options.accounts } : {}) });
  return {
    period,
    generatedAt: options.generatedAt,
    days: hasTimes ? daysBetween(first, last) : [],
    totals,
    integrity,
    citations,
    checks: checkList,
    failingNow,
    entries: timed.map((x) => x.entry),
    audit: {
      judgedAt: new Date(judgedAt).toISOString(),
      staleAfterMs,
      exceptions: exceptions.views(),
      silence: silence.findings,
      runs: { count: silence.count, scopes: silence.scopes, unverified: silence.unverified },
      history: history.resources,
      requirements: requirementRows({ citations, checks: checkList }, ledger.attestations, judgedAt),
      staleNow: staleKeys.size,
      exceptedNow: checkList.reduce((n, c) => n + c.excepted, 0),
    },
  };
}
