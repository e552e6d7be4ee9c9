import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'guardduty-enabled';

describe('guardduty-enabled on recorded GuardDuty answers', () => {
  it('passes an enabled detector, with its plans recorded', async () => {
    const records = await sweepRecorded(recordedFixture('guardduty/pass.json'), [CHECK]);
    expect(records.map((r) => [r.resource.type, r.resource.id, r.result, r.schema])).toEqual([['AWS::GuardDuty::Detector', '111122223333', 'pass', 'trailproof/evidence-record/v2']]);
    expect(records[0]!.reason).toMatch(/S3 protection on, RDS protection on, Malware protection \(EC2\) off/);
  });

  it('fails a suspended detector', async () => {
    const records = await sweepRecorded(recordedFixture('guardduty/fail.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['111122223333', 'fail']]);
  });

  it('fails a region without a detector (empty ListDetectors)', async () => {
    const records = await sweepRecorded(recordedFixture('guardduty/disabled.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result, r.reason])).toEqual([['111122223333', 'fail', 'GuardDuty is not enabled in account 111122223333 in us-east-1: no detector']]);
  });

  it('records an error with ACCESS_DENIED, never a fail, when ListDetectors is denied', async () => {
    const records = await sweepRecorded(recordedFixture('guardduty/denied.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['111122223333', 'error']]);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});
