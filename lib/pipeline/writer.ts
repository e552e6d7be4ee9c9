import { signDocuments } from '../evidence/batch.ts';
import { validateUnsignedRecord } from '../evidence/schemas.ts';
import type { EvidenceRecord, Signer, UnsignedRecord } from '../evidence/types.ts';
import { recordKey } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { mapLimit } from '../util/concurrency.ts';

/** The outcome of one input unit (an SQS message, a line, an array element, a swept resource). */
export interface InputOutcome {
  source: string;
  status: 'recorded' | 'no-check' | 'skipped' | 'invalid' | 'failed';
  /** What became of the input, as a stable code: why it is invalid (a ParseErrorCode such as MISSING_FIELD, or SCHEMA_ERROR) or failed, NO_EVENTS for an empty container; `detail` is its text. */
  code?: string;
  detail?: string;
  recordIds: string[];
}

export interface RunSummary {
  outcomes: InputOutcome[];
  records: number;
  written: number;
  /** Record keys that already existed (a retry): counted once, not rewritten. */
  duplicates: number;
  /** Result counts per check, each record id counted once. */
  byCheck: Record<string, Record<string, number>>;
}

export interface WriterDeps {
  store: EvidenceStore;
  signer: Signer;
  /** Records signed per batch (one signature each). Bounds memory and audit-path length. */
  batchSize?: number;
  /** Concurrent writes (S3 latency hides behind this). */
  concurrency?: number;
  now?: () => Date;
  /** Called with each record once it is stored (e.g. to report the same verdict to AWS Config). */
  onStored?: (record: EvidenceRecord) => void;
}

export function emptySummary(outcomes: InputOutcome[] = []): RunSummary {
  return { outcomes, records: 0, written: 0, duplicates: 0, byCheck: {} };
}

/**
 * Collects unsigned records per input, signs them in batches (one signature per batch, never a
 * partial one) and writes each record. A failed sign or write marks only the inputs it touched.
 */
export class EvidenceWriter {
  readonly summary: RunSummary;
  readonly #deps: WriterDeps;
  readonly #counted = new Set<string>();
  #batch: Array<{ outcome: InputOutcome; records: UnsignedRecord[] }> = [];
  #batchCount = 0;

  constructor(deps: WriterDeps, summary: RunSummary = emptySummary()) {
    this.#deps = deps;
    this.summary = summary;
  }

  /**
   * Queue one input's records; signs and writes a batch whenever it is full. An input whose records
   * do not match the schema fails here, alone, so it cannot take the rest of the batch with it.
   */
  async add(outcome: InputOutcome, records: UnsignedRecord[]): Promise<void> {
    try {
      for (const record of records) validateUnsignedRecord(record);
    } catch (error) {
      fail(outcome, `invalid record, not signed: ${(error as Error).message}`);
      return;
    }
    if (this.#batchCount + records.length > (this.#deps.batchSize ?? 1000)) await this.flush();
    this.#batch.push({ outcome, records });
    this.#batchCount += records.length;
  }

  async flush(): Promise<void> {
    const batch = this.#batch;
    this.#batch = [];
    this.#batchCount = 0;
    if (batch.length === 0) return;
    let signed: EvidenceRecord[];
    try {
      // add() schema-validated every record it queued: sign without validating them a second time.
      signed = (await signDocuments(batch.flatMap((b) => b.records), this.#deps.signer, this.#deps.now?.() ?? new Date())) as EvidenceRecord[];
    } catch (error) {
      // A schema or signing failure fails every input of the batch: nothing unsigned is written.
      for (const { outcome } of batch) fail(outcome, `signing failed: ${(error as Error).message}`);
      return;
    }
    const owners = batch.flatMap((b) => b.records.map(() => b.outcome));
    const writtenAt = this.#deps.now?.() ?? new Date();
    await mapLimit(signed, this.#deps.concurrency ?? 8, async (record, i) => {
      const outcome = owners[i]!;
      try {
        const { created } = await this.#deps.store.put(recordKey(record, writtenAt), `${JSON.stringify(record, null, 2)}\n`);
        this.#count(record, created);
        outcome.recordIds.push(record.id);
        this.#deps.onStored?.(record);
      } catch (error) {
        fail(outcome, `write failed: ${(error as Error).message}`);
      }
    });
  }

  #count(record: EvidenceRecord, created: boolean): void {
    this.summary.records += 1;
    if (created) this.summary.written += 1;
    else this.summary.duplicates += 1;
    // The same trigger delivered twice gives the same record id: count it once.
    if (this.#counted.has(record.id)) return;
    this.#counted.add(record.id);
    const counts = (this.summary.byCheck[record.check.id] ??= {});
    counts[record.result] = (counts[record.result] ?? 0) + 1;
  }
}

export function fail(outcome: InputOutcome, detail: string): void {
  outcome.status = 'failed';
  outcome.detail = outcome.detail ? `${outcome.detail}; ${detail}` : detail;
}
