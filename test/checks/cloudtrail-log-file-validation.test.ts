import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/cloudtrail-log-file-validation/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { CloudTrailTrailState } from '../../lib/model/states/cloudtrail.ts';
import states from '../fixtures/cloudtrail/trail-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const trails = states as Record<keyof typeof states, CloudTrailTrailState>;

describe('cloudtrail-log-file-validation', () => {
  it.each<[string, Result, Snapshot<CloudTrailTrailState>, RegExp]>([
    ['validation on', 'pass', snapshotOf(check, trails.hardened.arn, trails.hardened), /^trail org-audit has log file validation enabled$/],
    ['validation off', 'fail', snapshotOf(check, trails.plain.arn, trails.plain), /^trail app-data-events has log file validation disabled/],
    ['the organization trail seen from a member account', 'pass', snapshotOf(check, trails.organization.arn, trails.organization), /^organization trail OrganizationTrail \(owned by 999988887777\) has log file validation enabled$/],
    ['an organization trail without validation', 'fail', snapshotOf(check, trails.organizationUnencrypted.arn, trails.organizationUnencrypted), /^organization trail OrganizationTrail \(owned by 999988887777\) has log file validation disabled/],
    ['a deleted trail', 'not_applicable', snapshotOf(check, trails.plain.arn, undefined, { deleted: true }), /app-data-events was deleted/],
    ['a failed read', 'error', snapshotOf(check, trails.plain.arn, undefined, { error: accessDenied('GetTrailStatus') }), /^ACCESS_DENIED: GetTrailStatus was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('observes the validation flag', () => {
    const finding = runCheck(check, snapshotOf(check, trails.hardened.arn, trails.hardened), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({ trail: trails.hardened.arn, homeRegion: 'us-east-1', isOrganizationTrail: false, ownerAccount: '111122223333', logFileValidationEnabled: true });
  });

  it('observes the owner of an organization trail evaluated from a member account', () => {
    const finding = runCheck(check, snapshotOf(check, trails.organization.arn, trails.organization), DEFAULT_SETTINGS);
    expect(finding.observed).toMatchObject({ isOrganizationTrail: true, ownerAccount: '999988887777' });
  });

  itHasValidMetadata(check, 'cloudtrail-log-file-validation', { service: 'cloudtrail' });
});
