import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/rds-snapshot-not-public/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { RdsSnapshotState } from '../../lib/model/states/rds.ts';
import states from '../fixtures/rds/snapshot-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const snapshots = states as Record<keyof typeof states, RdsSnapshotState>;
const judge = (state: RdsSnapshotState) => runCheck(check, snapshotOf(check, state.identifier, state), DEFAULT_SETTINGS);

describe('rds-snapshot-not-public', () => {
  it.each<[string, RdsSnapshotState, Result, RegExp]>([
    ['a private snapshot', snapshots.privateEncrypted, 'pass', /^DB snapshot orders-db-final is not public \(private\)$/],
    // Trap: sharing with a named account (the corpus's ModifyDBSnapshotAttribute) is not public.
    ['shared with one account', snapshots.sharedWithOneAccount, 'pass', /^DB snapshot exfiltration is not public \(shared only with account\(s\) 503161813013\)$/],
    ['restore attribute "all"', snapshots.publicUnencrypted, 'fail', /^DB snapshot marketing-export is public: any AWS account can copy it and restore its data \(restore attribute: all\)$/],
    ['a public cluster snapshot also shared with an account', snapshots.publicClusterSnapshot, 'fail', /^DB cluster snapshot claims-aurora-2024-06-01 is public/],
    ['an automated snapshot', snapshots.automated, 'not_applicable', /is an automated snapshot, which RDS never shares$/],
    ['attributes denied', { ...snapshots.attributesNotRead, restoreAttributeError: accessDenied('DescribeDBSnapshotAttributes') }, 'error', /^ACCESS_DENIED: DescribeDBSnapshotAttributes was denied for DB snapshot orders-db-final/],
    ['attributes not collected', snapshots.attributesNotRead, 'error', /^the restore attribute of DB snapshot orders-db-final was not collected$/],
  ])('%s -> %s', (_name, state, expected, reason) => {
    // Act
    const finding = judge(state);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('records who may restore the snapshot', () => {
    expect(judge(snapshots.sharedWithOneAccount).observed).toEqual({
      type: 'instance', identifier: 'exfiltration', sourceIdentifier: 'orders-db', snapshotType: 'manual', encrypted: false, restoreAccounts: ['503161813013'],
    });
  });

  it('is not_applicable for a deleted snapshot and error when DescribeDBSnapshots was denied', () => {
    expect(runCheck(check, snapshotOf(check, 'gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
    expect(runCheck(check, snapshotOf(check, 'x', undefined, { error: accessDenied('DescribeDBSnapshots') }), DEFAULT_SETTINGS).result).toBe('error');
  });

  itHasValidMetadata(check, 'rds-snapshot-not-public', { service: 'rds' });
});
