import { ParseError, SchemaError } from '../errors.ts';
import { validateRecord } from '../evidence/schemas.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import { RECORDS_PREFIX } from './layout.ts';
import type { EvidenceStore } from './types.ts';

export interface ReadRecordsOptions {
  /** Default every record: `records/`. A `records/v1/YYYY/MM/` prefix reads one month. */
  prefix?: string;
  /**
   * Called for an object that is not a schema-valid record. Without it such an object throws:
   * browsing must never silently hide evidence (`trailproof verify` says what is wrong with it).
   */
  onInvalid?: (key: string, error: ParseError | SchemaError) => void;
}

/**
 * Reads the records of a store in key order, parsed and schema-checked (not cryptographically
 * verified: that is verifyStore's job). For listing, reports and seals.
 *
 * @throws ParseError (invalid JSON) or SchemaError naming the key, unless `onInvalid` is given.
 * @example for await (const { key, record } of readRecords(store)) console.log(key, record.result);
 */
export async function* readRecords(store: EvidenceStore, options: ReadRecordsOptions = {}): AsyncIterable<{ key: string; record: EvidenceRecord }> {
  for await (const key of store.list(options.prefix ?? RECORDS_PREFIX)) {
    if (!key.endsWith('.json')) continue;
    const bytes = await store.get(key);
    if (!bytes) continue; // listed, then gone: only possible outside Object Lock, and verify reports it
    let record: EvidenceRecord;
    let error: ParseError | SchemaError;
    try {
      record = validateRecord(JSON.parse(bytes.toString('utf8')));
    } catch (caught) {
      if (caught instanceof SchemaError) error = new SchemaError(`${caught.schema} (${key})`, caught.errors);
      else if (caught instanceof SyntaxError) error = new ParseError(key, 'INVALID_JSON', caught.message, { cause: caught });
      else throw caught;
      if (!options.onInvalid) throw error;
      options.onInvalid(key, error);
      continue;
    }
    yield { key, record };
  }
}
