import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/rds-instance-storage-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { RdsInstanceState } from '../../lib/model/states/rds.ts';
import states from '../fixtures/rds/instance-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const db = states as Record<keyof typeof states, RdsInstanceState>;

describe('rds-instance-storage-encrypted', () => {
  it.each<[string, Result, Snapshot<RdsInstanceState>, RegExp]>([
    ['encrypted storage', 'pass', snapshotOf(check, 'orders-db', db.encryptedPrivate), /^DB instance orders-db \(mysql\) has encrypted storage with KMS key arn:aws:kms:.*:key\/e20f3a10/],
    ['unencrypted storage', 'fail', snapshotOf(check, 'c7n-data-index', db.unencryptedPublic), /^DB instance c7n-data-index \(postgres\) storage is not encrypted$/],
    ['a deleted instance', 'not_applicable', snapshotOf(check, 'orders-db', undefined, { deleted: true }), /orders-db was deleted/],
    ['a failed read', 'error', snapshotOf(check, 'orders-db', undefined, { error: accessDenied('DescribeDBInstances') }), /^ACCESS_DENIED: DescribeDBInstances was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('keeps the facts the verdict rests on in observed', () => {
    const finding = runCheck(check, snapshotOf(check, 'c7n-data-index', db.unencryptedPublic), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({ dbInstanceIdentifier: 'c7n-data-index', engine: 'postgres', storageEncrypted: false, kmsKeyId: null });
  });

  itHasValidMetadata(check, 'rds-instance-storage-encrypted', { service: 'rds' });
});
