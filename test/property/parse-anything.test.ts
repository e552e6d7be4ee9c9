import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARSE_ERROR_TEXT, ParseError } from '../../lib/errors.ts';
import { parseInput, parseSqsBody } from '../../lib/events/parse.ts';
import type { ParsedInput } from '../../lib/events/types.ts';
import { pack, unit } from './envelopes.ts';

/**
 * parseInput and parseSqsBody on anything at all: any text (lone surrogates and control characters
 * included), any JSON value, objects that look like an envelope but are not one, and generated
 * units cut, garbled or wrapped. They never throw, always give at least one unit, and every unit is
 * well formed: a trigger with an account and a region, a ParseError with a code and the field it
 * names, or a skip with its reason.
 */
const RUNS = 2_000;

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.oneof(fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\n', '\\', 'Records', 'null'), fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u))), maxLength: 30 }),
);
/** Objects with the members shape detection reads, holding anything. */
const lookalike = fc.record(
  {
    Records: fc.oneof(fc.constant([]), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 })),
    'detail-type': fc.oneof(fc.constantFrom('AWS API Call via CloudTrail', 'Configuration Item Change', 'Config Rules Compliance Change'), fc.jsonValue({ maxDepth: 1 })),
    detail: fc.jsonValue({ maxDepth: 2 }),
    Type: fc.constantFrom('Notification', 'SubscriptionConfirmation', 7),
    Message: fc.oneof(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), anyText),
    TopicArn: fc.string(),
    messageType: fc.constantFrom('ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification', 'ComplianceChangeNotification', 'ScheduledNotification'),
    eventName: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
    eventSource: fc.oneof(fc.constantFrom('s3.amazonaws.com', 'aws:sqs'), fc.jsonValue({ maxDepth: 1 })),
    body: fc.oneof(anyText, fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v))),
    resourceType: fc.constantFrom('AWS::S3::Bucket', 'AWS::EC2::SecurityGroup'),
    configurationItemCaptureTime: fc.jsonValue({ maxDepth: 1 }),
    invokingEvent: fc.oneof(anyText, fc.constant('{"messageType":"ScheduledNotification"}')),
  },
  { requiredKeys: [] },
);
const input = fc.oneof(
  { weight: 2, arbitrary: anyText },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? '') },
  { weight: 3, arbitrary: lookalike.map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: fc.tuple(fc.array(unit(true), { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 })).map(([units, rolls]) => pack(units, rolls, 'p').map((t) => t.text).join('\n')) },
);
const name = fc.constantFrom('input.json', 'events.jsonl', 'trail.json.gz', 'message');

function assertWellFormed(units: ParsedInput[], source: string): void {
  expect(units.length).toBeGreaterThan(0);
  for (const parsed of units) {
    expect(parsed.source.startsWith(source) || parsed.source.startsWith('sqs:'), parsed.source).toBe(true);
    if (parsed.ok === true) {
      expect(parsed.trigger.account).toMatch(/^\d{12}$/);
      expect(parsed.trigger.region).not.toBe('');
      expect(parsed.trigger.info.eventId).not.toBe('');
      expect(Number.isNaN(Date.parse(parsed.trigger.observedAt))).toBe(false);
    } else if (parsed.ok === false) {
      expect(parsed.error).toBeInstanceOf(ParseError);
      expect(Object.keys(PARSE_ERROR_TEXT)).toContain(parsed.error.code);
      expect(parsed.error.field).not.toBe('');
      expect(parsed.error.message.startsWith(`${parsed.error.field}: `)).toBe(true);
    } else {
      expect(parsed.ok).toBe('skipped');
      expect(parsed.reason).not.toBe('');
    }
  }
}

describe('parsing anything', () => {
  it(`never throws and gives well-formed units (${RUNS} inputs, twice: as a file and as an SQS body)`, () => {
    fc.assert(
      fc.property(input, name, (text, source) => {
        // Act
        const fromFile = parseInput(text, source);
        const fromQueue = parseSqsBody(text, source);
        // Assess
        assertWellFormed(fromFile, source);
        assertWellFormed(fromQueue, `sqs:${source}`);
      }),
      { numRuns: RUNS, seed: 20261104 },
    );
  });
});
