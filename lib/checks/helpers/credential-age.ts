/**
 * Ages of IAM credentials, judged at the check's `now` (never the wall clock), in whole days as
 * reasons print them. A credential is too old only when strictly more than `days` have passed.
 */

const DAY_MS = 86_400_000;

/** Whole days from `time` (ISO) to `now`, rounded down; 0 for a time in the future. */
export function ageInDays(time: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(time)) / DAY_MS));
}

/**
 * True when more than `days` days separate `time` from `now`.
 *
 * @example olderThan('2024-01-01T00:00:00Z', 90, new Date('2024-04-01T00:00:01Z')) // true: 91 days
 */
export function olderThan(time: string, days: number, now: Date): boolean {
  return now.getTime() - Date.parse(time) > days * DAY_MS;
}

/** Where a record's facts come from, for its reason: "credential report of <time>" or "ListAccessKeys". */
export function factsSource(from: { source: string; generatedTime?: string }): string {
  return from.source === 'credential-report' ? `the credential report generated at ${from.generatedTime}` : `${from.source} at collection`;
}
