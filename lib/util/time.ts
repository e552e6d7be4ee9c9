import { ParseError } from '../errors.ts';

/** UTC hour arithmetic for seal windows: every window is one whole UTC hour, end exclusive. */

const HOUR_MS = 3_600_000;

/** The start of the UTC hour `date` falls in. */
export function floorHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
}

export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * HOUR_MS);
}

/** The seal window of the hour starting at `start`, as the seal document writes it. */
export function windowOf(start: Date): { start: string; end: string } {
  return { start: start.toISOString(), end: addHours(start, 1).toISOString() };
}

/**
 * Parses an ISO 8601 time given on the command line or in a document.
 *
 * @throws ParseError naming `field` when the text is not a time.
 * @example parseTime('2026-05-01T00:00:00Z', '--from')
 */
export function parseTime(text: string, field: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) throw new ParseError(field, 'INVALID_TIME', `got ${JSON.stringify(text)}`);
  return date;
}

/** A period `[from, to)`; either end may be open. */
export interface Period {
  from?: Date;
  to?: Date;
}

/** Does the hour starting at `start` overlap the period? */
export function hourInPeriod(start: Date, period: Period): boolean {
  const t = start.getTime();
  return (period.to === undefined || t < period.to.getTime()) && (period.from === undefined || t + HOUR_MS > period.from.getTime());
}
