import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/rds-instance-not-public/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { RdsInstanceState } from '../../lib/model/states/rds.ts';
import states from '../fixtures/rds/instance-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const db = states as Record<keyof typeof states, RdsInstanceState>;

describe('rds-instance-not-public', () => {
  it.each<[string, Result, Snapshot<RdsInstanceState>, RegExp]>([
    ['a private instance', 'pass', snapshotOf(check, 'orders-db', db.encryptedPrivate), /^DB instance orders-db \(mysql\) is not publicly accessible$/],
    ['a publicly accessible instance', 'fail', snapshotOf(check, 'c7n-data-index', db.unencryptedPublic), /^DB instance c7n-data-index \(postgres\) is publicly accessible/],
    ['a deleted instance', 'not_applicable', snapshotOf(check, 'orders-db', undefined, { deleted: true }), /orders-db was deleted/],
    ['a failed read', 'error', snapshotOf(check, 'orders-db', undefined, { error: accessDenied('DescribeDBInstances') }), /^ACCESS_DENIED: DescribeDBInstances was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('says publiclyAccessible in observed', () => {
    const finding = runCheck(check, snapshotOf(check, 'c7n-data-index', db.unencryptedPublic), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({ dbInstanceIdentifier: 'c7n-data-index', engine: 'postgres', publiclyAccessible: true });
  });

  itHasValidMetadata(check, 'rds-instance-not-public', { service: 'rds' });
});
