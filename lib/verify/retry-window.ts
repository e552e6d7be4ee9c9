const HOUR_MS = 3_600_000;

/** How far back verifyStore looks for an earlier copy of a record id; see RetryWindow. */
export interface RetryWindowOptions {
  /** Write hours an earlier copy may lie behind the current one; default 24. */
  hours?: number;
  /** Record ids remembered at most; default 250,000 (about 30 MB). */
  records?: number;
}

export const DEFAULT_RETRY_WINDOW: Required<RetryWindowOptions> = { hours: 24, records: 250_000 };

/** The first copy of a record id seen within the window. */
export interface FirstCopy {
  ok: boolean;
  /** The store key (v1 record, v2 object) it is in. */
  firstKey: string;
  result?: string;
  /** Its write hour, in hours since the epoch (a small integer: no boxed number per entry). */
  hour: number;
}

/**
 * Remembers the record ids verified recently, to tell a retried write (the same id stored again:
 * a redelivered trigger, a rerun, a crash and rerun) from a new record, in memory that does not
 * grow with the store: ids of the last `hours` write hours, at most `records` of them, oldest
 * forgotten first. Keys arrive in write-hour order (verifyStore lists hour by hour), so the
 * window slides with the listing.
 *
 * A copy whose first copy was already forgotten is counted as one more record and gets no
 * RECORD_RETRIED warning; it is never a failure either way, and its own verification is complete.
 * Honest retries land within minutes (Lambda and SQS retries) or hours (a rerun) of the first copy.
 */
export class RetryWindow {
  readonly #maxHours: number;
  readonly #maxRecords: number;
  /** Insertion order is (nearly) hour order: the oldest entries are first, so forgetting walks from the front. */
  readonly #seen = new Map<string, FirstCopy>();
  #newestHour = Number.NEGATIVE_INFINITY;

  constructor(options: RetryWindowOptions = {}) {
    this.#maxHours = options.hours ?? DEFAULT_RETRY_WINDOW.hours;
    this.#maxRecords = Math.max(1, options.records ?? DEFAULT_RETRY_WINDOW.records);
  }

  /**
   * The first copy of `id` when one is remembered; otherwise remembers this one and returns
   * undefined. `hourStart` is the copy's write hour (ms); undefined for a key outside the layout.
   */
  see(id: string, hourStart: number | undefined, copy: Omit<FirstCopy, 'hour'>): FirstCopy | undefined {
    const hour = hourStart === undefined ? this.#newestHour : Math.floor(hourStart / HOUR_MS);
    if (hour > this.#newestHour) {
      this.#newestHour = hour;
      this.#forget((first) => first.hour < hour - this.#maxHours);
    }
    const first = this.#seen.get(id);
    if (first) return first;
    this.#seen.set(id, { ...copy, hour: Number.isFinite(hour) ? hour : 0 });
    if (this.#seen.size > this.#maxRecords) this.#forget(() => this.#seen.size > this.#maxRecords);
    return undefined;
  }

  /** Ids remembered now (tests, and the bound stated in docs/verify.md). */
  get size(): number {
    return this.#seen.size;
  }

  /** Forgets entries from the oldest while `stale` says so. */
  #forget(stale: (first: FirstCopy) => boolean): void {
    for (const [id, first] of this.#seen) {
      if (!stale(first)) return;
      this.#seen.delete(id);
    }
  }
}
