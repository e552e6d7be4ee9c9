import { signLeaves } from '../evidence/batch.ts';
import type { EvidenceRecord, Integrity, Signer, UnsignedRecord } from '../evidence/types.ts';
import { PendingLines } from '../store/record-lines.ts';
import { recordObjectKeyOf } from '../store/record-object.ts';
import type { EvidenceStore } from '../store/types.ts';
import { mapLimit } from '../util/concurrency.ts';
import { signableTexts } from './signable.ts';

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
  /** Records in objects this run created. */
  written: number;
  /** Records in objects that already existed (a retried PUT of the same batch): counted once, not rewritten. */
  duplicates: number;
  /** Record objects (signed batches) this run created. */
  objects: number;
  /** Result counts per check, each record id counted once. */
  byCheck: Record<string, Record<string, number>>;
  /** Run records a sweep wrote (one per region swept; evidence-schemas/run.v1). */
  runRecords?: number;
}

export interface WriterDeps {
  store: EvidenceStore;
  signer: Signer;
  /** Records per object at most (one signature each): bounds object size and audit-path length. Default 5,000. */
  batchSize?: number;
  /**
   * Records pending at most, over all groups, before every group is written: bounds memory.
   * Default 5 x batchSize, so the checks of one resource kind (up to five) each fill whole objects
   * while a sweep interleaves them: fewer objects, PUTs and signatures, and a smaller seal.
   */
  maxPending?: number;
  /** Objects signed and written at once (KMS and S3 latency hide behind this). */
  concurrency?: number;
  now?: () => Date;
  /** Called with each record once it is stored (e.g. to report the same verdict to AWS Config). Keeps every waiting record whole. */
  onStored?: (record: EvidenceRecord) => void;
  /** Called with what a stored record is, in brief (a sweep's tally): unlike onStored, nothing but these facts waits with the record. */
  onStoredBrief?: (record: StoredBrief) => void;
}

/** What a stored record is, in brief: enough to tally it. */
export interface StoredBrief {
  id: string;
  checkId: string;
  result: string;
  account: string;
  region: string;
  resourceId: string;
}

const DEFAULT_BATCH_SIZE = 5000;
const DEFAULT_PENDING_BATCHES = 5;

/** A queued record: its input, what the summary counts of it, and its leaf hash (its text waits in its group's PendingLines). */
interface Pending {
  outcome: InputOutcome;
  id: string;
  result: string;
  resourceId: string;
  leaf: string;
  /** Kept only for `onStored`. */
  record?: UnsignedRecord;
}

/** The records of one (check, account, region) waiting to be signed: one object per batch of them. */
interface Group {
  checkId: string;
  account: string;
  region: string;
  pending: Pending[];
  lines: PendingLines;
  /** Slices of it handed to #write and not yet written: the last one written lets its bytes go. */
  unwritten: number;
}

/** Records [from, to) of a group: one signed batch, one object. */
interface Slice {
  group: Group;
  from: number;
  to: number;
}

export function emptySummary(outcomes: InputOutcome[] = []): RunSummary {
  return { outcomes, records: 0, written: 0, duplicates: 0, objects: 0, byCheck: {} };
}

/**
 * Collects unsigned records per input, groups them by (check, account, region), signs each group
 * as one batch and writes it as ONE records/v2 object (JSON Lines; lib/store/layout.ts names it by
 * root, count and SHA-256 of its bytes). A group is written as soon as it holds `batchSize`
 * records, every group when `maxPending` records are pending, the rest on flush().
 * A failed sign or write marks only the inputs with records in that object; nothing unsigned or
 * partial is ever written.
 */
export class EvidenceWriter {
  readonly summary: RunSummary;
  readonly #deps: WriterDeps;
  readonly #counted = new Set<string>();
  #groups = new Map<string, Group>();
  #pending = 0;

  constructor(deps: WriterDeps, summary: RunSummary = emptySummary()) {
    this.#deps = deps;
    this.summary = summary;
  }

