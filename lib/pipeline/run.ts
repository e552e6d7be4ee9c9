import { TrailproofError } from '../errors.ts';
import type { ParsedInput, Trigger } from '../events/types.ts';
import { mapLimit } from '../util/concurrency.ts';
import { RunMemo } from '../collectors/run-memo.ts';
import { evaluateTrigger, type EngineDeps } from './evaluate.ts';
import { EvidenceWriter, emptySummary, fail, type InputOutcome, type RunSummary, type WriterDeps } from './writer.ts';

export type { RunSummary };
export interface RunDeps extends EngineDeps, WriterDeps {}

/** Inputs evaluated before their records go to the writer; bounds memory on big files. */
const EVALUATION_WINDOW = 100;

/**
 * The whole pipeline over parsed inputs: evaluate each trigger, sign the records in batches (one
 * signature per batch), write each record. An input whose evaluation or write fails is `failed`
 * with the reason (SQS retries it); one whose records cannot be signed (a value RFC 8785 refuses,
 * a record the schema refuses) is `invalid` with a code, before it joins a batch; the others still
 * land. An empty container is a `skipped` outcome with code NO_EVENTS. Nothing unsigned is ever written.
 */
export async function runPipeline(inputs: readonly ParsedInput[], deps: RunDeps): Promise<RunSummary> {
  const outcomes: InputOutcome[] = inputs.map((input) =>
    input.ok === true ? { source: input.source, status: 'recorded', recordIds: [] }
    : input.ok === 'skipped' ? { source: input.source, status: 'skipped', ...(input.code ? { code: input.code } : {}), detail: input.reason, recordIds: [] }
    : { source: input.source, status: 'invalid', code: input.error.code, detail: input.error.message, recordIds: [] },
  );
  const writer = new EvidenceWriter(deps, emptySummary(outcomes));
  // Account-level facts (an account's S3 Block Public Access) are read once for all the inputs of this run.
  const memo = new RunMemo();
  // A window of inputs at a time: unsigned records never pile up for a whole 10,000-event file.
  for (let start = 0; start < inputs.length; start += EVALUATION_WINDOW) {
    const window = inputs.slice(start, start + EVALUATION_WINDOW);
    const evaluated = await mapLimit(window, deps.concurrency ?? 8, async (input, offset) => {
      if (input.ok !== true) return undefined;
      const outcome = outcomes[start + offset]!;
      try {
        const { records, notes } = await evaluateTrigger(input.trigger, deps, memo);
        if (notes.length > 0) outcome.detail = notes.join('; ');
        if (records.length > 0) return records;
        outcome.status = 'no-check';
        outcome.detail ||= noCheckReason(input.trigger);
      } catch (error) {
        fail(outcome, (error as Error).message);
        if (error instanceof TrailproofError) outcome.code = error.code;
      }
      return undefined;
    });
    // Hand records to the writer in input order, so batches are the same from run to run.
    for (const [offset, records] of evaluated.entries()) if (records) await writer.add(outcomes[start + offset]!, records);
  }
  await writer.flush();
  return writer.summary;
}

function noCheckReason(trigger: Trigger): string {
  if (trigger.kind === 'cloudtrail') return `no check applies to ${trigger.record.eventSource}:${trigger.record.eventName}`;
  if (trigger.kind === 'config-item') return `no check applies to ${trigger.item.resourceType}`;
  return `no check applies to this ${trigger.kind} trigger`;
}
