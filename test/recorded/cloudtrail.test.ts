import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'cloudtrail-s3-data-events-phi';
const verdicts = (records: Awaited<ReturnType<typeof sweepRecorded>>) => records.map((r) => [r.resource.id, r.result]);

describe('cloudtrail-s3-data-events-phi on recorded CloudTrail and S3 answers', () => {
  it('passes the PHI bucket covered by split read and write advanced selectors', async () => {
    const records = await sweepRecorded(recordedFixture('cloudtrail/s3-data-events-pass.json'), [CHECK]);
    expect(verdicts(records)).toEqual([
      ['patient-scans', 'pass'],
      ['web-assets', 'not_applicable'],
    ]);
  });

  it('fails the PHI bucket when the trail logs management events only', async () => {
    const records = await sweepRecorded(recordedFixture('cloudtrail/s3-data-events-fail.json'), [CHECK]);
    expect(verdicts(records)).toEqual([
      ['patient-scans', 'fail'],
      ['web-assets', 'not_applicable'],
    ]);
  });

  it('fails the PHI bucket when no trail exists in the region', async () => {
    const records = await sweepRecorded(recordedFixture('cloudtrail/s3-data-events-disabled.json'), [CHECK]);
    const record = records.find((r) => r.resource.id === 'patient-scans');
    expect(record).toMatchObject({ result: 'fail', reason: expect.stringMatching(/^no CloudTrail trail applies to us-east-1/) });
  });

  it('records an error with ACCESS_DENIED when DescribeTrails is denied', async () => {
    const records = await sweepRecorded(recordedFixture('cloudtrail/s3-data-events-denied.json'), [CHECK]);
    expect(verdicts(records)).toEqual([
      ['patient-scans', 'error'],
      ['web-assets', 'not_applicable'],
    ]);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});
