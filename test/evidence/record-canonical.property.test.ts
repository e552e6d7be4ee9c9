import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckMetadata } from '../../lib/model/check.ts';
import { canonicalText } from '../../lib/evidence/canonical.ts';
import { buildRecord, builtCanonicalText } from '../../lib/evidence/record.ts';
import type { TriggerInfo } from '../../lib/model/trigger-info.ts';
import metadata from '../fixtures/evidence/check-metadata.json' with { type: 'json' };

const LONE = '\uDC00';
const text = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(`x${LONE}`, '\u{1F600} ok', 'quote " and \\ and \n'));
const observed = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('7', 'port', 'Z')),
  fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(undefined), fc.date({ noInvalidDate: true }), fc.array(fc.oneof(text, fc.integer()), { maxLength: 3 })),
  { maxKeys: 6 },
);
const trigger = fc.record(
  {
    source: fc.constantFrom<TriggerInfo['source']>('cloudtrail', 'sweep', 'config-item'),
    eventId: fc.string({ minLength: 1, maxLength: 12 }),
    eventName: text,
    actor: text,
    sourceIp: fc.constant('203.0.113.7'),
    mfaAuthenticated: fc.boolean(),
    userAgent: fc.oneof(text, fc.constant(undefined)),
  },
  { requiredKeys: ['source', 'eventId'] },
);

describe('buildRecord writes records that are their own RFC 8785 text', () => {
  it('keeps JSON.stringify(record) only when it is exactly the RFC 8785 text of the record', () => {
    let kept = 0;
    fc.assert(
      fc.property(observed, trigger, text, fc.string({ minLength: 1, maxLength: 10 }), fc.option(text, { nil: undefined }), fc.boolean(), (facts, info, reason, resourceId, arn, phiScoped) => {
        // Act (the record id is made of ids RFC 8785 accepts: a lone surrogate there is refused before this)
        const record = buildRecord({
          metadata: metadata as CheckMetadata,
          finding: { result: 'fail', reason, observed: facts, phiScoped },
          snapshot: { resource: { type: 'AWS::EC2::SecurityGroup', id: resourceId, ...(arn === undefined ? {} : { arn }) }, account: '111122223333', region: 'us-east-1' },
          trigger: info as TriggerInfo,
          observedAt: '2026-05-01T13:04:11Z',
          collectorFunction: 'cli',
        });
        const built = builtCanonicalText(record);

        // Assess: a kept text is the canonicalizer's; a record RFC 8785 refuses is never kept
        let expected: string | undefined;
        try {
          expected = canonicalText(record);
        } catch {
          expected = undefined;
        }
        if (built !== undefined) {
          kept += 1;
          expect(built).toBe(expected);
        } else {
          const reasonWhy = JSON.stringify(record).includes('\\udc00') || Object.keys(record.observed).some((key) => /^[0-9]/.test(key));
          expect(reasonWhy).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    // Most generated records are kept: the property cannot pass by keeping none.
    expect(kept).toBeGreaterThan(500);
  });

  it('hands its text out once, as built, whatever changed in the record since', () => {
    // Prepare
    const record = buildRecord({
      metadata: metadata as CheckMetadata,
      finding: { result: 'pass', reason: 'fine', observed: { b: 1, a: 2 }, phiScoped: false },
      snapshot: { resource: { type: 'AWS::EC2::SecurityGroup', id: 'sg-1' }, account: '111122223333', region: 'us-east-1' },
      trigger: { source: 'sweep', eventId: 'sweep-1' },
      observedAt: '2026-05-01T13:04:11Z',
      collectorFunction: 'cli',
    });
    const built = builtCanonicalText(record);

    // Act
    record.reason = 'changed';

    // Assess: the writer hashes and stores the built text, never a mix of the two; a second
    // taker gets nothing and canonicalizes the record as it is now
    expect(built).toContain('"reason":"fine"');
    expect(built!.startsWith('{"account":"111122223333","check":')).toBe(true);
    expect(builtCanonicalText(record)).toBeUndefined();
  });
});
