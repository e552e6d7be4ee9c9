import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, ScheduledEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { TrailproofError } from '../lib/errors.ts';
import { runSweep } from '../lib/pipeline/sweep.ts';
import { readEnvironment } from '../lib/runtime/environment.ts';
import { lambdaDeps, type LambdaClients } from '../lib/runtime/lambda-deps.ts';
import { lazyHandler, logger } from '../lib/runtime/lambda-kit.ts';
import { logSummary } from '../lib/runtime/log-summary.ts';
import { enqueueSweeps, parseSweepRequest } from '../lib/runtime/sweep-fanout.ts';

type SweepResult = { records: number } | { queued: number } | SQSBatchResponse;

/**
 * Daily baseline of every check over every resource. The schedule sweeps its own account directly,
 * or, with several accounts (SWEEP_ACCOUNTS) and a sweep queue, queues one message per account;
 * each message is then one account's sweep, retried and dead-lettered by the queue.
 */
export function createHandler(clients: LambdaClients & { sqs?: SQSClient } = {}, env: NodeJS.ProcessEnv = process.env) {
  const environment = readEnvironment(env);
  const deps = lambdaDeps(environment, 'posture-sweep', clients);
  /** One account; throws when any record could not be written, so the retry adds what is missing (same ids). */
  const sweep = async (account: string, startedAt: Date): Promise<number> => {
    const summary = await runSweep(deps, { account, regions: environment.regions, startedAt });
    logSummary(logger, summary);
    const failed = summary.outcomes.filter((o) => o.status === 'failed').map((o) => `${o.source}: ${o.detail}`);
    if (failed.length > 0) throw new TrailproofError(`sweep of ${account} not fully recorded (${failed.length}): ${failed.slice(0, 5).join('; ')}`);
    return summary.records;
  };
  return middy<ScheduledEvent | SQSEvent, SweepResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context: Context) => {
      if ('Records' in event) {
        const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
        for (const record of event.Records) {
          try {
            const request = parseSweepRequest(record);
            await sweep(request.account, new Date(request.time));
          } catch (error) {
            logger.error('account sweep failed', { messageId: record.messageId, reason: (error as Error).message });
            batchItemFailures.push({ itemIdentifier: record.messageId });
          }
        }
        return { batchItemFailures };
      }
      // The schedule's time is the baseline's observedAt, so a retried run has the same record ids;
      // a run started by hand (an empty event) sweeps now, in the function's own account.
      const startedAt = event?.time ? new Date(event.time) : new Date();
      const ownAccount = event?.account ?? context.invokedFunctionArn?.split(':')[4] ?? '';
      const accounts = (env.SWEEP_ACCOUNTS || ownAccount).split(',').map((a) => a.trim()).filter(Boolean);
      if (accounts.length > 1 && env.SWEEP_QUEUE_URL) {
        return { queued: await enqueueSweeps(clients.sqs ?? new SQSClient({}), env.SWEEP_QUEUE_URL, accounts, startedAt.toISOString()) };
      }
      let records = 0;
      const failures: string[] = [];
      for (const account of accounts) {
        try {
          records += await sweep(account, startedAt);
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
      // Fail the invocation so Lambda retries (same record ids) and the errors alarm fires.
      if (failures.length > 0) throw new TrailproofError(failures.join(' | '));
      return { records };
    });
}

export const handler = lazyHandler<ScheduledEvent | SQSEvent, SweepResult>(() => createHandler());
