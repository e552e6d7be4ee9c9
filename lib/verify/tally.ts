import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { RetryWindow, type RetryWindowOptions } from './retry-window.ts';
import type { KeyFailure, StoreVerification } from './types.ts';

/** One record as verifyStore judged it: every check of its own, of its object and against its seal done. */
export interface JudgedRecord {
  /** Where it is stored: a v1 key, a v2 object's key. */
  storeKey: string;
  /** The store key's write hour (ms); undefined outside the layout. */
  hour?: number;
  /** The record id, or `key:<address>` for a record without a readable one (counted once by its address). */
  id: string;
  ok: boolean;
  keyId?: string;
  result?: string;
}

/**
 * Counts what verifyStore checked, record by record, and turns it into the report. The same
 * record id stored twice (a retried write: the same batch re-signed, a rerun, a v1 retry in a
 * later hour) is one record, counted once and never an error: it is ok only when every copy
 * verified, and each pair of places it was stored in is one RECORD_RETRIED warning (or
 * RECORD_RETRIED_RESULT_DIFFERS when the copies disagree on the result). Earlier copies are
 * looked for within a bounded window (RetryWindow), so memory does not grow with the store.
 */
export class VerificationTally {
  readonly #failures: KeyFailure[] = [];
  readonly #failureByKey = new Map<string, KeyFailure>();
  readonly #window: RetryWindow;
  readonly #retries = new Map<string, { key: string; firstKey: string; count: number; differs: boolean }>();
  readonly #keyIds = new Set<string>();
  #checked = 0;
  #ok = 0;
  #duplicates = 0;
  #objects = 0;

  constructor(window: RetryWindowOptions = {}) {
    this.#window = new RetryWindow(window);
  }

  /** One stored object read (a v1 record, a v2 object of many records). */
  addObject(): void {
    this.#objects++;
  }

  /** One record and its final verdict; its failures are the caller's to add (addFailure). */
  addRecord(record: JudgedRecord): void {
    const { storeKey, id, ok, result } = record;
    if (record.keyId) this.#keyIds.add(record.keyId);
    const first = this.#window.see(id, record.hour, { ok, firstKey: storeKey, ...(result !== undefined ? { result } : {}) });
    if (!first) {
      this.#checked++;
      if (ok) this.#ok++;
      return;
    }
    this.#duplicates++;
    if (first.ok && !ok) {
      this.#window.fail(id);
      this.#ok--;
    }
    const differs = result !== undefined && first.result !== undefined && result !== first.result;
    const pair = `${storeKey}\n${first.firstKey}\n${differs}`;
    const retry = this.#retries.get(pair);
    if (retry) retry.count++;
    else this.#retries.set(pair, { key: storeKey, firstKey: first.firstKey, count: 1, differs });
  }

  /** What is wrong with a key (or a record's address): merged into that key's one failure entry. */
  addFailure(failure: KeyFailure): void {
    if (failure.errors.length === 0) return;
    const existing = this.#failureByKey.get(failure.key);
    if (existing) {
      existing.errors.push(...failure.errors);
      return;
    }
    const own = { key: failure.key, errors: [...failure.errors] };
    this.#failureByKey.set(failure.key, own);
    this.#failures.push(own);
  }

  /** The retried records as warnings, one per pair of places, in the order they were found. */
  #retryWarnings(): VerificationProblem[] {
    return [...this.#retries.values()].map(({ key, firstKey, count, differs }) =>
      verificationProblem(differs ? 'RECORD_RETRIED_RESULT_DIFFERS' : 'RECORD_RETRIED', { key, count, firstKey }),
    );
  }

  /** The report so far, with the seal parts when the seals were checked. */
  summary(lockChecked: boolean, seals: Pick<StoreVerification, 'seals' | 'warnings'> = {}): StoreVerification {
    const warnings = [...this.#retryWarnings(), ...(seals.warnings ?? [])];
    return {
      checked: this.#checked,
      ok: this.#ok,
      failures: this.#failures,
      objects: this.#objects,
      duplicates: this.#duplicates,
      keyIds: [...this.#keyIds].sort(),
      lockChecked,
      ...(seals.seals ? { seals: seals.seals } : {}),
      ...(seals.seals || warnings.length > 0 ? { warnings } : {}),
    };
  }
}
