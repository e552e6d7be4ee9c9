import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'kinesis-stream-encrypted';

describe('kinesis-stream-encrypted on recorded Kinesis answers', () => {
  it('passes a KMS-encrypted stream', async () => {
    const records = await sweepRecorded(recordedFixture('kinesis/pass.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['hl7-feed', 'pass']]);
  });

  it('fails the stream without encryption', async () => {
    const records = await sweepRecorded(recordedFixture('kinesis/fail.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([
      ['hl7-feed', 'pass'],
      ['clickstream', 'fail'],
    ]);
  });

  it('records nothing in a region without streams', async () => {
    expect(await sweepRecorded(recordedFixture('kinesis/disabled.json'), [CHECK])).toEqual([]);
  });

  it('records an error with ACCESS_DENIED when the stream cannot be described', async () => {
    const records = await sweepRecorded(recordedFixture('kinesis/denied.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['hl7-feed', 'error']]);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', operation: 'kinesis:DescribeStreamSummary' } });
  });
});
