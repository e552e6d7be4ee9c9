import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/logs-log-group-retention/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { LogGroupState } from '../../lib/model/states/logs.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const group = (retentionInDays: number | null, more: Partial<LogGroupState> = {}): LogGroupState => ({
  logGroupName: 'aws-cloudtrail-logs-111122223333',
  arn: 'arn:aws:logs:us-east-1:111122223333:log-group:aws-cloudtrail-logs-111122223333',
  kmsKeyId: null,
  retentionInDays,
  ...more,
});

describe('logs-log-group-retention', () => {
  it.each<[string, LogGroupState, number, Result, RegExp]>([
    ['never expire', group(null), 365, 'pass', /keeps its events forever$/],
    ['exactly the minimum', group(365), 365, 'pass', /keeps its events 365 days, at least 365$/],
    ['longer than the minimum', group(2192), 365, 'pass', /2192 days, at least 365/],
    ['shorter than the minimum', group(90), 365, 'fail', /keeps its events 90 days, less than 365$/],
    ['a year against the six-year policy', group(365), 2192, 'fail', /365 days, less than 2192/],
    ['set by an account-level retention policy', group(30, { retentionPolicyName: 'org-default' }), 365, 'fail', /30 days \(account retention policy org-default\), less than 365/],
    ['a Delivery-class group (kept where it delivers)', group(1, { logGroupClass: 'DELIVERY' }), 365, 'not_applicable', /Delivery-class/],
  ])('%s -> %s', (_name, state, logRetentionDays, expected, reason) => {
    // Prepare
    const settings = { ...DEFAULT_SETTINGS, logRetentionDays };
    // Act
    const finding = runCheck(check, snapshotOf(check, state.logGroupName, state), settings);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    expect(finding.observed.settings).toEqual({ logRetentionDays });
    expect(finding.observed.retentionInDays).toBe(state.retentionInDays);
  });

  it('is not_applicable for a deleted group', () => {
    expect(runCheck(check, snapshotOf(check, '/gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when DescribeLogGroups was denied, stating the setting', () => {
    const finding = runCheck(check, snapshotOf(check, '/x', undefined, { error: accessDenied('logs:DescribeLogGroups', 'AccessDeniedException') }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.observed.settings).toEqual({ logRetentionDays: 365 });
  });

  itHasValidMetadata(check, 'logs-log-group-retention', { service: 'logs', hasConfigRule: false });
});
