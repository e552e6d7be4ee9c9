import { describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECKS = ['rds-backup-retention', 'rds-log-exports', 'rds-snapshot-not-public', 'rds-snapshot-encrypted'];
/** [check, resource type, id, result], in a stable order. */
const verdicts = (records: EvidenceRecord[]) =>
  records
    .map((r) => [r.check.id, r.resource.type.replace('AWS::RDS::', ''), r.resource.id, r.result])
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));

describe('RDS database and snapshot checks on recorded RDS answers', () => {
  it('passes databases keeping 7+ days and exporting their audit logs, and private encrypted snapshots', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('rds/pass.json'), CHECKS);
    // Assess
    expect(verdicts(records)).toEqual([
      ['rds-backup-retention', 'DBCluster', 'claims-aurora', 'pass'],
      ['rds-backup-retention', 'DBInstance', 'claims-aurora-instance-1', 'not_applicable'],
      ['rds-backup-retention', 'DBInstance', 'orders-db', 'pass'],
      ['rds-log-exports', 'DBCluster', 'claims-aurora', 'pass'],
      ['rds-log-exports', 'DBInstance', 'claims-aurora-instance-1', 'not_applicable'],
      ['rds-log-exports', 'DBInstance', 'orders-db', 'pass'],
      ['rds-snapshot-encrypted', 'DBClusterSnapshot', 'claims-aurora-2024-06-01', 'pass'],
      ['rds-snapshot-encrypted', 'DBSnapshot', 'orders-db-final', 'pass'],
      ['rds-snapshot-not-public', 'DBClusterSnapshot', 'claims-aurora-2024-06-01', 'pass'],
      ['rds-snapshot-not-public', 'DBSnapshot', 'orders-db-final', 'pass'],
    ]);
    const retention = records.find((r) => r.check.id === 'rds-backup-retention' && r.resource.id === 'orders-db')!;
    expect(retention.observed).toMatchObject({ backupRetentionPeriod: 7, settings: { rdsBackupRetentionDays: 7 } });
    expect(retention.resource).toMatchObject({ phiScoped: true });
  });

  it('fails 1-day retention, missing audit exports, and public unencrypted snapshots', async () => {
    const records = await sweepRecorded(recordedFixture('rds/fail.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['rds-backup-retention', 'DBCluster', 'billing-aurora', 'fail'],
      ['rds-backup-retention', 'DBInstance', 'reports-db', 'fail'],
      ['rds-log-exports', 'DBCluster', 'billing-aurora', 'fail'],
      ['rds-log-exports', 'DBInstance', 'reports-db', 'fail'],
      ['rds-snapshot-encrypted', 'DBClusterSnapshot', 'billing-aurora-copy', 'fail'],
      ['rds-snapshot-encrypted', 'DBSnapshot', 'marketing-export', 'fail'],
      ['rds-snapshot-not-public', 'DBClusterSnapshot', 'billing-aurora-copy', 'fail'],
      ['rds-snapshot-not-public', 'DBSnapshot', 'marketing-export', 'fail'],
    ]);
  });

  it('passes a stricter rdsBackupRetentionDays only where retention meets it', async () => {
    const records = await sweepRecorded(recordedFixture('rds/pass.json'), ['rds-backup-retention'], { settings: { rdsBackupRetentionDays: 10 } });
    expect(verdicts(records).map((v) => v.slice(2))).toEqual([['claims-aurora', 'pass'], ['claims-aurora-instance-1', 'not_applicable'], ['orders-db', 'fail']]);
  });

  it('records nothing in a region without databases or snapshots', async () => {
    expect(await sweepRecorded(recordedFixture('rds/disabled.json'), CHECKS)).toEqual([]);
  });

  it('records ACCESS_DENIED errors: for the region when databases cannot be listed, for the snapshot whose sharing cannot be read', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('rds/denied.json'), CHECKS);
    // Assess: the encryption verdict does not rest on the denied attribute read
    expect(verdicts(records)).toEqual([
      ['rds-backup-retention', 'DBInstance', '111122223333:us-east-1', 'error'],
      ['rds-log-exports', 'DBInstance', '111122223333:us-east-1', 'error'],
      ['rds-snapshot-encrypted', 'DBSnapshot', 'orders-db-final', 'pass'],
      ['rds-snapshot-not-public', 'DBSnapshot', 'orders-db-final', 'error'],
    ]);
    for (const record of records.filter((r) => r.result === 'error')) expect(record.observed).toMatchObject({ error: { code: 'ACCESS_DENIED' } });
  });
});
