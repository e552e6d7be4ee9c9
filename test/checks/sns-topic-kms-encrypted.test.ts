import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/sns-topic-kms-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import type { SnsTopicState } from '../../lib/model/states/sns.ts';
import fixtures from '../fixtures/sns/states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const states = fixtures as Record<'kms' | 'plain', SnsTopicState>;

describe('sns-topic-kms-encrypted', () => {
  it('passes a topic encrypted with the AWS managed key (KMS all the same)', () => {
    // Act
    const finding = runCheck(check, snapshotOf(check, states.kms.topicArn, states.kms), DEFAULT_SETTINGS);
    // Assess
    expect(finding).toMatchObject({ result: 'pass', observed: { kmsMasterKeyId: 'alias/aws/sns' } });
    expect(finding.reason).toBe('topic arn:aws:sns:us-east-1:111122223333:lab-results is encrypted with KMS key alias/aws/sns');
  });

  it('fails a topic without a KMS key, PHI-scoped or not', () => {
    for (const tags of [{}, { 'data-classification': 'ephi' }] as Record<string, string>[]) {
      const finding = runCheck(check, snapshotOf(check, states.plain.topicArn, states.plain, { tags }), DEFAULT_SETTINGS);
      expect(finding).toMatchObject({ result: 'fail', observed: { kmsMasterKeyId: null } });
      expect(finding.reason).toMatch(/ops-alerts has no KMS key: its messages are stored unencrypted$/);
    }
  });

  it('is not_applicable for a deleted topic', () => {
    expect(runCheck(check, snapshotOf(check, states.plain.topicArn, undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when GetTopicAttributes is denied (SNS says AuthorizationError)', () => {
    const error = accessDenied('sns:GetTopicAttributes', 'AuthorizationErrorException');
    const finding = runCheck(check, snapshotOf(check, states.kms.topicArn, undefined, { error }), DEFAULT_SETTINGS);
    expect(finding).toMatchObject({ result: 'error', observed: { error: { code: 'ACCESS_DENIED' } } });
  });

  itHasValidMetadata(check, 'sns-topic-kms-encrypted', { service: 'sns' });
});
