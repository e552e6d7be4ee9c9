import type { LedgerInput, SilenceFinding } from './audit-types.ts';

const DAY_MS = 86_400_000;

/** A stale resource: one nobody re-evaluated for 26 hours is not "passing" (a daily sweep plus two hours). */
export const DEFAULT_STALE_AFTER_MS = 26 * 3_600_000;

const dayOf = (t: number): string => new Date(t).toISOString().slice(0, 10);
const floorDay = (t: number): number => Math.floor(t / DAY_MS) * DAY_MS;

export interface SilenceOptions {
  /** Start of the period (inclusive, ms); open when undefined. */
  from?: number;
  judgedAt: number;
  /** Accounts expected whatever the run records say (`report --accounts`), in any region. */
  accounts?: readonly string[];
}

/** The silent days of one scope, grouped into runs of consecutive days. */
function silentRanges(reported: ReadonlySet<number>, start: number, end: number): Array<{ from: string; to: string; days: number }> {
  const ranges: Array<{ from: string; to: string; days: number }> = [];
  for (let day = start; day < end; day += DAY_MS) {
    if (reported.has(day)) continue;
    const last = ranges.at(-1);
    if (last && Date.parse(last.to) + DAY_MS === day) {
      last.to = dayOf(day);
      last.days += 1;
    } else {
      ranges.push({ from: dayOf(day), to: dayOf(day), days: 1 });
    }
  }
  return ranges;
}

/**
 * Silence as findings: every account and region that is expected to report (it wrote run records
 * before, or `accounts` names the account) and wrote no verified run record on a whole UTC day of
 * the period, up to the last day that ended by the judging time (today is not judged yet). A scope
 * is expected from the day of its first run record (an account onboarded mid-period is not silent
 * before it), or from the period's start when it reported before it; an account `accounts` names
 * is expected from the period's start (or the first run record of the store). Run records that
 * failed verification are not reports.
 *
 * @example silenceFindings(ledger.runs, { judgedAt: Date.now(), accounts: ['111122223333'] })
 */
export function silenceFindings(runs: LedgerInput['runs'], options: SilenceOptions): { findings: SilenceFinding[]; count: number; scopes: number; unverified: number } {
  const byScope = new Map<string, { account: string; region: string; days: Set<number>; first: number }>();
  const byAccount = new Map<string, Set<number>>();
  let count = 0;
  let unverified = 0;
  let firstRun = Infinity;
  for (const { document, integrity } of runs) {
    if (!integrity.ok) {
      unverified++;
      continue;
    }
    const started = Date.parse(document.startedAt);
    if (!(started < options.judgedAt)) continue;
    count++;
    const day = floorDay(started);
    firstRun = Math.min(firstRun, day);
    const key = `${document.account}/${document.region}`;
    const scope = byScope.get(key) ?? { account: document.account, region: document.region, days: new Set<number>(), first: day };
    scope.days.add(day);
    scope.first = Math.min(scope.first, day);
    byScope.set(key, scope);
    const accountDays = byAccount.get(document.account) ?? new Set<number>();
    accountDays.add(day);
    byAccount.set(document.account, accountDays);
  }
  // Whole days only: the day the judging time falls in has not ended.
  const end = floorDay(options.judgedAt);
  const from = options.from === undefined ? undefined : Math.ceil(options.from / DAY_MS) * DAY_MS;
  const findings: SilenceFinding[] = [];
  for (const scope of [...byScope.values()].sort((a, b) => `${a.account}/${a.region}`.localeCompare(`${b.account}/${b.region}`))) {
    const start = from === undefined ? scope.first : Math.max(from, scope.first);
    for (const range of silentRanges(scope.days, start, end)) findings.push({ account: scope.account, region: scope.region, ...range, expectedBy: 'run-records' });
  }
  for (const account of [...new Set(options.accounts ?? [])].sort()) {
    const start = from ?? (firstRun === Infinity ? end : firstRun);
    for (const range of silentRanges(byAccount.get(account) ?? new Set(), start, end)) findings.push({ account, ...range, expectedBy: 'accounts' });
  }
  return { findings, count, scopes: byScope.size, unverified };
}
