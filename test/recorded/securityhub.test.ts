import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'securityhub-enabled';

describe('securityhub-enabled on recorded Security Hub answers', () => {
  it('passes a hub running a standard', async () => {
    const records = await sweepRecorded(recordedFixture('securityhub/pass.json'), [CHECK]);
    expect(records.map((r) => [r.resource.type, r.resource.id, r.resource.arn, r.result])).toEqual([
      ['AWS::SecurityHub::Hub', '111122223333', 'arn:aws:securityhub:us-east-1:111122223333:hub/default', 'pass'],
    ]);
  });

  it('fails a hub without standards', async () => {
    const records = await sweepRecorded(recordedFixture('securityhub/fail.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['111122223333', 'fail']]);
  });

  it('fails a region where the account is not subscribed', async () => {
    const records = await sweepRecorded(recordedFixture('securityhub/disabled.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result, r.reason])).toEqual([['111122223333', 'fail', 'Security Hub is not enabled in account 111122223333 in us-east-1']]);
  });

  it('records an error with ACCESS_DENIED when DescribeHub is denied', async () => {
    const records = await sweepRecorded(recordedFixture('securityhub/denied.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['111122223333', 'error']]);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});
