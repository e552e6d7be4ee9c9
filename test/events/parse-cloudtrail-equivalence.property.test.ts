/**
 * The fast CloudTrail path (hand-written member check, userIdentity copied only when a key needs its
 * case back, the encodability walk skipped for text that cannot hold anything it reports, the
 * timestamp fast path) gives exactly what the zod-based parser gave: the same units, errors (field,
 * code, message) and records, down to key order. The old parser lives in ./cloudtrail-oracle.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../lib/events/parse.ts';
import { anyTimestamp, normalizeTimestamp } from '../../lib/events/parse-common.ts';
import type { ParsedInput } from '../../lib/events/types.ts';
import { findUnencodable, mayParseUnencodable } from '../../lib/util/json-value.ts';
import { oldParseUnit } from './cloudtrail-oracle.ts';

/** Number literals JSON.stringify cannot write, put into the text in place of a placeholder string. */
const RAW_NUMBERS = ['1.5e3', '1e-7', '12', '-0', '1e308', '3.25', '1e400', '-1E+400', '2e308', '1'.repeat(309)];
/** Mostly finite: every unit with an overflowing one fails the walk before its members are looked at. */
const raw = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.integer({ min: 6, max: 9 }) }).map((n) => `@@RAW${n}@@`);
/** A key JSON.parse makes an own `__proto__` member of (an object literal cannot). */
const PROTO_KEY = '@@PROTO@@';

/** Text, now and then with a lone surrogate (or a pair, or a pair the wrong way round). */
const text = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom('alice', 'aws-cli/2.15.0', '203.0.113.7', '', 'Ünïcödé', 'x😀y') },
  { weight: 1, arbitrary: fc.constantFrom('\uD800', 'a\uDC00b', 'z\uDBFF', '\uDE00\uD83D') },
  { weight: 4, arbitrary: fc.string({ maxLength: 6 }) },
);
const wrongType = fc.constantFrom<unknown>(null, 0, '', true, [], {}, ['x'], { a: 1 });
const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    { weight: 4, arbitrary: text }, { weight: 1, arbitrary: raw }, { weight: 2, arbitrary: fc.integer() }, fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.oneof(text, fc.constant(PROTO_KEY)), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** A member that is usually right (a record has many: most records must reach the end) and sometimes anything else. */
function member(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 40, arbitrary: valid }, { weight: 1, arbitrary: wrongType }, { weight: 1, arbitrary: raw }, { weight: 1, arbitrary: text });
}

/** An identity key in CloudTrail's case, lower-cased (Panther) or upper-cased. */
function casedKey(key: string): fc.Arbitrary<string> {
  return fc.constantFrom(key, key, key.toLowerCase(), key.toUpperCase());
}

const attributes = fc.record({ mfa: casedKey('mfaAuthenticated'), date: casedKey('creationDate'), mfaValue: member(fc.constantFrom('true', 'false', 'TRUE')) })
  .map(({ mfa, date, mfaValue }) => ({ [mfa]: mfaValue, [date]: '2024-06-02T19:00:00Z' }));
const sessionContext = fc.record({ attributesKey: casedKey('attributes'), attributes, issuerKey: casedKey('sessionIssuer'), issuer: json })
  .map(({ attributesKey, attributes: inner, issuerKey, issuer }) => ({ [attributesKey]: inner, [issuerKey]: issuer }));
const identity = fc.record({
  type: fc.tuple(casedKey('type'), member(fc.constantFrom('IAMUser', 'Root', 'AssumedRole', 'AWSService'))),
  arn: fc.tuple(casedKey('arn'), member(fc.constantFrom('arn:aws:iam::111122223333:user/alice', 'arn:aws:sts::111122223333:assumed-role/Admin/bob'))),
  accountId: fc.tuple(casedKey('accountId'), member(fc.constantFrom('111122223333', '444455556666'))),
  session: fc.tuple(casedKey('sessionContext'), fc.oneof(sessionContext, fc.array(sessionContext, { maxLength: 2 }), json)),
  other: fc.tuple(fc.constantFrom('principalId', 'invokedBy', 'onBehalfOf', 'userId', PROTO_KEY, 'ARN'), json),
}, { requiredKeys: [] }).map((entries) => Object.fromEntries(Object.values(entries)));

const timestamp = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.000Z$/, 'Z')) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 2, arbitrary: fc.constantFrom('2024-02-30T00:00:00Z', '2023-02-29T12:00:00Z', '2024-02-29T12:00:00Z', '2024-04-31T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T23:59:60Z', '2024-06-02 19:41:40.000000000', '2024-06-02T19:41:40z', ' 2024-06-02T19:41:40Z', '2017-02-04T06:10:33.880000-05:00', '2024-06-02T19:41', 'yesterday', '2024-06-02T19:41:40.5Z', '2024-06-02T19:41:4XZ') },
  { weight: 1, arbitrary: wrongType },
);

const parameters = fc.oneof({ weight: 8, arbitrary: fc.dictionary(fc.oneof(text, fc.constant(PROTO_KEY)), json, { maxKeys: 4 }) }, fc.constant(null), json);

