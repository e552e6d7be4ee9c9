import { ParseError } from '../errors.ts';
import { joinPath } from '../util/json-path.ts';

/**
 * The typed members of a CloudTrail record, checked by hand: this runs once per event, and the zod
 * schema it replaces (`z.looseObject` with these members) cost more than everything else in parsing
 * a record. It keeps what callers and tests saw from `parseWith(recordSchema, ...)`: the same first
 * failing member (in the order below), the same code and the same detail text, and the same output
 * (declared members first, in this order, then the others; `__proto__` members dropped).
 *
 * Inputs are JSON values (JSON.parse output): no getters, symbols or class instances.
 */

/** A record whose typed members passed the check: the type zod inferred from recordSchema. */
export interface CheckedCloudTrailRecord {
  eventVersion?: string;
  eventID?: string;
  eventSource: string;
  eventName: string;
  awsRegion?: string;
  recipientAccountId?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean | string;
  userIdentity?: Record<string, unknown>;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  [key: string]: unknown;
}

/** How one member is checked: what zod's string, string().min(1), union and record schemas did. */
type MemberKind = 'string' | 'nonEmptyString' | 'booleanOrString' | 'record' | 'recordOrNull';

interface Member {
  name: string;
  kind: MemberKind;
  required: boolean;
}

/** recordSchema's members in its declaration order: zod reported the first of them that failed. */
const MEMBERS: readonly Member[] = [
  { name: 'eventVersion', kind: 'string', required: false },
  { name: 'eventID', kind: 'nonEmptyString', required: false },
  { name: 'eventSource', kind: 'nonEmptyString', required: true },
  { name: 'eventName', kind: 'nonEmptyString', required: true },
  { name: 'awsRegion', kind: 'nonEmptyString', required: false },
  { name: 'recipientAccountId', kind: 'string', required: false },
  { name: 'sourceIPAddress', kind: 'string', required: false },
  { name: 'userAgent', kind: 'string', required: false },
  { name: 'errorCode', kind: 'string', required: false },
  { name: 'errorMessage', kind: 'string', required: false },
  { name: 'readOnly', kind: 'booleanOrString', required: false },
  { name: 'userIdentity', kind: 'record', required: false },
  { name: 'requestParameters', kind: 'recordOrNull', required: false },
  { name: 'responseElements', kind: 'recordOrNull', required: false },
  { name: 'additionalEventData', kind: 'record', required: false },
];
const MEMBER_NAMES = new Set(MEMBERS.map((member) => member.name));

/** zod's text for an empty string where `.min(1)` is asked, and for a value no union member takes. */
const TOO_SHORT = 'Too small: expected string to have >=1 characters';
const NO_UNION_MEMBER = 'Invalid input';

/** The type zod names in "expected string, received <type>" (its parsedType, with non-finite numbers spelled out). */
function receivedType(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : String(value);
  if (typeof value !== 'object') return typeof value;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const constructor = (value as { constructor?: { name?: string } }).constructor;
  if (Object.getPrototypeOf(value) !== Object.prototype && 'constructor' in value && constructor) return String(constructor.name);
  return 'object';
}

/** What z.record accepts: zod's isPlainObject (every JSON object is one). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const constructor = (value as { constructor?: unknown }).constructor;
  if (typeof constructor !== 'function') return true;
  const prototype: unknown = constructor.prototype;
  return typeof prototype === 'object' && prototype !== null && !Array.isArray(prototype) && Object.hasOwn(prototype, 'isPrototypeOf');
}

/**
 * z.record's output: the same members without an own `__proto__` (which zod skips so it cannot
 * replace the prototype). Only such rare objects are copied; z.unknown() kept every value as is.
 */
function recordOutput(value: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(value, '__proto__')) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (key !== '__proto__') copy[key] = value[key];
  return copy;
}

/** A wrong-type member: MISSING_FIELD when null (zod's invalid_type on an absent value), else WRONG_TYPE. */
function wrongType(field: string, value: unknown, expected: string): ParseError {
  if (value === null || value === undefined) return new ParseError(field, 'MISSING_FIELD');
  return new ParseError(field, 'WRONG_TYPE', `expected ${expected}, received ${receivedType(value)}`);
}

/** The member's output value, or the ParseError zodToParseError made of its issue. */
function checkMember(kind: MemberKind, value: unknown, field: string): unknown {
  switch (kind) {
    case 'string':
    case 'nonEmptyString':
      if (typeof value !== 'string') throw wrongType(field, value, 'string');
      if (kind === 'nonEmptyString' && value === '') throw new ParseError(field, 'INVALID_VALUE', TOO_SHORT);
      return value;
    case 'booleanOrString':
      // A failed union is an invalid_union issue: WRONG_TYPE even for null.
      if (typeof value !== 'boolean' && typeof value !== 'string') throw new ParseError(field, 'WRONG_TYPE', NO_UNION_MEMBER);
      return value;
    case 'record':
      if (!isPlainObject(value)) throw wrongType(field, value, 'record');
      return recordOutput(value);
    case 'recordOrNull':
      if (value === null) return null;
      if (!isPlainObject(value)) throw new ParseError(field, 'WRONG_TYPE', NO_UNION_MEMBER);
      return recordOutput(value);
  }
}

/**
 * Check a CloudTrail record's typed members and return the record as a new object: declared members
 * first (absent optional ones left out), then every other member in its own order.
 *
 * @param prefix JSON path of the record (`''`, `detail`, `Records[3]`), prefixed to a failing member.
 * @throws ParseError naming the first failing member: MISSING_FIELD, WRONG_TYPE or INVALID_VALUE.
 * @example checkCloudTrailMembers({ eventSource: 's3.amazonaws.com', eventName: 42 }, 'detail') // throws detail.eventName: has the wrong type: ...
 */
export function checkCloudTrailMembers(value: unknown, prefix: string): CheckedCloudTrailRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrongType(prefix || '$', value, 'object');
  const input = value as Record<string, unknown>;
  const output: Record<string, unknown> = {};
  for (const { name, kind, required } of MEMBERS) {
    const present = name in input;
    const member = input[name];
    if (member === undefined) {
      if (required) throw new ParseError(joinPath(prefix, name), 'MISSING_FIELD');
      // An optional member present as undefined stays (as zod kept it); an absent one stays absent.
      if (present) output[name] = undefined;
      continue;
    }
    output[name] = checkMember(kind, member, joinPath(prefix, name));
  }
  for (const key in input) {
    if (!MEMBER_NAMES.has(key) && key !== '__proto__') output[key] = input[key];
  }
  return output as CheckedCloudTrailRecord;
}
