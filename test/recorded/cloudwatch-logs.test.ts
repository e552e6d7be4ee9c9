import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECKS = ['logs-log-group-kms-encrypted', 'logs-log-group-retention'];
const verdicts = (records: Awaited<ReturnType<typeof sweepRecorded>>) => records.map((r) => [r.check.id, r.resource.id, r.result]).sort();

describe('CloudWatch Logs checks on recorded answers', () => {
  it('pass a KMS-encrypted group kept six years, PHI-tagged', async () => {
    const records = await sweepRecorded(recordedFixture('cloudwatch-logs/pass.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['logs-log-group-kms-encrypted', '/aws/lambda/intake', 'pass'],
      ['logs-log-group-retention', '/aws/lambda/intake', 'pass'],
    ]);
    expect(records.every((r) => r.resource.phiScoped)).toBe(true);
    expect(records.find((r) => r.check.id === 'logs-log-group-retention')!.observed.settings).toEqual({ logRetentionDays: 365 });
  });

  it('fail a group without a key kept 30 days', async () => {
    const records = await sweepRecorded(recordedFixture('cloudwatch-logs/fail.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['logs-log-group-kms-encrypted', '/aws/api-gateway/intake-access', 'fail'],
      ['logs-log-group-retention', '/aws/api-gateway/intake-access', 'fail'],
    ]);
  });

  it('record nothing in a region without log groups', async () => {
    expect(await sweepRecorded(recordedFixture('cloudwatch-logs/disabled.json'), CHECKS)).toEqual([]);
  });

  it('record an error with ACCESS_DENIED for each check when the listing is denied', async () => {
    const records = await sweepRecorded(recordedFixture('cloudwatch-logs/denied.json'), CHECKS);
    expect(records.map((r) => [r.check.id, r.result]).sort()).toEqual([['logs-log-group-kms-encrypted', 'error'], ['logs-log-group-retention', 'error']]);
    for (const r of records) expect(r.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});
