import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/cloudtrail-trail-kms-encryption/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { CloudTrailTrailState } from '../../lib/model/states/cloudtrail.ts';
import states from '../fixtures/cloudtrail/trail-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const trails = states as Record<keyof typeof states, CloudTrailTrailState>;

describe('cloudtrail-trail-kms-encryption', () => {
  it.each<[string, Result, Snapshot<CloudTrailTrailState>, RegExp]>([
    ['SSE-KMS', 'pass', snapshotOf(check, trails.hardened.arn, trails.hardened), /^trail org-audit encrypts its log files with KMS key arn:aws:kms:us-east-1:111122223333:key\/36812ccf/],
    ['SSE-S3 only', 'fail', snapshotOf(check, trails.plain.arn, trails.plain), /^trail app-data-events log files are not encrypted with a KMS key \(SSE-S3 only\)$/],
    ['the organization trail seen from a member account', 'pass', snapshotOf(check, trails.organization.arn, trails.organization), /^organization trail OrganizationTrail \(owned by 999988887777\) encrypts its log files with KMS key arn:aws:kms:us-east-1:999988887777:key\//],
    ['an organization trail with SSE-S3 only', 'fail', snapshotOf(check, trails.organizationUnencrypted.arn, trails.organizationUnencrypted), /^organization trail OrganizationTrail \(owned by 999988887777\) log files are not encrypted/],
    ['a deleted trail', 'not_applicable', snapshotOf(check, trails.plain.arn, undefined, { deleted: true }), /app-data-events was deleted/],
    ['a failed read', 'error', snapshotOf(check, trails.plain.arn, undefined, { error: accessDenied('DescribeTrails') }), /^ACCESS_DENIED: DescribeTrails was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('observes the key id (null when none)', () => {
    const finding = runCheck(check, snapshotOf(check, trails.plain.arn, trails.plain), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({ trail: trails.plain.arn, homeRegion: 'eu-west-1', isOrganizationTrail: false, ownerAccount: '111122223333', kmsKeyId: null });
  });

  itHasValidMetadata(check, 'cloudtrail-trail-kms-encryption', { service: 'cloudtrail' });
});
