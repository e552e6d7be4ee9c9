import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECKS = ['lambda-function-url-auth', 'lambda-function-not-public'];
const verdicts = (records: Awaited<ReturnType<typeof sweepRecorded>>) => records.map((r) => [r.check.id, r.resource.id, r.result]).sort();

describe('Lambda checks on recorded answers', () => {
  it('pass an IAM-auth URL and a source-pinned S3 permission, PHI-tagged', async () => {
    const records = await sweepRecorded(recordedFixture('lambda/pass.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['lambda-function-not-public', 'intake', 'pass'],
      ['lambda-function-url-auth', 'intake', 'pass'],
    ]);
    expect(records.every((r) => r.resource.phiScoped && r.resource.arn === 'arn:aws:lambda:us-east-1:111122223333:function:intake')).toBe(true);
  });

  it('fail a public function URL (AuthType NONE and Principal *)', async () => {
    const records = await sweepRecorded(recordedFixture('lambda/fail.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['lambda-function-not-public', 'intake', 'fail'],
      ['lambda-function-url-auth', 'intake', 'fail'],
    ]);
  });

  it('record nothing in a region without functions', async () => {
    expect(await sweepRecorded(recordedFixture('lambda/disabled.json'), CHECKS)).toEqual([]);
  });

  it('record an error with ACCESS_DENIED when ListFunctions is denied', async () => {
    const records = await sweepRecorded(recordedFixture('lambda/denied.json'), CHECKS);
    expect(records.map((r) => r.result)).toEqual(['error', 'error']);
    for (const r of records) expect(r.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});
