const HOUR_MS = 3_600_000;

/** How far back verifyStore looks for an earlier copy of a record id; see RetryWindow. */
export interface RetryWindowOptions {
  /** Write hours an earlier copy may lie behind the current one; default 24. */
  hours?: number;
  /** Record ids remembered at most; default 250,000 (about 26 MB). */
  records?: number;
}

const DEFAULT_RETRY_WINDOW: Required<RetryWindowOptions> = { hours: 24, records: 250_000 };

/** The first copy of a record id seen within the window. */
export interface FirstCopy {
  ok: boolean;
  /** The store key (v1 record, v2 object) it is in. */
  firstKey: string;
  result?: string;
}

/** Results as small numbers, so an entry is one number (no object per record id). */
const RESULTS = [undefined, 'pass', 'fail', 'not_applicable', 'error'] as const;
const OTHER_RESULT = 7;
const resultCode = (result: string | undefined) => {
  const code = RESULTS.indexOf(result as (typeof RESULTS)[number]);
  return code === -1 ? OTHER_RESULT : code;
};

/**
 * Remembers the record ids verified recently, to tell a retried write (the same id stored again:
 * a redelivered trigger, a rerun, a crash and rerun) from a new record, in memory that does not
 * grow with the store: ids of the last `hours` write hours, at most `records` of them, oldest
 * forgotten first. Keys arrive in write-hour order (verifyStore lists hour by hour), so the
 * window slides with the listing. An id costs about 110 bytes (measured): one Map entry whose
 * value packs the copy's object (an index into the window's object keys), result and verdict.
 *
 * A copy whose first copy was already forgotten is counted as one more record and gets no
 * RECORD_RETRIED warning; it is never a failure either way, and its own verification is complete.
 * Honest retries land within minutes (Lambda and SQS retries) or hours (a rerun) of the first copy.
 */
export class RetryWindow {
  readonly #maxHours: number;
  readonly #maxRecords: number;
  /** Record id -> object index * 16 + result code * 2 + ok; insertion order is hour order. */
  readonly #ids = new Map<string, number>();
  /** Object index -> its key, for the object indexes still referenced. */
  readonly #objects = new Map<number, string>();
  /** Ids inserted per write hour, oldest first: what forgetting an hour removes from the front of #ids. */
  readonly #hours: Array<{ hour: number; count: number }> = [];
  #newestHour = Number.NEGATIVE_INFINITY;
  #lastKey: string | undefined;
  #nextObject = 0;

  constructor(options: RetryWindowOptions = {}) {
    this.#maxHours = options.hours ?? DEFAULT_RETRY_WINDOW.hours;
    this.#maxRecords = Math.max(1, options.records ?? DEFAULT_RETRY_WINDOW.records);
  }

  /**
   * The first copy of `id` when one is remembered; otherwise remembers this one and returns
   * undefined. `hourStart` is the copy's write hour (ms); undefined for a key outside the layout.
   */
  see(id: string, hourStart: number | undefined, copy: FirstCopy): FirstCopy | undefined {
    const hour = hourStart === undefined ? this.#newestHour : Math.floor(hourStart / HOUR_MS);
    if (hour > this.#newestHour) {
      this.#newestHour = hour;
      while (this.#hours.length > 0 && this.#hours[0]!.hour < hour - this.#maxHours) this.#forget(this.#hours[0]!.count);
    }
    const packed = this.#ids.get(id);
    if (packed !== undefined) return this.#unpack(packed);
    if (copy.firstKey !== this.#lastKey) {
      this.#objects.set(++this.#nextObject, copy.firstKey);
      this.#lastKey = copy.firstKey;
    }
    this.#ids.set(id, this.#nextObject * 16 + resultCode(copy.result) * 2 + (copy.ok ? 1 : 0));
    const last = this.#hours.at(-1);
    if (last && last.hour === hour) last.count++;
    else this.#hours.push({ hour, count: 1 });
    // Forgotten in slices of an eighth: a Map skips the holes deletions leave at its front on each walk,
    // so forgetting one id per insertion would cost a walk over every earlier deletion.
    if (this.#ids.size > this.#maxRecords) this.#forget(Math.ceil(this.#maxRecords / 8));
    return undefined;
  }

  /** The remembered first copy of `id` did not verify after all (a later copy of it failed). */
  fail(id: string): void {
    const packed = this.#ids.get(id);
    if (packed !== undefined && packed % 2 === 1) this.#ids.set(id, packed - 1);
  }

  /** Ids remembered now (tests, and the bound stated in docs/verify.md). */
  get size(): number {
    return this.#ids.size;
  }

  #unpack(packed: number): FirstCopy {
    const result = RESULTS[Math.floor(packed / 2) % 8];
    return { ok: packed % 2 === 1, firstKey: this.#objects.get(Math.floor(packed / 16))!, ...(result !== undefined ? { result } : {}) };
  }

  /** Forgets the `count` oldest ids, and the object keys no id refers to any more. */
  #forget(count: number): void {
    let left = count;
    for (const id of this.#ids.keys()) {
      if (left-- === 0) break;
      this.#ids.delete(id);
      const first = this.#hours[0]!;
      if (--first.count === 0) this.#hours.shift();
    }
    const oldest = this.#ids.values().next();
    const keep = oldest.done ? this.#nextObject : Math.floor(oldest.value / 16);
    for (const index of this.#objects.keys()) {
      if (index >= keep) break;
      this.#objects.delete(index);
    }
  }
}
