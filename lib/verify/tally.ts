import type { RecordCheck } from './check-record.ts';
import type { KeyFailure, StoreVerification } from './types.ts';

/**
 * Counts what verifyStore checked, record by record, and turns it into the report. The same
 * record id under two keys is one record (a retried delivery), counted once and not an error;
 * it is ok only when every copy verified.
 */
export class VerificationTally {
  readonly #failures: KeyFailure[] = [];
  readonly #failureByKey = new Map<string, KeyFailure>();
  readonly #recordOk = new Map<string, boolean>();
  readonly #idOfKey = new Map<string, string>();
  readonly #keyIds = new Set<string>();
  #duplicates = 0;
  #objects = 0;

  /** One stored record object and its verdict. */
  addRecord(key: string, check: RecordCheck): void {
    this.#objects++;
    this.#idOfKey.set(key, check.id);
    if (check.keyId) this.#keyIds.add(check.keyId);
    if (check.errors.length > 0) this.addFailure({ key, errors: check.errors });
    const seen = this.#recordOk.get(check.id);
    if (seen !== undefined) this.#duplicates++;
    this.#recordOk.set(check.id, (seen ?? true) && check.errors.length === 0);
  }

  /**
   * A failure found after the record's own check (lock facts, the seal cross-check, a deleted or
   * key file): merged into the key's failure, and the record it names is no longer ok.
   */
  addFailure(failure: KeyFailure): void {
    const id = this.#idOfKey.get(failure.key);
    if (id !== undefined) this.#recordOk.set(id, false);
    const existing = this.#failureByKey.get(failure.key);
    if (existing) {
      existing.errors.push(...failure.errors);
      return;
    }
    const own = { key: failure.key, errors: [...failure.errors] };
    this.#failureByKey.set(failure.key, own);
    this.#failures.push(own);
  }

  /** The report so far, with the seal parts when the seals were checked. */
  summary(lockChecked: boolean, seals: Pick<StoreVerification, 'seals' | 'warnings'> = {}): StoreVerification {
    return {
      checked: this.#recordOk.size,
      ok: [...this.#recordOk.values()].filter(Boolean).length,
      failures: this.#failures,
      objects: this.#objects,
      duplicates: this.#duplicates,
      keyIds: [...this.#keyIds].sort(),
      lockChecked,
      ...seals,
    };
  }
}
