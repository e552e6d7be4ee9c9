import type { ParsedInput, Trigger } from '../events/types.ts';
import type { UnsignedRecord } from '../evidence/types.ts';
import { mapLimit } from './concurrency.ts';
import { evaluateTrigger, type EngineDeps } from './evaluate.ts';
import { EvidenceWriter, emptySummary, fail, type InputOutcome, type RunSummary, type WriterDeps } from './writer.ts';

export type { InputOutcome, RunSummary };
export interface RunDeps extends EngineDeps, WriterDeps {}

/**
 * The whole pipeline over parsed inputs: evaluate each trigger, sign the records in batches (one
 * signature per batch), write each record. An input whose evaluation or write fails is `failed`
 * with the reason (SQS retries it); the others still land. Nothing unsigned is ever written.
 */
export async function runPipeline(inputs: readonly ParsedInput[], deps: RunDeps): Promise<RunSummary> {
  const outcomes: InputOutcome[] = inputs.map((input) =>
    input.ok === true ? { source: input.source, status: 'recorded', recordIds: [] }
    : input.ok === 'skipped' ? { source: input.source, status: 'skipped', detail: input.reason, recordIds: [] }
    : { source: input.source, status: 'invalid', detail: input.error.message, recordIds: [] },
  );
  const writer = new EvidenceWriter(deps, emptySummary(outcomes));
  const evaluated: Array<UnsignedRecord[] | undefined> = [];
  await mapLimit(inputs, deps.concurrency ?? 8, async (input, i) => {
    if (input.ok !== true) return;
    const outcome = outcomes[i]!;
    try {
      const { records, notes } = await evaluateTrigger(input.trigger, deps);
      if (records.length === 0) {
        outcome.status = 'no-check';
        outcome.detail = notes.join('; ') || noCheckReason(input.trigger);
        return;
      }
      if (notes.length > 0) outcome.detail = notes.join('; ');
      evaluated[i] = records;
    } catch (error) {
      fail(outcome, (error as Error).message);
    }
  });
  // Hand records to the writer in input order, so batches are the same from run to run.
  for (const [i, records] of evaluated.entries()) if (records) await writer.add(outcomes[i]!, records);
  await writer.flush();
  return writer.summary;
}

function noCheckReason(trigger: Trigger): string {
  if (trigger.kind === 'cloudtrail') return `no check applies to ${trigger.record.eventSource}:${trigger.record.eventName}`;
  if (trigger.kind === 'config-item') return `no check applies to ${trigger.item.resourceType}`;
  return `no check applies to this ${trigger.kind} trigger`;
}
