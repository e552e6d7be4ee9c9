import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/cloudtrail-multi-region-enabled/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { CloudTrailAccountState } from '../../lib/model/states/cloudtrail.ts';
import states from '../fixtures/cloudtrail/account-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const accounts = states as Record<keyof typeof states, CloudTrailAccountState>;
const of = (name: keyof typeof states) => snapshotOf(check, '111122223333', accounts[name]);

describe('cloudtrail-multi-region-enabled', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['a logging multi-region trail with all management events', 'multiRegionLogging', 'pass', /^multi-region trail org-audit \(home us-east-1\) is logging and records all management events$/],
    ['no trail at all', 'noTrails', 'fail', /^no CloudTrail trail applies to account 111122223333 in us-east-1$/],
    ['only a single-region trail', 'singleRegionOnly', 'fail', /app-data-events is a single-region trail \(eu-west-1\)/],
    ['the multi-region trail is stopped', 'stopped', 'fail', /org-audit is multi-region but logging is stopped/],
    ['management events excluded', 'managementExcluded', 'fail', /org-audit is multi-region but excludes management events/],
    ['write-only management events', 'writeOnly', 'fail', /org-audit is multi-region but records only WriteOnly management events/],
    ['the multi-region trail could not be read', 'unreadable', 'error', /^ACCESS_DENIED: GetEventSelectors was denied for multi-region trail org-audit \(AccessDeniedException: /],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Act
    const finding = runCheck(check, of(fixture), DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('is error when the trail list could not be read', () => {
    const finding = runCheck(check, snapshotOf(check, '111122223333', undefined, { error: accessDenied('DescribeTrails') }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
  });

  it('is not_applicable when the snapshot says the account resource is gone', () => {
    const finding = runCheck(check, snapshotOf(check, '111122223333', undefined, { deleted: true }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('not_applicable');
  });

  it('lists every trail with its status in observed', () => {
    const finding = runCheck(check, of('multiRegionLogging'), DEFAULT_SETTINGS);
    const trails = finding.observed.trails as { trail: string; isLogging: boolean }[];
    expect(trails.map((t) => t.trail)).toEqual([
      'arn:aws:cloudtrail:eu-west-1:111122223333:trail/app-data-events',
      'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit',
    ]);
  });

  itHasValidMetadata(check, 'cloudtrail-multi-region-enabled', { service: 'cloudtrail' });
});
