import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { processSqsBatch } from '../lib/pipeline/sqs.ts';
import { readEnvironment } from '../lib/runtime/environment.ts';
import { lambdaDeps, type LambdaClients } from '../lib/runtime/lambda-deps.ts';
import { logSummary } from '../lib/runtime/log-summary.ts';

const logger = new Logger({ serviceName: 'trailproof' });

/** CloudTrail management events (EventBridge → SQS): evaluate, sign one batch, write evidence. */
export function createHandler(clients: LambdaClients = {}, env = process.env) {
  const deps = lambdaDeps(readEnvironment(env), 'cloudtrail-event', clients);
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const { response, summary } = await processSqsBatch(event, deps);
      logSummary(logger, summary);
      return response;
    });
}

let wired: ReturnType<typeof createHandler> | undefined;
/** The deployed entry point: wired on first call, so importing this module has no side effects. */
export const handler = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => (wired ??= createHandler())(event, context);