/** The members of a CloudTrail-like record as [key, value] entries, some left out; the order is shuffled. */
const recordEntries = fc.record({
  eventVersion: member(fc.constant('1.08')),
  eventID: member(fc.uuid()),
  eventSource: member(fc.constantFrom('ec2.amazonaws.com', 's3.amazonaws.com', 'signin.amazonaws.com')),
  eventName: member(fc.constantFrom('AuthorizeSecurityGroupIngress', 'PutBucketEncryption', 'ConsoleLogin')),
  eventTime: timestamp,
  awsRegion: member(fc.constantFrom('us-east-1', 'eu-west-1')),
  recipientAccountId: member(fc.constantFrom('111122223333', '111122223333', '111122223333', '', '<accountId>', '1111222233334')),
  sourceIPAddress: member(text),
  userAgent: member(text),
  errorCode: member(fc.constantFrom('AccessDenied', '')),
  errorMessage: member(text),
  readOnly: member(fc.constantFrom(true, false, 'true')),
  userIdentity: member(identity),
  requestParameters: member(parameters),
  responseElements: member(parameters),
  additionalEventData: member(fc.record({ MFAUsed: member(fc.constantFrom('Yes', 'No')) })),
  zz: json, '0': json, '10': json, constructor: json, toJSON: json,
  // Were it assigned rather than left out, the record would inherit these.
  [PROTO_KEY]: fc.oneof(json, fc.constant({ eventID: 'inherited', awsRegion: 'inherited-region', errorCode: 'Inherited' })),
}, { requiredKeys: ['eventSource', 'eventName', 'eventTime', 'awsRegion', 'recipientAccountId', 'userIdentity'] })
  // Now and then one more member goes missing, whichever it is.
  .chain((record) => fc.shuffledSubarray(Object.entries(record), { minLength: Object.keys(record).length - 1 }));

/** How a line's surrogates are written: as JSON.stringify does, with upper-case hex, raw (ill-formed text), or a pair escaped. */
const spelling = fc.constantFrom('stringify', 'upper', 'raw', 'escapedPair');

function lineOf(entries: [string, unknown][], how: string): string {
  let line = JSON.stringify(Object.fromEntries(entries))
    .replaceAll(`"${PROTO_KEY}"`, '"__proto__"')
    .replace(/"@@RAW(\d+)@@"/g, (_, n: string) => RAW_NUMBERS[Number(n)]!);
  if (how === 'upper') line = line.replace(/\\ud[89a-f][0-9a-f]{2}/g, (escape) => `\\u${escape.slice(2).toUpperCase()}`);
  if (how === 'raw') line = line.replace(/\\u(d[89a-f][0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (how === 'escapedPair') line = line.replaceAll('😀', '\\ud83d\\ude00');
  return line;
}
const line = fc.tuple(recordEntries, spelling).map(([entries, how]) => lineOf(entries, how));

/** A unit as plain data: a ParseError's class, field, code and message, not its stack. */
function plain(unit: ParsedInput): unknown {
  if (unit.ok !== false) return unit;
  const { error } = unit;
  return { ...unit, error: { name: error.name, message: error.message, field: error.field, code: error.code, detail: error.detail } };
}

/** The units as text that also shows key order (records are stored as JSON Lines) and undefined members. */
function asText(units: ParsedInput[]): string {
  return JSON.stringify(units.map(plain), (_, value: unknown) => (value === undefined ? '(undefined)' : value));
}

/** Equal (toEqual for a readable difference; not toStrictEqual, which compares a `constructor` member as a class). */
function expectSame(actual: ParsedInput[], expected: ParsedInput[]): void {
  expect(actual.map(plain)).toEqual(expected.map(plain));
  expect(asText(actual)).toBe(asText(expected));
}

describe('the fast CloudTrail parser', () => {
  it('parses JSON Lines exactly as the zod-based parser did', () => {
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
      const expected = lines.map((text, index) => oldParseUnit(JSON.parse(text), `gen.jsonl:${index + 1}`, ''));
      expectSame(parseInput(lines.join('\n'), 'gen.jsonl'), expected);
    }), { numRuns: 400 });
  });

  it('parses a log file exactly as the zod-based parser did, naming fields under Records[n]', () => {
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), (lines) => {
      const expected = lines.map((text, index) => oldParseUnit(JSON.parse(text), `trail.json#Records[${index}]`, `Records[${index}]`));
      expectSame(parseInput(`{"Records":[${lines.join(',')}]}`, 'trail.json'), expected);
    }), { numRuns: 200 });
  });

  it('skips the encodability walk only where the walk finds nothing', () => {
    fc.assert(fc.property(line, (text) => {
      if (!mayParseUnencodable(text)) expect(findUnencodable(JSON.parse(text))).toBeUndefined();
    }), { numRuns: 500 });
  });

  it('normalizes every YYYY-MM-DDTHH:MM:SS[.sss]Z text as the regex-and-Date path does, rolled-over dates included', () => {
    const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const stamp = fc.tuple(fc.integer({ min: 0, max: 9999 }), twoDigits, twoDigits, twoDigits, twoDigits, twoDigits, fc.option(fc.integer({ min: 0, max: 999 })))
      .map(([y, mo, d, h, mi, s, ms]) => `${String(y).padStart(4, '0')}-${mo}-${d}T${h}:${mi}:${s}${ms === null ? '' : `.${String(ms).padStart(3, '0')}`}Z`);
    fc.assert(fc.property(stamp, (value) => {
      expect(normalizeTimestamp(value)).toBe(anyTimestamp(value));
    }), { numRuns: 3000 });
    for (const value of ['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2024-01-01T24:00:00Z', '0000-01-01T00:00:00Z']) {
      expect(normalizeTimestamp(value)).toBe(anyTimestamp(value));
    }
  });
});
