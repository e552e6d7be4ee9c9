import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/sqs-queue-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { SqsQueueState } from '../../lib/model/states/sqs.ts';
import fixtures from '../fixtures/sqs/states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const states = fixtures as Record<'kms' | 'sseSqs' | 'none', SqsQueueState>;
const PHI = { 'data-classification': 'phi' };

function judge(state: SqsQueueState, extra: Parameters<typeof snapshotOf<SqsQueueState>>[3] = {}) {
  return runCheck(check, snapshotOf(check, state.queueUrl, state, extra), DEFAULT_SETTINGS);
}

describe('sqs-queue-encrypted', () => {
  it.each<[string, Result, SqsQueueState, Record<string, string>, RegExp]>([
    ['SSE-KMS on a PHI queue', 'pass', states.kms, PHI, /^PHI-scoped queue claims-intake is encrypted with SSE-KMS \(key alias\/claims\)$/],
    ['SSE-SQS on a queue outside PHI scope', 'pass', states.sseSqs, {}, /^queue lab-results\.fifo is encrypted with SSE-SQS$/],
    ['SSE-SQS on a PHI queue', 'fail', states.sseSqs, PHI, /^PHI-scoped queue lab-results\.fifo uses SSE-SQS .*SSE-KMS is required for PHI$/],
    ['no encryption', 'fail', states.none, {}, /^queue legacy-notify has no server-side encryption/],
  ])('%s -> %s', (_name, expected, state, tags, reason) => {
    // Act
    const finding = judge(state, { tags });
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    expect(finding.observed).toMatchObject({ queueUrl: state.queueUrl, kmsMasterKeyId: state.kmsMasterKeyId, sqsManagedSseEnabled: state.sqsManagedSseEnabled });
  });

  it('passes a KMS queue although SQS reports SqsManagedSseEnabled "false" for it (a flag-only reading calls it unencrypted)', () => {
    expect(states.kms.sqsManagedSseEnabled).toBe(false);
    expect(judge(states.kms, { tags: {} }).result).toBe('pass');
  });

  it('judges SSE-SQS by the PHI rule when the tags could not be read, and says so', () => {
    // Prepare
    const tagsError = accessDenied('sqs:ListQueueTags', 'AccessDenied');
    // Act
    const finding = judge(states.sseSqs, { tagsError });
    // Assess
    expect(finding.result).toBe('fail');
    expect(finding.reason).toMatch(/PHI scope unknown: tags could not be read \(ACCESS_DENIED\), judged as PHI-scoped$/);
    expect(finding.observed).toMatchObject({ phiScope: 'unknown' });
  });

  it('keeps the pass of a KMS queue whose tags could not be read: scope cannot change it', () => {
    const finding = judge(states.kms, { tagsError: accessDenied('sqs:ListQueueTags') });
    expect(finding).toMatchObject({ result: 'pass', phiScoped: false });
  });

  it('is not_applicable for a deleted queue', () => {
    expect(runCheck(check, snapshotOf(check, states.none.queueUrl, undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when GetQueueAttributes is denied', () => {
    const error = accessDenied('sqs:GetQueueAttributes');
    const finding = runCheck(check, snapshotOf(check, states.kms.queueUrl, undefined, { error }), DEFAULT_SETTINGS);
    expect(finding).toMatchObject({ result: 'error', observed: { error: { code: 'ACCESS_DENIED', operation: 'sqs:GetQueueAttributes' } } });
  });

  itHasValidMetadata(check, 'sqs-queue-encrypted', { service: 'sqs', hasConfigRule: false });
});
