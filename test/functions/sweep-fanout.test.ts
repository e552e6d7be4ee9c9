import './support/quiet-logs.ts';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import type { ScheduledEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/posture-sweep.ts';
import { ACCOUNT, ENV, fakeEvidenceBucket, fakeKms, fixture, lambdaContext, mockedAws, sqsEvent, verifiedRecords } from './support/harness.ts';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/trailproof-prod-sweep';
const MEMBERS = Array.from({ length: 12 }, (_, i) => String(444455550000 + i));
const aws = mockedAws();
const kms = fakeKms();
const bucket = fakeEvidenceBucket();
const sqs = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
const sqsMock = mockClient(sqs);
const FANOUT_ENV = { ...ENV, SWEEP_ACCOUNTS: MEMBERS.join(','), SWEEP_QUEUE_URL: QUEUE_URL };
const handler = (env: Record<string, string> = FANOUT_ENV) => createHandler({ s3: bucket.client, kms: kms.client, clientsFor: () => aws.clients, sqs }, env);
const schedule = () => fixture<ScheduledEvent>('scheduled-event.json');

beforeEach(() => {
  for (const mock of Object.values(aws.mocks)) {
    mock.reset();
    mock.onAnyCommand().resolves({});
  }
  sqsMock.reset();
  sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  kms.install();
  bucket.reset();
});

describe('posture-sweep across an Organization', () => {
  it('queues one message per account (10 per SendMessageBatch) instead of sweeping them all in one run', async () => {
    // Act
    const result = await handler()(schedule(), lambdaContext());
    // Assess
    expect(result).toEqual({ queued: 12 });
    const calls = sqsMock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input as SendMessageBatchCommandInput);
    expect(calls.map((c) => c.Entries!.length)).toEqual([10, 2]);
    const bodies = calls.flatMap((c) => c.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(bodies.map((b) => b.account)).toEqual(MEMBERS);
    expect(new Set(bodies.map((b) => b.time))).toEqual(new Set([new Date(schedule().time).toISOString()]));
    expect(bucket.puts()).toEqual([]);
  });

  it('fails the scheduled run when SQS refuses some messages, so the retry queues them', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: MEMBERS[3]!, Code: 'InternalError', SenderFault: false }] });
    await expect(handler()(schedule(), lambdaContext())).rejects.toThrow(new RegExp(`could not queue the sweep of ${MEMBERS[3]} \\(InternalError\\)`));
  });

  it('sweeps the account a queue message names, observed at the schedule time, and returns only bad messages as failures', async () => {
    // Prepare
    const time = '2026-05-01T06:00:00Z';
    const event = sqsEvent([{ id: 'good', body: { account: ACCOUNT, time } }, { id: 'bad', body: '{"account": "<accountId>"}' }]);
    // Act
    const result = await handler()(event, lambdaContext());
    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    const records = verifiedRecords(bucket.puts(), kms.pinned);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.account === ACCOUNT && r.observedAt === '2026-05-01T06:00:00.000Z' && r.trigger.source === 'sweep')).toBe(true);
  });

  it('sweeps directly when there is one account, or no sweep queue', async () => {
    const result = await handler({ ...ENV, SWEEP_ACCOUNTS: ACCOUNT, SWEEP_QUEUE_URL: QUEUE_URL })(schedule(), lambdaContext());
    expect(result).toMatchObject({ records: expect.any(Number) });
    expect(sqsMock).not.toHaveReceivedAnyCommand();
  });
});
