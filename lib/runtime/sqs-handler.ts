import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { processSqsBatch } from '../pipeline/sqs.ts';
import { readEnvironment } from './environment.ts';
import { lambdaDeps, type LambdaClients } from './lambda-deps.ts';
import { logSummary } from './log-summary.ts';

export const logger = new Logger({ serviceName: 'trailproof' });

/**
 * The handler shape shared by every queue-fed function: an SQS batch of EventBridge events in,
 * a partial batch response out (malformed or failed messages are retried, then dead-lettered).
 */
export function createSqsHandler(functionName: string, clients: LambdaClients = {}, env: NodeJS.ProcessEnv = process.env) {
  const deps = lambdaDeps(readEnvironment(env), functionName, clients);
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const { response, summary } = await processSqsBatch(event, deps);
      logSummary(logger, summary);
      return response;
    });
}

/** A lazily wired entry point: importing a function module has no side effects (tests, cold-start measurement). */
export function lazyHandler<E, R>(create: () => (event: E, context: Context) => Promise<R>) {
  let wired: ((event: E, context: Context) => Promise<R>) | undefined;
  return (event: E, context: Context): Promise<R> => (wired ??= create())(event, context);
}
