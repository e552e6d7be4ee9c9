import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { parseSqsBody } from '../events/parse.ts';
import type { ParsedInput } from '../events/types.ts';
import { runPipeline, type RunDeps, type RunSummary } from './run.ts';

/**
 * One SQS batch through the pipeline with partial batch failure: a message that is malformed (or
 * whose records cannot be signed), or whose evaluation or write failed, is returned in
 * `batchItemFailures`; every other message is processed and its records signed in one batch.
 *
 * An invalid message is returned too, although a retry cannot fix it: the dead-letter queue is
 * where it is kept (14 days, for a redrive once the parser is fixed) and its alarm the one signal an
 * operator gets that an AWS change went unrecorded; deleting it after a log line would drop it. A
 * message holding no event (`{"Records": []}`) is processed: `skipped`, code NO_EVENTS.
 */
export async function processSqsBatch(event: SQSEvent, deps: RunDeps): Promise<{ response: SQSBatchResponse; summary: RunSummary }> {
  const inputs: ParsedInput[] = [];
  const messageOf: string[] = [];
  for (const message of event.Records) {
    for (const parsed of parseSqsBody(message.body, message.messageId)) {
      inputs.push(parsed);
      messageOf.push(message.messageId);
    }
  }
  const summary = await runPipeline(inputs, deps);
  const failed = new Set<string>();
  summary.outcomes.forEach((outcome, i) => {
    if (outcome.status === 'invalid' || outcome.status === 'failed') failed.add(messageOf[i]!);
  });
  return {
    response: { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) },
    summary,
  };
}
