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
    ['write-only management events (no kms:Decrypt or GetSecretValue in the trail)', 'writeOnly', 'fail', /org-audit is multi-region but records only WriteOnly management events \(no reads such as kms:Decrypt\)/],
    ['read-only management events', 'readOnly', 'fail', /org-audit is multi-region but records only ReadOnly management events \(no write events\)/],
    ['KMS events excluded: a pass that names the exclusion', 'kmsEventsExcluded', 'pass', /records all management events except those of kms\.amazonaws\.com$/],
    ['a management selector narrowed by eventName', 'unmeasuredFilter', 'fail', /org-audit is multi-region but its management selector also filters on eventName/],
    ['the multi-region trail could not be read', 'unreadable', 'error', /^ACCESS_DENIED: GetEventSelectors was denied for multi-region trail org-audit \(home us-east-1\) \(AccessDeniedException: /],
    ['the organization trail seen from a member account', 'organizationTrailInMember', 'pass', /^multi-region organization trail OrganizationTrail \(home us-east-1, owned by 999988887777\) is logging and records all management events$/],
    ['the organization trail whose status the member may not read', 'organizationTrailStatusDenied', 'error', /^ACCESS_DENIED: GetTrailStatus was denied for multi-region organization trail OrganizationTrail \(home us-east-1, owned by 999988887777\)/],
    ['an unreadable organization trail beside an own trail that passes', 'organizationTrailDeniedButOwnTrailPasses', 'pass', /^multi-region trail org-audit \(home us-east-1\)/],
    ['the organization trail is stopped', 'organizationTrailStopped', 'fail', /OrganizationTrail is multi-region but logging is stopped/],
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

  it('observes which trail passed, whether it is an organization trail and who owns it', () => {
    // Act
    const finding = runCheck(check, of('organizationTrailInMember'), DEFAULT_SETTINGS);
    // Assess
    expect(finding.observed.passedBy).toEqual({
      trail: 'arn:aws:cloudtrail:us-east-1:999988887777:trail/OrganizationTrail',
      homeRegion: 'us-east-1',
      isOrganizationTrail: true,
      ownerAccount: '999988887777',
    });
  });

  it('observes the failed read of an organization trail with its code', () => {
    const finding = runCheck(check, of('organizationTrailStatusDenied'), DEFAULT_SETTINGS);
    expect(finding.observed.unreadableTrail).toMatchObject({ trail: 'arn:aws:cloudtrail:us-east-1:999988887777:trail/OrganizationTrail', operation: 'GetTrailStatus', code: 'ACCESS_DENIED' });
  });

  it('lists every trail with its status in observed', () => {
    const finding = runCheck(check, of('multiRegionLogging'), DEFAULT_SETTINGS);
    const trails = finding.observed.trails as { trail: string; isLogging: boolean }[];
    expect(trails.map((t) => t.trail)).toEqual([
      'arn:aws:cloudtrail:eu-west-1:111122223333:trail/app-data-events',
      'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit',
    ]);
  });

  itHasValidMetadata(check, 'cloudtrail-multi-region-enabled', { service: 'cloudtrail', hasConfigRule: false });
});
