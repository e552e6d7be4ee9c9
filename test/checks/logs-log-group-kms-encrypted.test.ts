import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/logs-log-group-kms-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { LogGroupState } from '../../lib/model/states/logs.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const group = (kmsKeyId: string | null, more: Partial<LogGroupState> = {}): LogGroupState => ({
  logGroupName: '/aws/lambda/intake',
  arn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/intake',
  kmsKeyId,
  retentionInDays: 365,
  ...more,
});
const PHI = { 'data-classification': 'ephi' };

describe('logs-log-group-kms-encrypted', () => {
  it.each<[string, LogGroupState, Record<string, string>, Result, RegExp]>([
    ['encrypted with a customer managed key', group(KEY), {}, 'pass', /^\/aws\/lambda\/intake is encrypted with arn:aws:kms:/],
    ['no KMS key (service-managed encryption only)', group(null), {}, 'fail', /has no KMS key/],
    // Every group may catch ePHI: an untagged one is judged like a PHI-tagged one.
    ['no KMS key on a PHI-tagged group', group(null), PHI, 'fail', /has no KMS key/],
    ['an Infrequent Access group with a key', group(KEY, { logGroupClass: 'INFREQUENT_ACCESS' }), {}, 'pass', /encrypted with/],
  ])('%s -> %s', (_name, state, tags, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, state.logGroupName, state, { tags, arn: state.arn });
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    expect(finding.observed.kmsKeyId).toBe(state.kmsKeyId);
    expect(finding.phiScoped).toBe(tags === PHI);
  });

  it('is not_applicable for a deleted group', () => {
    expect(runCheck(check, snapshotOf(check, '/gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when DescribeLogGroups was denied', () => {
    const finding = runCheck(check, snapshotOf(check, '/aws/lambda/intake', undefined, { error: accessDenied('logs:DescribeLogGroups', 'AccessDeniedException') }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.observed.error).toMatchObject({ code: 'ACCESS_DENIED', name: 'AccessDeniedException' });
  });

  it('keeps its verdict when the tags could not be read (scope cannot change it)', () => {
    // Prepare
    const snapshot = snapshotOf(check, '/aws/lambda/intake', group(null), { tagsError: accessDenied('logs:ListTagsForResource', 'AccessDeniedException') });
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe('fail');
    expect(finding.observed.phiScope).toBe('unknown');
    expect(finding.reason).not.toMatch(/judged as PHI-scoped/);
  });

  itHasValidMetadata(check, 'logs-log-group-kms-encrypted', { service: 'logs' });
});
