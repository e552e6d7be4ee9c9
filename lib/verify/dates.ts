import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { formatDuration } from '../util/duration.ts';

const HOUR_MS = 3_600_000;

/** Seal grace and clock skew when none are given: what `trailproof verify` states in its help. */
export const DEFAULT_SEAL_GRACE_MS = 2 * HOUR_MS;
export const DEFAULT_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The verifier's sense of time, fixed once per run: no date in evidence may be later than
 * `now + skewMs`, and an hour that closed more than `graceMs` before `now` must be sealed.
 */
export interface VerifyClock {
  now: number;
  skewMs: number;
  graceMs: number;
}

/** A clock from verifyStore's options. */
export function verifyClock(options: { now?: Date; clockSkewMs?: number; sealGraceMs?: number }): VerifyClock {
  return { now: (options.now ?? new Date()).getTime(), skewMs: options.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS, graceMs: options.sealGraceMs ?? DEFAULT_SEAL_GRACE_MS };
}

/** The last time parsed: the records of one trigger, and the lines of one object, repeat their times. */
let lastParsed = { text: '', time: Number.NaN };

/** Date.parse, remembering the last text parsed. */
export function timeOf(text: string): number {
  if (text !== lastParsed.text) lastParsed = { text, time: Date.parse(text) };
  return lastParsed.time;
}

/** DATE_IN_FUTURE when `value` (an ISO time of `field`) is later than the clock allows. */
export function futureDateErrors(field: string, value: string | undefined, clock: VerifyClock): VerificationProblem[] {
  if (value === undefined || !(timeOf(value) > clock.now + clock.skewMs)) return [];
  return [verificationProblem('DATE_IN_FUTURE', { field, value, now: new Date(clock.now).toISOString(), skew: formatDuration(clock.skewMs) })];
}

/** KEY_HOUR_IN_FUTURE when a key's write hour has not begun yet (nothing can have been written in it). */
export function keyHourErrors(hour: Date, clock: VerifyClock): VerificationProblem[] {
  if (!(hour.getTime() > clock.now + clock.skewMs)) return [];
  return [verificationProblem('KEY_HOUR_IN_FUTURE', { hour: hour.toISOString(), now: new Date(clock.now).toISOString() })];
}

/**
 * SIGNED_OUTSIDE_KEY_HOUR: a v2 object is signed and named with one clock reading, so its
 * signedAt lies in the hour its key names (`from: 'hour'`). A v1 record may have been written
 * later than signed (a retry lands under a later hour), never earlier (`from: 'any'`).
 */
export function signedHourErrors(signedAt: string, hour: Date, from: 'hour' | 'any'): VerificationProblem[] {
  const signed = Date.parse(signedAt);
  const start = hour.getTime();
  const inside = signed < start + HOUR_MS && (from === 'any' || signed >= start);
  return inside ? [] : [verificationProblem('SIGNED_OUTSIDE_KEY_HOUR', { signedAt, hour: hour.toISOString() })];
}

/** Has the hour starting at `hour` been closed for longer than the grace, so that its seal is due? */
export function sealOverdue(hour: number, clock: VerifyClock): boolean {
  return hour + HOUR_MS + clock.graceMs <= clock.now;
}
