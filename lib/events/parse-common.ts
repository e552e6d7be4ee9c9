import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ParseError } from '../errors.ts';
import { findUnencodable } from '../util/json-value.ts';
import type { ParsedInput } from './types.ts';
import { joinPath } from '../util/json-path.ts';

/** One input unit (a record, a line, a message) larger than this is refused: no real event is. */
export const MAX_UNIT_BYTES = 1024 * 1024;
/** A whole input file larger than this is refused before it is parsed. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * What an outer layer already knows when it hands an inner payload to a parser: an EventBridge
 * envelope's id, account, region and time, or an SNS topic's region.
 */
export interface EnvelopeContext {
  /** JSON path of the payload inside the unit, e.g. `detail` or `Records[3]`. */
  path: string;
  eventBridgeId?: string;
  account?: string;
  region?: string;
  time?: string;
}

/** The value at a zod issue path inside the parsed input (undefined when a step is absent). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((inner, key) => (inner !== null && typeof inner === 'object' ? (inner as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/**
 * The first zod issue as a ParseError naming the full field path. The code comes from the issue's
 * kind and the input itself (an absent member is MISSING_FIELD), never from zod's message text.
 */
function zodToParseError(error: z.ZodError, prefix: string, input: unknown): ParseError {
  const issue = error.issues[0];
  if (!issue) return new ParseError(prefix || '$', 'UNPARSEABLE');
  const field = issue.path.reduce<string>((path, key) => joinPath(path, typeof key === 'number' ? key : String(key)), prefix) || '$';
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) == null) return new ParseError(field, 'MISSING_FIELD');
  const code = issue.code === 'invalid_type' || issue.code === 'invalid_union' ? 'WRONG_TYPE' : 'INVALID_VALUE';
  return new ParseError(field, code, issue.message.replace(/^Invalid input: /, ''));
}

/** Parse with a zod schema or throw a ParseError naming the field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw zodToParseError(result.error, prefix, value);
  return result.data;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * ISO 8601 (UTC, milliseconds) from the timestamps real sources write: CloudTrail's
 * `2024-06-02T19:41:40Z`, Panther's `2024-06-02 19:41:40.000000000` (no zone: UTC), the Config API's
 * `2017-02-04T06:10:33.880000-05:00`. Undefined when the text is not a timestamp.
 */
export function normalizeTimestamp(text: string): string | undefined {
  return commonTimestamp(text) ?? anyTimestamp(text);
}

/**
 * normalizeTimestamp without its fast path: the regex and Date every form goes through. Exported so
 * the fast path can be held to it (test/events/parse-cloudtrail-equivalence.property.test.ts).
 */
