import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'cloudfront-viewer-https';

describe('cloudfront-viewer-https on recorded CloudFront answers', () => {
  it('passes an HTTPS-only distribution with TLSv1.2_2021', async () => {
    const records = await sweepRecorded(recordedFixture('cloudfront/pass.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.resource.arn, r.result])).toEqual([['E2QWRUHAPOMQZL', 'arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL', 'pass']]);
  });

  it('fails the distribution that allows HTTP on the default certificate', async () => {
    const records = await sweepRecorded(recordedFixture('cloudfront/fail.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([
      ['E2QWRUHAPOMQZL', 'pass'],
      ['EDFDVBD6EXAMPLE', 'fail'],
    ]);
  });

  it('records nothing for an account without distributions', async () => {
    expect(await sweepRecorded(recordedFixture('cloudfront/disabled.json'), [CHECK])).toEqual([]);
  });

  it('records an error with ACCESS_DENIED when ListDistributions is denied', async () => {
    const records = await sweepRecorded(recordedFixture('cloudfront/denied.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['111122223333:us-east-1', 'error']]);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDenied' } });
  });
});
