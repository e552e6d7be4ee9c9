import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { LambdaClients } from '../lib/runtime/lambda-deps.ts';
import { lazyHandler } from '../lib/runtime/lambda-kit.ts';
import { createSqsHandler } from '../lib/runtime/sqs-handler.ts';

/** CloudTrail management events and console sign-ins (EventBridge → SQS): evaluate, sign one batch, write evidence. */
export const createHandler = (clients?: LambdaClients, env?: NodeJS.ProcessEnv) => createSqsHandler('cloudtrail-event', clients, env);

export const handler = lazyHandler<SQSEvent, SQSBatchResponse>(() => createHandler());