export function anyTimestamp(text: string): string | undefined {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return undefined;
  const [, date, time, fraction, zone] = match;
  const seconds = time!.length === 5 ? `${time}:00` : time;
  const millis = (fraction ?? '').padEnd(3, '0').slice(0, 3);
  const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const parsed = new Date(`${date}T${seconds}.${millis}${offset}`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

const CHAR_0 = 48;
const CHAR_9 = 57;

/** The two-digit number at `at`, or NaN when either character is not a digit. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at);
  const ones = text.charCodeAt(at + 1);
  if (tens < CHAR_0 || tens > CHAR_9 || ones < CHAR_0 || ones > CHAR_9) return NaN;
  return (tens - CHAR_0) * 10 + (ones - CHAR_0);
}

/** Days in a month of the proleptic Gregorian calendar, as Date counts them. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * normalizeTimestamp's answer for the two forms nearly every input has, CloudTrail's
 * `2024-06-02T19:41:40Z` and toISOString's `2024-06-02T19:41:40.123Z`, without the regex and the
 * Date. Only dates and times that are plainly valid are answered here; anything else (a 30th of
 * February, which Date rolls over into March, hour 24, a leap second) is undefined and left to the
 * general path, so the result is always what it alone gives.
 */
function commonTimestamp(text: string): string | undefined {
  const withMillis = text.length === 24;
  if (text.length !== 20 && !withMillis) return undefined;
  if (text.charCodeAt(text.length - 1) !== 90 /* Z */ || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') return undefined;
  if (withMillis && (text[19] !== '.' || Number.isNaN(twoDigits(text, 20)) || Number.isNaN(twoDigits(text, 21)))) return undefined;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  // NaN (a non-digit) fails every comparison below, so it is refused as well.
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return undefined;
  if (!(twoDigits(text, 11) <= 23 && twoDigits(text, 14) <= 59 && twoDigits(text, 17) <= 59)) return undefined;
  return withMillis ? text : `${text.slice(0, 19)}.000Z`;
}

/** A required timestamp field, normalized, or a ParseError naming it. */
export function requireTimestamp(value: unknown, field: string): string {
  if (value === undefined || value === null) throw new ParseError(field, 'MISSING_FIELD');
  const iso = typeof value === 'string' ? normalizeTimestamp(value) : undefined;
  if (!iso) throw new ParseError(field, 'INVALID_TIME', `expected an ISO 8601 timestamp, got ${JSON.stringify(value).slice(0, 60)}`);
  return iso;
}

/** Short, stable hash for synthesized ids (a result token, a record without eventID). */
/**
 * An AWS account id: exactly 12 digits. Records carry it as evidence, so a placeholder such as
 * "<accountId>" or a 13-digit typo is bad input, not something to sign.
 *
 * @throws ParseError naming `field`: required, or not an account id.
 */
export function requireAccount(value: string | undefined | null, field: string): asserts value is string {
  if (!value) throw new ParseError(field, 'MISSING_FIELD');
  if (!/^\d{12}$/.test(value)) throw new ParseError(field, 'INVALID_ACCOUNT', `got "${value.slice(0, 40)}"`);
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Strings holding JSON (Config's invokingEvent, SNS Message, supplementaryConfiguration values). */
export function parseJsonString(value: string, field: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new ParseError(field, 'INVALID_JSON', (error as Error).message, { cause: error });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Input trailproof can sign: no string or key holds a lone UTF-16 surrogate (a `\uD800` escape
 * without its pair). JSON.parse accepts one, but I-JSON (RFC 7493) and so RFC 8785, which every
 * record is canonicalized with, refuse it; since any member may end up in a record (a resource id,
 * the actor, a tag), the whole unit is refused here, naming the member, rather than failing later
 * at signing time, where it would take every other record of its batch down with it.
 *
 * @throws ParseError (INVALID_VALUE) naming the member, e.g. `Records[1].requestParameters.bucketName`.
 */
export function requireEncodable(value: unknown, path: string): void {
  const unencodable = findUnencodable(value, path);
  if (unencodable) throw new ParseError(unencodable.path, 'INVALID_VALUE', unencodable.problem);
}

/** Region from an ARN (`arn:aws:ec2:us-east-1:...`), when it has one. */
export function regionFromArn(arn: string | undefined): string | undefined {
  const region = arn?.split(':')[3];
  // Old Config items carry ARNs with an availability zone or nothing where the region goes.
  return region && /^[a-z]{2,}(-[a-z]+)+-\d+$/.test(region) ? region : undefined;
}

/** The outcome of a container with no event in it: an input of its own, so it is reported, not dropped. */
export function noEvents(source: string, what: string): ParsedInput {
  return { ok: 'skipped', source, code: 'NO_EVENTS', reason: `no events: ${what}` };
}

/** Turn anything a parser threw into a ParsedInput error: typed errors pass through, bugs are wrapped. */
export function failed(source: string, error: unknown): ParsedInput {
  if (error instanceof ParseError) return { ok: false, source, error };
  return { ok: false, source, error: new ParseError('$', 'UNPARSEABLE', (error as Error)?.message ?? String(error), { cause: error }) };
}
