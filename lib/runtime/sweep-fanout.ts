import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { ParseError, TrailproofError } from '../errors.ts';

/** One account's share of a scheduled sweep: what the schedule hands to the sweep queue. */
export interface SweepRequest {
  account: string;
  /** The schedule's time: every account's baseline is observed at the same instant. */
  time: string;
}

const SQS_BATCH_LIMIT = 10;

/**
 * A whole Organization does not fit one 15-minute run: the schedule queues one message per account
 * and each is swept by its own invocation, with the queue's retries and dead-letter queue.
 */
export async function enqueueSweeps(sqs: SQSClient, queueUrl: string, accounts: readonly string[], time: string): Promise<number> {
  for (let i = 0; i < accounts.length; i += SQS_BATCH_LIMIT) {
    const entries = accounts.slice(i, i + SQS_BATCH_LIMIT).map((account) => ({ Id: account, MessageBody: JSON.stringify({ account, time } satisfies SweepRequest) }));
    const { Failed } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    if (Failed && Failed.length > 0) {
      // The whole run fails so the schedule's retry queues again; a sweep already queued is idempotent.
      throw new TrailproofError(`could not queue the sweep of ${Failed.map((f) => `${f.Id} (${f.Code})`).join(', ')}`);
    }
  }
  return accounts.length;
}

/** A sweep-queue message, checked: a 12-digit account and an ISO time. */
export function parseSweepRequest(record: SQSRecord): SweepRequest {
  let body: Partial<SweepRequest>;
  try {
    body = JSON.parse(record.body) as Partial<SweepRequest>;
  } catch (error) {
    throw new ParseError(`sqs:${record.messageId}`, 'INVALID_JSON', (error as Error).message, { cause: error });
  }
  if (typeof body.account !== 'string' || !/^\d{12}$/.test(body.account)) throw new ParseError(`sqs:${record.messageId}.account`, 'INVALID_ACCOUNT');
  if (typeof body.time !== 'string' || Number.isNaN(Date.parse(body.time))) throw new ParseError(`sqs:${record.messageId}.time`, 'INVALID_TIME');
  return { account: body.account, time: body.time };
}
