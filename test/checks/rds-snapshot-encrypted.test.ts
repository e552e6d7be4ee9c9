import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/rds-snapshot-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { RdsSnapshotState } from '../../lib/model/states/rds.ts';
import states from '../fixtures/rds/snapshot-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const snapshots = states as Record<keyof typeof states, RdsSnapshotState>;

describe('rds-snapshot-encrypted', () => {
  it.each<[string, RdsSnapshotState, Result, RegExp]>([
    ['an encrypted DB snapshot', snapshots.privateEncrypted, 'pass', /^DB snapshot orders-db-final \(of orders-db\) is encrypted with KMS key arn:aws:kms:us-east-1:111122223333:key\/e20f3a10/],
    ['an unencrypted DB snapshot', snapshots.publicUnencrypted, 'fail', /^DB snapshot marketing-export \(of reports-db\) is not encrypted$/],
    ['an unencrypted cluster snapshot', snapshots.publicClusterSnapshot, 'fail', /^DB cluster snapshot claims-aurora-2024-06-01 \(of claims-aurora\) is not encrypted$/],
    // The restore attribute is not this check's: unread, it changes nothing here.
    ['encrypted, restore attribute unread', snapshots.attributesNotRead, 'pass', /is encrypted/],
  ])('%s -> %s', (_name, state, expected, reason) => {
    // Act
    const finding = runCheck(check, snapshotOf(check, state.identifier, state), DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it.each<[string, Result, object]>([
    ['a deleted snapshot', 'not_applicable', { deleted: true }],
    ['a denied DescribeDBClusterSnapshots', 'error', { error: accessDenied('DescribeDBClusterSnapshots') }],
  ])('%s -> %s', (_name, expected, extra) => {
    expect(runCheck(check, snapshotOf(check, 'claims-aurora-2024-06-01', undefined, extra), DEFAULT_SETTINGS).result).toBe(expected);
  });

  itHasValidMetadata(check, 'rds-snapshot-encrypted', { service: 'rds' });
});