  get #batchSize(): number {
    return Math.max(1, this.#deps.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  /**
   * Queue one input's records; writes a group that reaches `batchSize`, and every group first when
   * `maxPending` would be passed. An input
   * whose records do not match the schema, or cannot be canonicalized (a lone UTF-16 surrogate),
   * is `invalid` here (signableTexts), alone, so it cannot take the rest of its batch with it.
   */
  async add(outcome: InputOutcome, records: UnsignedRecord[]): Promise<void> {
    const signable = signableTexts(records);
    if (!('texts' in signable)) {
      markInvalid(outcome, signable.code, signable.detail);
      return;
    }
    const { texts } = signable;
    const maxPending = Math.max(1, this.#deps.maxPending ?? this.#batchSize * DEFAULT_PENDING_BATCHES);
    if (this.#pending > 0 && this.#pending + records.length > maxPending) await this.flush();
    const size = this.#batchSize;
    const full: Slice[] = [];
    const keep = this.#deps.onStored !== undefined;
    records.forEach((record, i) => {
      const key = `${record.check.id}\u0000${record.account}\u0000${record.region}`;
      let group = this.#groups.get(key);
      if (!group) this.#groups.set(key, (group = { checkId: record.check.id, account: record.account, region: record.region, pending: [], lines: new PendingLines(), unwritten: 0 }));
      const { text, roundTrips } = texts[i]!;
      const leaf = group.lines.add(text, roundTrips, record);
      group.pending.push({ outcome, id: record.id, result: record.result, resourceId: record.resource.id, leaf, ...(keep ? { record } : {}) });
      if (group.pending.length < size) return;
      // A whole object: written now, not held until every group is.
      group.unwritten = 1;
      full.push({ group, from: 0, to: size });
      this.#groups.delete(key);
    });
    this.#pending += records.length - full.length * size;
    await this.#writeAll(full);
  }

  /** Signs and writes every pending group, at most `batchSize` records per object. */
  async flush(): Promise<void> {
    const groups = [...this.#groups.values()];
    this.#groups = new Map();
    this.#pending = 0;
    const size = this.#batchSize;
    const slices = groups.flatMap((group) => {
      group.unwritten = Math.ceil(group.pending.length / size);
      return Array.from({ length: group.unwritten }, (_, i) => ({ group, from: i * size, to: Math.min(group.pending.length, (i + 1) * size) }));
    });
    await this.#writeAll(slices);
  }

  async #writeAll(slices: Slice[]): Promise<void> {
    if (slices.length > 0) await mapLimit(slices, this.#deps.concurrency ?? 8, (slice) => this.#write(slice));
  }

  async #write(slice: Slice): Promise<void> {
    try {
      await this.#writeSlice(slice);
    } finally {
      // Its waiting bytes go as soon as the group is written, not when the whole flush is.
      if (--slice.group.unwritten === 0) slice.group.lines.release();
    }
  }

  async #writeSlice({ group, from, to }: Slice): Promise<void> {
    const batch = group.pending.slice(from, to);
    const owners = [...new Set(batch.map((p) => p.outcome))];
    const now = this.#deps.now?.() ?? new Date();
    let integrities: Integrity[];
    let key: string;
    let bytes: Buffer;
    try {
      integrities = await signLeaves(batch.map((p) => p.leaf), this.#deps.signer, now);
    } catch (error) {
      for (const outcome of owners) fail(outcome, `signing failed: ${(error as Error).message}`);
      return;
    }
    try {
      // The lines are the canonical texts already hashed, with their integrity: nothing is serialized twice.
      bytes = group.lines.bytes(from, to, integrities);
      key = recordObjectKeyOf(bytes, { checkId: group.checkId, account: group.account, region: group.region, root: integrities[0]!.batch.root, count: batch.length }, now);
      const { created, conflict } = await this.#deps.store.put(key, bytes);
      // The name holds the SHA-256 of the bytes: other bytes under it are never ours to accept.
      if (conflict) throw new Error(`${key} already holds other bytes than its name says`);
      if (created) this.summary.objects += 1;
      batch.forEach((pending, i) => {
        this.#count(group.checkId, pending, created);
        pending.outcome.recordIds.push(pending.id);
        if (pending.record) this.#deps.onStored?.({ ...pending.record, integrity: integrities[i]! });
        this.#deps.onStoredBrief?.({ id: pending.id, checkId: group.checkId, result: pending.result, account: group.account, region: group.region, resourceId: pending.resourceId });
      });
    } catch (error) {
      for (const outcome of owners) fail(outcome, `write failed: ${(error as Error).message}`);
    }
  }

  #count(checkId: string, record: Pending, created: boolean): void {
    this.summary.records += 1;
    if (created) this.summary.written += 1;
    else this.summary.duplicates += 1;
    // The same trigger delivered twice gives the same record id: count it once.
    if (this.#counted.has(record.id)) return;
    this.#counted.add(record.id);
    const counts = (this.summary.byCheck[checkId] ??= {});
    counts[record.result] = (counts[record.result] ?? 0) + 1;
  }
}

export function fail(outcome: InputOutcome, detail: string): void {
  outcome.status = 'failed';
  outcome.detail = outcome.detail ? `${outcome.detail}; ${detail}` : detail;
}

function markInvalid(outcome: InputOutcome, code: string, detail: string): void {
  outcome.status = 'invalid';
  outcome.code = code;
  outcome.detail = outcome.detail ? `${outcome.detail}; ${detail}` : detail;
}
