import type { CheckMetadata, Result } from '../model/check.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import { verificationProblem } from '../evidence/verification-codes.ts';
import { RESULTS } from '../model/check.ts';
import type { LedgerInput } from './audit-types.ts';
import { ExceptionIndex } from './exceptions.ts';
import { recordOf, recordPredicate, type RecordLike } from './filter.ts';
import { DEFAULT_STALE_AFTER_MS, silenceFindings } from './freshness.ts';
import { failureHistory, median, resultCode, type ResultTimeline } from './history.ts';
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
 * Which records a model keeps whole (besides each resource's latest, which it always keeps):
 * `all` (every record: {@link buildReportModel}), `failing` (every fail and error record: what the
 * HTML page carries) or `latest` (none: the streamed formats read the records again as they write).
 */
export type KeptRecords = 'all' | 'failing' | 'latest';

/**
 * The report model built one record at a time, so a million records need not be in memory: every
 * count and the per-resource history figures are kept as numbers, records are kept whole only as
 * `keep` says (and each resource's latest). {@link ReportBuilder.finish} gives the model, whose
 * `entries` are the kept records, newest first.
 *
 * @example const builder = new ReportBuilder(options, 'latest'); for await (...) builder.add(record, status, key); const model = builder.finish();
 */
export class ReportBuilder {
  readonly #options: ReportOptions;
  readonly #keep: KeptRecords;
  readonly #inPeriod: (record: EvidenceRecord) => boolean;
  readonly #seen = new Set<string>();
  readonly #kept: Timed[] = [];
  readonly #latest = new Map<string, Timed>();
  readonly #timelines = new Map<string, ResultTimeline>();
  readonly #checks = new Map<string, CheckSummary>();
  readonly #perDay = new Map<string, Map<string, ResultCounts>>();
  readonly #totals = emptyCounts();
  readonly #integrity = { verified: 0, failed: 0 };
  #first = Infinity;
  #last = -Infinity;

  constructor(options: ReportOptions, keep: KeptRecords) {
    this.#options = options;
    this.#keep = keep;
    this.#inPeriod = recordPredicate({ from: options.from, to: options.to ?? options.asOf });
    for (const m of options.checks) this.#checks.set(m.id, summaryFromMetadata(m));
  }

  /**
   * Adds one record (the first of an id counts; records outside the period are ignored).
   *
   * @returns false when the record was not counted (a repeated id, or outside the period).
   */
  add(record: EvidenceRecord, integrity: IntegrityStatus = NOT_VERIFIED, key?: string): boolean {
    const id = compactId(record.id);
    if (this.#seen.has(id) || !this.#inPeriod(record)) return false;
    this.#seen.add(id);
    const entry: ReportEntry = { record, integrity };
    if (key !== undefined) entry.key = key;
    const timed: Timed = { entry, t: Date.parse(record.observedAt) };
    const failing = record.result === 'fail' || record.result === 'error';
    if (this.#keep === 'all' || (this.#keep === 'failing' && failing)) this.#kept.push(timed);
    const resource = resourceKey(record);
    const latest = this.#latest.get(resource);
    if (!latest || newestFirst(timed, latest) < 0) this.#latest.set(resource, timed);

    let check = this.#checks.get(record.check.id);
    if (!check) this.#checks.set(record.check.id, (check = summaryFromRecord(record)));
    addMissing(check.hipaa, record.controls?.hipaa);
    addMissing(check.hipaaProposed, record.controls?.hipaaProposed);
    count(check.counts, record.result);
    count(this.#totals, record.result);
    if (integrity.ok) this.#integrity.verified += 1;
    else this.#integrity.failed += 1;
    if (Number.isNaN(timed.t)) return true;
    let timeline = this.#timelines.get(resource);
    if (!timeline) this.#timelines.set(resource, (timeline = { record, events: [] }));
    timeline.events.push(timed.t, resultCode(record.result));
    this.#first = Math.min(this.#first, timed.t);
    this.#last = Math.max(this.#last, timed.t);
    let days = this.#perDay.get(check.id);
    if (!days) this.#perDay.set(check.id, (days = new Map()));
    const day = dayOf(timed.t);
    let dayCounts = days.get(day);
    if (!dayCounts) days.set(day, (dayCounts = emptyCounts()));
    count(dayCounts, record.result);
    return true;
  }

  /** Each resource's latest record, by {@link resourceKey}, once {@link finish} has judged them. */
  latest(): ReadonlyMap<string, ReportEntry> {
    return new Map([...this.#latest].map(([k, timed]) => [k, timed.entry]));
  }

  /** The model of the records added so far; call once, after the last {@link add} (it lets go of the ids it saw). */
  finish(exceptions: ExceptionIndex = new ExceptionIndex(this.#options.ledger ?? NO_LEDGER, judgedAtOf(this.#options))): ReportModel {
    const options = this.#options;
    const judgedAt = judgedAtOf(options);
    const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    const ledger = options.ledger ?? NO_LEDGER;
    const swept = new Set(options.checks.filter((m) => m.triggers.sweep).map((m) => m.id));
    // A million ids are tens of MB: a streamed writer reads the records again after this.
    this.#seen.clear();
    const kept = this.#keep === 'all' ? this.#kept : [...new Set([...this.#kept, ...this.#latest.values()])];
    kept.sort(newestFirst);
    const latestAt = new Map<string, string>();
    const staleKeys = new Set<string>();
    const failingNow: ReportEntry[] = [];
    // Newest first: the first kept record of a resource is its latest (every latest is kept).
    for (const { entry, t } of kept) {
      const { record } = entry;
      const check = this.#checks.get(record.check.id)!;
      const key = resourceKey(record);
      const latest = !latestAt.has(key);
      const exception = exceptions.applied(record, latest);
      if (exception) entry.exception = exception;
      if (!latest) continue;
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
    for (const { entry } of kept) {
      const key = resourceKey(entry.record);
      entry.lastEvaluatedAt = latestAt.get(key)!;
      if (staleKeys.has(key)) entry.stale = true;
    }
    const history = failureHistory(this.#timelines.values(), judgedAt);
    const checkList = [...this.#checks.values()];
    for (const check of checkList) {
      const remediations = history.remediations.get(check.id) ?? [];
      check.remediated = remediations.length;
      const typical = median(remediations);
      if (typical !== undefined) check.medianRemediationMs = typical;
      const days = this.#perDay.get(check.id);
      if (!days) continue;
      check.timeline = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, counts]) => ({ day, counts }));
    }
    const hasTimes = this.#first !== Infinity;
    const to = options.to ?? options.asOf;
    const period: ReportModel['period'] = {};
    if (options.from !== undefined) period.from = options.from;
    if (to !== undefined) period.to = to;
    if (hasTimes) {
      period.firstObservedAt = new Date(this.#first).toISOString();
      period.lastObservedAt = new Date(this.#last).toISOString();
    }
    const citations = { current: citationSummaries(checkList, 'current'), proposed: citationSummaries(checkList, 'proposed') };
    const silence = silenceFindings(ledger.runs, { judgedAt, ...(options.from !== undefined ? { from: Date.parse(options.from) } : {}), ...(options.accounts ? { accounts: options.accounts } : {}) });
    return {
      period,
      generatedAt: options.generatedAt,
      days: hasTimes ? daysBetween(this.#first, this.#last) : [],
      totals: this.#totals,
      integrity: this.#integrity,
      citations,
      checks: checkList,
      failingNow,
      entries: kept.map((x) => x.entry),
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
}

const HEX_ID = /^[0-9a-f]{32}$/;

/** A record id as the builder remembers it: 32 hex digits as 16 one-byte characters (a million ids in half the memory). */
function compactId(id: string): string {
  return HEX_ID.test(id) ? Buffer.from(id, 'hex').toString('latin1') : `\u0100${id}`;
}

/** The time state is judged at: `asOf`, else `to`, else `generatedAt`. */
function judgedAtOf(options: ReportOptions): number {
  return Date.parse(options.asOf ?? options.to ?? options.generatedAt);
}

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
 * their fixes per resource, and one row per requirement. Every record is kept: for a store of
 * any size use {@link ReportBuilder} (lib/report/generate.ts does).
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
  const builder = new ReportBuilder(options, 'all');
  for (const item of records) {
    const record = recordOf(item);
    builder.add(record, statuses.get(record.id) ?? NOT_VERIFIED, item !== record ? (item as { key: string }).key : undefined);
  }
  return builder.finish();
}
