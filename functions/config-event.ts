import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { LambdaClients } from '../lib/runtime/lambda-deps.ts';
import { lazyHandler } from '../lib/runtime/lambda-kit.ts';
import { createSqsHandler } from '../lib/runtime/sqs-handler.ts';

/**
 * AWS Config via EventBridge → SQS: "Configuration Item Change" evaluated from the item itself (no
 * API call; oversized items are read), "Config Rules Compliance Change" recorded under our check ids.
 */
export const createHandler = (clients?: LambdaClients, env?: NodeJS.ProcessEnv) => createSqsHandler('config-event', clients, env);

export const handler = lazyHandler<SQSEvent, SQSBatchResponse>(() => createHandler());
