import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/ec2-ebs-snapshot-not-public/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { EbsSnapshotState } from '../../lib/model/states/ec2.ts';
import states from '../fixtures/ec2/snapshot-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const snapshots = states as Record<string, EbsSnapshotState>;

describe('ec2-ebs-snapshot-not-public', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['private, region blocks all sharing', 'privateBlockAll', 'pass', /^snap-0a1b2c3d4e5f60001 cannot be restored publicly \(snapshot block public access in us-east-1 is block-all-sharing\)$/],
    ['private, region blocks new sharing', 'privateBlockNew', 'pass', /^snap-0a1b2c3d4e5f60002 is not shared publicly \(.* is block-new-sharing\)$/],
    ['private, but block public access is off', 'privateUnblocked', 'fail', /is not shared publicly, but snapshot block public access in us-east-1 is unblocked: nothing stops it/],
    ['shared with "all", nothing blocked', 'publicUnblocked', 'fail', /^snap-041993b54a9b3af6f is publicly restorable: createVolumePermission grants "all"/],
    // Traps: block-new-sharing leaves an already public snapshot public; block-all-sharing hides it.
    ['public under block-new-sharing stays public', 'publicBlockNew', 'fail', /is publicly restorable: .* block-new-sharing/],
    ['public under block-all-sharing is treated as private', 'publicBlockAll', 'pass', /cannot be restored publicly .*: its createVolumePermission still names "all", but AWS treats it as private/],
    ['not read in the listing where all sharing is blocked', 'unreadBlockAll', 'pass', /cannot be restored publicly/],
    ['publicity not read although sharing is not blocked', 'unreadUnblocked', 'error', /whether snap-0a1b2c3d4e5f60008 is shared publicly was not read/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, snapshots[fixture]!.snapshotId, snapshots[fixture]!);
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('records the sharing and the region setting it was judged on', () => {
    const finding = runCheck(check, snapshotOf(check, 'snap-0a1b2c3d4e5f60002', snapshots.privateBlockNew!), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({
      snapshotId: 'snap-0a1b2c3d4e5f60002',
      sharedPublicly: false,
      sharedWithAccounts: ['098797384747'],
      blockPublicAccess: { state: 'block-new-sharing', managedBy: 'account' },
    });
  });

  it('is not_applicable for a deleted snapshot', () => {
    const finding = runCheck(check, snapshotOf(check, 'snap-0gone', undefined, { deleted: true }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('not_applicable');
  });

  it.each(['ec2:DescribeSnapshotAttribute', 'ec2:GetSnapshotBlockPublicAccessState'])('is error when %s was denied', (operation) => {
    const error = accessDenied(operation, 'UnauthorizedOperation');
    const finding = runCheck(check, snapshotOf(check, 'snap-0a1b2c3d4e5f60001', undefined, { error }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.reason).toContain(`ACCESS_DENIED: ${operation} was denied`);
  });

  itHasValidMetadata(check, 'ec2-ebs-snapshot-not-public', { service: 'ec2', hasConfigRule: false });
});
