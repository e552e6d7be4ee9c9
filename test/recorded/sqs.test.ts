import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'sqs-queue-encrypted';
const url = (name: string) => `https://sqs.us-east-1.amazonaws.com/111122223333/${name}`;

describe('sqs-queue-encrypted on recorded SQS answers', () => {
  it('passes SSE-KMS on a PHI queue and SSE-SQS on another', async () => {
    const records = await sweepRecorded(recordedFixture('sqs/pass.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.resource.phiScoped, r.result])).toEqual([
      [url('claims-intake'), true, 'pass'],
      [url('build-events'), false, 'pass'],
    ]);
  });

  it('fails SSE-SQS on a PHI queue and a queue without encryption', async () => {
    const records = await sweepRecorded(recordedFixture('sqs/fail.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([
      [url('lab-results'), 'fail'],
      [url('legacy-notify'), 'fail'],
    ]);
  });

  it('records nothing in a region without queues (ListQueues answers no QueueUrls at all)', async () => {
    expect(await sweepRecorded(recordedFixture('sqs/disabled.json'), [CHECK])).toEqual([]);
  });

  it('records an error with ACCESS_DENIED when the queue cannot be read', async () => {
    const records = await sweepRecorded(recordedFixture('sqs/denied.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([[url('claims-intake'), 'error']]);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', operation: 'sqs:GetQueueAttributes' } });
  });
});
