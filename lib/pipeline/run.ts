import type { ParsedInput, Trigger } from '../events/types.ts';
import { signBatch } from '../evidence/batch.ts';
import type { EvidenceRecord, Signer, UnsignedRecord } from '../evidence/types.ts';
import { recordKey } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { mapLimit } from './concurrency.ts';
import { evaluateTrigger, type EngineDeps } from './evaluate.ts';

export interface RunDeps extends EngineDeps {
  store: EvidenceStore;
  signer: Signer;
  /** Records signed per batch (one signature each). Bounds memory and audit-path length. */
  batchSize?: number;
  /** Concurrent evaluations and writes (S3 latency hides behind this). */
  concurrency?: number;
}

/** The outcome of one input unit (an SQS message, a line, an array element). */
export interface InputOutcome {
  source: string;
  status: 'recorded' | 'no-check' | 'skipped' | 'invalid' | 'failed';
  detail?: string;
  recordIds: string[];
}

export interface RunSummary {
  outcomes: InputOutcome[];
  records: number;
  written: number;
  /** Record keys that already existed (a retry): counted once, not rewritten. */
  duplicates: number;
  byCheck: Record<string, Record<string, number>>;
}

/**
 * The whole pipeline over parsed inputs: evaluate each trigger, sign the records in batches (one
 * signature per batch), write each record. An input whose evaluation or write fails is `failed`
 * with the reason (SQS retries it); the others still land. Nothing unsigned is ever written.
 */
export async function runPipeline(inputs: readonly ParsedInput[], deps: RunDeps): Promise<RunSummary> {
  const concurrency = deps.concurrency ?? 8;
  const outcomes: InputOutcome[] = inputs.map((input) =>
    input.ok === true ? { source: input.source, status: 'recorded', recordIds: [] }
    : input.ok === 'skipped' ? { source: input.source, status: 'skipped', detail: input.reason, recordIds: [] }
    : { source: input.source, status: 'invalid', detail: input.error.message, recordIds: [] },
  );
  const pending: Array<{ outcome: InputOutcome; records: UnsignedRecord[] }> = [];
  const triggers = inputs.map((input, i) => (input.ok === true ? { trigger: input.trigger, outcome: outcomes[i]! } : undefined));

  await mapLimit(triggers, concurrency, async (item) => {
    if (!item) return;
    try {
      const { records, notes } = await evaluateTrigger(item.trigger as Trigger, deps);
      if (records.length === 0) {
        item.outcome.status = 'no-check';
        item.outcome.detail = notes.join('; ') || noCheckReason(item.trigger);
        return;
      }
      if (notes.length > 0) item.outcome.detail = notes.join('; ');
      pending.push({ outcome: item.outcome, records });
    } catch (error) {
      item.outcome.status = 'failed';
      item.outcome.detail = (error as Error).message;
    }
  });

  const summary: RunSummary = { outcomes, records: 0, written: 0, duplicates: 0, byCheck: {} };
  const batchSize = deps.batchSize ?? 1000;
  const counted = new Set<string>();
  let batch: typeof pending = [];
  let batchCount = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await signAndWrite(batch, deps, summary, concurrency, counted);
    batch = [];
    batchCount = 0;
  };
  for (const entry of pending) {
    if (batchCount + entry.records.length > batchSize) await flush();
    batch.push(entry);
    batchCount += entry.records.length;
  }
  await flush();
  return summary;
}

async function signAndWrite(
  batch: Array<{ outcome: InputOutcome; records: UnsignedRecord[] }>,
  deps: RunDeps,
  summary: RunSummary,
  concurrency: number,
  counted: Set<string>,
): Promise<void> {
  let signed: EvidenceRecord[];
  try {
    signed = await signBatch(batch.flatMap((b) => b.records), deps.signer, deps.now?.() ?? new Date());
  } catch (error) {
    // A schema or signing failure fails every input of the batch: nothing unsigned is written.
    for (const { outcome } of batch) fail(outcome, `signing failed: ${(error as Error).message}`);
    return;
  }
  const owners = batch.flatMap((b) => b.records.map(() => b.outcome));
  const writtenAt = deps.now?.() ?? new Date();
  await mapLimit(signed, concurrency, async (record, i) => {
    const outcome = owners[i]!;
    try {
      const { created } = await deps.store.put(recordKey(record, writtenAt), `${JSON.stringify(record, null, 2)}\n`);
      summary.records += 1;
      if (created) summary.written += 1;
      else summary.duplicates += 1;
      outcome.recordIds.push(record.id);
      // The same trigger delivered twice gives the same record id: count it once.
      if (counted.has(record.id)) return;
      counted.add(record.id);
      const counts = (summary.byCheck[record.check.id] ??= {});
      counts[record.result] = (counts[record.result] ?? 0) + 1;
    } catch (error) {
      fail(outcome, `write failed: ${(error as Error).message}`);
    }
  });
}

function fail(outcome: InputOutcome, detail: string): void {
  outcome.status = 'failed';
  outcome.detail = outcome.detail ? `${outcome.detail}; ${detail}` : detail;
}

function noCheckReason(trigger: Trigger): string {
  if (trigger.kind === 'cloudtrail') return `no check applies to ${trigger.record.eventSource}:${trigger.record.eventName}`;
  if (trigger.kind === 'config-item') return `no check applies to ${trigger.item.resourceType}`;
  return `no check applies to this ${trigger.kind} trigger`;
}
