import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import type { RecordCheck } from './check-record.ts';
import type { KeyFailure, StoreVerification } from './types.ts';

/** What the tally remembers of one record id: whether every copy verified, where it was first seen and its result. */
interface SeenRecord {
  ok: boolean;
  firstKey: string;
  result?: string;
}

/**
 * Counts what verifyStore checked, record by record, and turns it into the report. The same
 * record id stored twice (a retried write: the same batch re-signed, a rerun, a v1 retry in a
 * later hour) is one record, counted once and never an error: it is ok only when every copy
 * verified, and each pair of places it was stored in is one RECORD_RETRIED warning (or
 * RECORD_RETRIED_RESULT_DIFFERS when the copies disagree on the result).
 */
export class VerificationTally {
  readonly #failures: KeyFailure[] = [];
  readonly #failureByKey = new Map<string, KeyFailure>();
  readonly #records = new Map<string, SeenRecord>();
  /** Store key (a v1 record, a v2 object) -> the record ids it holds: a failure of the key fails them all. */
  readonly #idsOfKey = new Map<string, string[]>();
  readonly #retries = new Map<string, { key: string; firstKey: string; count: number; differs: boolean }>();
  readonly #keyIds = new Set<string>();
  #duplicates = 0;
  #objects = 0;

  /** One stored object read (a v1 record, a v2 object of many records). */
  addObject(): void {
    this.#objects++;
  }

  /**
   * One record and its own verdict. `storeKey` is where it is stored (a v1 key, a v2 object's
   * key); `address` is what its failures are reported under (the key, or `<object key>#<line>`).
   */
  addRecord(storeKey: string, address: string, check: RecordCheck, result?: string): void {
    let ids = this.#idsOfKey.get(storeKey);
    if (!ids) this.#idsOfKey.set(storeKey, (ids = []));
    ids.push(check.id);
    if (check.keyId) this.#keyIds.add(check.keyId);
    if (check.errors.length > 0) this.#fail({ key: address, errors: check.errors });
    const ok = check.errors.length === 0;
    const seen = this.#records.get(check.id);
    if (!seen) {
      this.#records.set(check.id, { ok, firstKey: storeKey, ...(result !== undefined ? { result } : {}) });
      return;
    }
    this.#duplicates++;
    seen.ok &&= ok;
    const differs = result !== undefined && seen.result !== undefined && result !== seen.result;
    const pair = `${storeKey}\n${seen.firstKey}\n${differs}`;
    const retry = this.#retries.get(pair);
    if (retry) retry.count++;
    else this.#retries.set(pair, { key: storeKey, firstKey: seen.firstKey, count: 1, differs });
  }

  /**
   * A failure found after the records' own checks (the object against its name, lock facts, the
   * seal cross-check, a deleted or key file): merged into the key's failure, and every record the
   * key holds is no longer ok.
   */
  addFailure(failure: KeyFailure): void {
    for (const id of this.#idsOfKey.get(failure.key) ?? []) {
      const seen = this.#records.get(id);
      if (seen) seen.ok = false;
    }
    this.#fail(failure);
  }

  #fail(failure: KeyFailure): void {
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
      checked: this.#records.size,
      ok: [...this.#records.values()].filter((r) => r.ok).length,
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
