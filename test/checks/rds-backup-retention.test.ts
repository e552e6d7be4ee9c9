import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/rds-backup-retention/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { RdsDatabaseState } from '../../lib/model/states/rds.ts';
import states from '../fixtures/rds/database-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const databases = states as Record<keyof typeof states, RdsDatabaseState>;
const judge = (state: RdsDatabaseState, settings = DEFAULT_SETTINGS) => runCheck(check, snapshotOf(check, state.identifier, state), settings);

describe('rds-backup-retention', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['an instance keeping 7 days', 'instanceSevenDays', 'pass', /^DB instance orders-db \(mysql\) keeps automated backups 7 day\(s\) \(at least 7 required\)$/],
    ['an Aurora cluster keeping 14 days', 'auroraPostgresCluster', 'pass', /^DB cluster claims-aurora \(aurora-postgresql\) keeps automated backups 14 day\(s\)/],
    ['an instance keeping 3 days', 'instanceThreeDays', 'fail', /^DB instance reports-db \(postgres\) keeps automated backups 3 day\(s\), fewer than the 7 required$/],
    ['an Aurora cluster at its 1-day default', 'auroraMysqlClusterOneDay', 'fail', /^DB cluster billing-aurora \(aurora-mysql\) keeps automated backups 1 day\(s\), fewer than the 7 required$/],
    ['automated backups off', 'instanceBackupsOff', 'fail', /^DB instance scratch-db \(mariadb\) has automated backups turned off \(retention 0 days, at least 7 required\)$/],
    // Traps: an Aurora member reports its cluster's value, a replica is not where backups are taken.
    ['an instance of an Aurora cluster', 'auroraMember', 'not_applicable', /belongs to DB cluster claims-aurora, whose automated backups are judged in the cluster's own record/],
    ['a read replica with retention 0', 'readReplica', 'not_applicable', /^DB instance orders-db-replica \(mysql\) is a replica of orders-db: automated backups are judged at the source$/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Act
    const finding = judge(databases[fixture]);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('judges against the rdsBackupRetentionDays setting and states it in the record', () => {
    // Prepare
    const settings = { ...DEFAULT_SETTINGS, rdsBackupRetentionDays: 3 };
    // Act
    const finding = judge(databases.instanceThreeDays, settings);
    // Assess
    expect(finding.result).toBe('pass');
    expect(finding.observed).toEqual({
      type: 'instance', identifier: 'reports-db', engine: 'postgres', backupRetentionPeriod: 3, clusterIdentifier: null, replicaSourceIdentifier: null,
      settings: { rdsBackupRetentionDays: 3 },
    });
  });

  it('is not_applicable for a deleted database and error when DescribeDBClusters was denied', () => {
    const deleted = runCheck(check, snapshotOf(check, 'gone-db', undefined, { deleted: true }), DEFAULT_SETTINGS);
    const denied = runCheck(check, snapshotOf(check, 'claims-aurora', undefined, { error: accessDenied('DescribeDBClusters') }), DEFAULT_SETTINGS);
    expect(deleted.result).toBe('not_applicable');
    expect(denied.result).toBe('error');
    expect(denied.reason).toMatch(/^ACCESS_DENIED: DescribeDBClusters was denied/);
  });

  itHasValidMetadata(check, 'rds-backup-retention', { service: 'rds', hasConfigRule: false });
});
