import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'sns-topic-kms-encrypted';
const arn = (name: string) => `arn:aws:sns:us-east-1:111122223333:${name}`;

describe('sns-topic-kms-encrypted on recorded SNS answers', () => {
  it('passes a KMS-encrypted topic', async () => {
    const records = await sweepRecorded(recordedFixture('sns/pass.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([[arn('lab-results'), 'pass']]);
  });

  it('fails the topic without a key', async () => {
    const records = await sweepRecorded(recordedFixture('sns/fail.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([
      [arn('lab-results'), 'pass'],
      [arn('ops-alerts'), 'fail'],
    ]);
  });

  it('records nothing in a region without topics', async () => {
    expect(await sweepRecorded(recordedFixture('sns/disabled.json'), [CHECK])).toEqual([]);
  });

  it('records an error with ACCESS_DENIED when ListTopics is denied', async () => {
    const records = await sweepRecorded(recordedFixture('sns/denied.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['111122223333:us-east-1', 'error']]);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AuthorizationError' } });
  });
});
