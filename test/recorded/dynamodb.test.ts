import { describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECKS = ['dynamodb-table-kms-encrypted', 'dynamodb-pitr-enabled'];
/** [check, table, PHI-scoped, result], in a stable order. */
const verdicts = (records: EvidenceRecord[]) =>
  records.map((r) => [r.check.id, r.resource.id, r.resource.phiScoped, r.result]).sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));

describe('DynamoDB checks on recorded DynamoDB and KMS answers', () => {
  it('passes a PHI table on a customer managed key and another on the AWS managed key, both with point-in-time recovery', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('dynamodb/pass.json'), CHECKS);
    // Assess
    expect(verdicts(records)).toEqual([
      ['dynamodb-pitr-enabled', 'audit-events', false, 'pass'],
      ['dynamodb-pitr-enabled', 'patients', true, 'pass'],
      ['dynamodb-table-kms-encrypted', 'audit-events', false, 'pass'],
      ['dynamodb-table-kms-encrypted', 'patients', true, 'pass'],
    ]);
    expect(records.find((r) => r.check.id === 'dynamodb-table-kms-encrypted' && r.resource.id === 'patients')!.observed).toMatchObject({ kmsKeyManager: 'CUSTOMER' });
  });

  it('fails the AWS owned key, the AWS managed key on a PHI table, and point-in-time recovery off', async () => {
    const records = await sweepRecorded(recordedFixture('dynamodb/fail.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['dynamodb-pitr-enabled', 'lab-results', true, 'fail'],
      ['dynamodb-pitr-enabled', 'sessions', false, 'fail'],
      ['dynamodb-table-kms-encrypted', 'lab-results', true, 'fail'],
      ['dynamodb-table-kms-encrypted', 'sessions', false, 'fail'],
    ]);
    expect(records.map((r) => r.schema).sort()).toEqual(['trailproof/evidence-record/v1', 'trailproof/evidence-record/v1', 'trailproof/evidence-record/v2', 'trailproof/evidence-record/v2']);
  });

  it('records nothing in a region without tables', async () => {
    expect(await sweepRecorded(recordedFixture('dynamodb/disabled.json'), CHECKS)).toEqual([]);
  });

  it('records an error with ACCESS_DENIED for every check when the table cannot be described', async () => {
    const records = await sweepRecorded(recordedFixture('dynamodb/denied.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['dynamodb-pitr-enabled', 'patients', false, 'error'],
      ['dynamodb-table-kms-encrypted', 'patients', false, 'error'],
    ]);
    for (const record of records) expect(record.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', operation: 'DescribeTable' } });
  });
});
