import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECKS = ['redshift-cluster-encrypted', 'redshift-cluster-not-public'];
const verdicts = (records: Awaited<ReturnType<typeof sweepRecorded>>) => records.map((r) => [r.check.id, r.resource.id, r.result]).sort();

describe('the Redshift checks on recorded DescribeClusters answers', () => {
  it('pass an encrypted private cluster, from one listing', async () => {
    expect(verdicts(await sweepRecorded(recordedFixture('redshift/pass.json'), CHECKS))).toEqual([
      ['redshift-cluster-encrypted', 'claims-dw', 'pass'],
      ['redshift-cluster-not-public', 'claims-dw', 'pass'],
    ]);
  });

  it('fail an unencrypted public cluster on both checks', async () => {
    expect(verdicts(await sweepRecorded(recordedFixture('redshift/fail.json'), CHECKS))).toEqual([
      ['redshift-cluster-encrypted', 'claims-dw', 'pass'],
      ['redshift-cluster-encrypted', 'marketing-dw', 'fail'],
      ['redshift-cluster-not-public', 'claims-dw', 'pass'],
      ['redshift-cluster-not-public', 'marketing-dw', 'fail'],
    ]);
  });

  it('record nothing in a region without clusters', async () => {
    expect(await sweepRecorded(recordedFixture('redshift/disabled.json'), CHECKS)).toEqual([]);
  });

  it('record an error with ACCESS_DENIED for each check when DescribeClusters is denied', async () => {
    const records = await sweepRecorded(recordedFixture('redshift/denied.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['redshift-cluster-encrypted', '111122223333:us-east-1', 'error'],
      ['redshift-cluster-not-public', '111122223333:us-east-1', 'error'],
    ]);
    for (const record of records) expect(record.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDenied' } });
  });
});
