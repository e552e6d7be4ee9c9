import { describe, expect, it } from 'vitest';
import type { CheckMetadata } from '../../lib/model/check.ts';
import { ParseError } from '../../lib/errors.ts';
import { buildRecord, recordId } from '../../lib/evidence/record.ts';
import { validateUnsignedRecord } from '../../lib/evidence/schemas.ts';
import { COLLECTOR_VERSION } from '../../lib/model/version.ts';
import metadata from '../fixtures/evidence/check-metadata.json' with { type: 'json' };

const snapshot = {
  resource: { type: 'AWS::EC2::SecurityGroup', id: 'sg-0abc1234def567890', arn: 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-0abc1234def567890' },
  account: '111122223333',
  region: 'us-east-1',
};
const trigger = { source: 'cloudtrail' as const, eventId: '6f1d2b3a-8c4e-4f0a-9b7d-2e5c1a0f3b9d', eventName: 'AuthorizeSecurityGroupIngress', actor: 'arn:aws:iam::111122223333:user/alice', sourceIp: '203.0.113.7', mfaAuthenticated: false, userAgent: undefined };
const finding = { result: 'fail' as const, reason: 'sg-0abc1234def567890 allows 0.0.0.0/0 on tcp/22', observed: { openRules: [{ port: 22, cidr: '0.0.0.0/0' }], seenAt: new Date('2026-05-01T13:04:12Z'), gone: undefined }, phiScoped: true };

describe('recordId', () => {
  it('is deterministic and 32 hex characters', () => {
    expect(recordId('e1', 'iam-root-mfa', 'r1')).toBe(recordId('e1', 'iam-root-mfa', 'r1'));
    expect(recordId('e1', 'iam-root-mfa', 'r1')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('changes with each of its three inputs, and cannot be fooled by moving a separator', () => {
    const base = recordId('e1', 'iam-root-mfa', 'r1');
    expect(recordId('e2', 'iam-root-mfa', 'r1')).not.toBe(base);
    expect(recordId('e1', 'iam-user-console-mfa', 'r1')).not.toBe(base);
    expect(recordId('e1', 'iam-root-mfa', 'r2')).not.toBe(base);
    expect(recordId('a/b', 'c', 'd')).not.toBe(recordId('a', 'b/c', 'd'));
  });
});

describe('buildRecord', () => {
  it('assembles a schema-valid record from metadata, finding, snapshot and trigger', () => {
    // Prepare / Act
    const record = buildRecord({
      metadata: metadata as CheckMetadata,
      finding,
      snapshot,
      trigger,
      observedAt: '2026-05-01T13:04:11Z',
      collectedAt: new Date('2026-05-01T13:04:14.512Z'),
      collectorFunction: 'cloudtrail-event',
    });
    // Assess
    expect(validateUnsignedRecord(record)).toBe(record);
    expect(record).toMatchObject({
      schema: 'trailproof/evidence-record/v1',
      check: { id: 'ec2-sg-no-public-admin-ports', family: 'segmentation', severity: 'high' },
      controls: { hipaa: ['164.312(a)(1)', '164.312(e)(1)'], hipaaProposed: ['164.312(a)(2)(vi)'] },
      result: 'fail',
      resource: { ...snapshot.resource, phiScoped: true },
      observedAt: '2026-05-01T13:04:11.000Z',
      collectedAt: '2026-05-01T13:04:14.512Z',
      collector: { name: 'trailproof', version: COLLECTOR_VERSION, function: 'cloudtrail-event' },
    });
    expect('userAgent' in record.trigger).toBe(false);
    expect(record.observed).toEqual({ openRules: [{ port: 22, cidr: '0.0.0.0/0' }], seenAt: '2026-05-01T13:04:12.000Z' });
    expect(record.id).toBe(recordId(trigger.eventId, 'ec2-sg-no-public-admin-ports', '111122223333/us-east-1/AWS::EC2::SecurityGroup/sg-0abc1234def567890'));
  });

  it('gives the same resource in two accounts of one sweep two different ids', () => {
    // Prepare
    const input = { metadata: metadata as CheckMetadata, finding, trigger: { source: 'sweep' as const, eventId: 'sweep-2026-05-01' }, observedAt: new Date(), collectorFunction: 'posture-sweep' };
    // Act
    const a = buildRecord({ ...input, snapshot: { ...snapshot, resource: { type: 'AWS::IAM::User', id: 'root' } } });
    const b = buildRecord({ ...input, snapshot: { ...snapshot, account: '444455556666', resource: { type: 'AWS::IAM::User', id: 'root' } } });
    // Assess
    expect(a.id).not.toBe(b.id);
    expect('arn' in a.resource).toBe(false);
  });

  it('names the field when a time is invalid', () => {
    const attempt = () => buildRecord({ metadata: metadata as CheckMetadata, finding, snapshot, trigger, observedAt: 'not a time', collectorFunction: 'cli' });
    expect(attempt).toThrow(ParseError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_TIME', field: 'observedAt' }));
  });
});
