import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { processSqsBatch } from '../pipeline/sqs.ts';
import { readEnvironment } from './environment.ts';
import { lambdaDeps, type LambdaClients } from './lambda-deps.ts';
import { logSummary } from './log-summary.ts';
import { logger } from './lambda-kit.ts';

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
