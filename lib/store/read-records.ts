import { ParseError, SchemaError } from '../errors.ts';
import type { LedgerDocument } from '../evidence/ledger-types.ts';
import { validateLedgerDocument, validateRecord } from '../evidence/schemas.ts';
import { duplicateMember } from '../evidence/strict-json.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import { mapOrdered } from '../util/concurrency.ts';
import { LEDGER_PREFIX, LEDGER_PREFIXES, RECORD_PREFIXES, RECORDS_V2_PREFIX, recordAddress, type LedgerArea } from './layout.ts';
import type { EvidenceStore } from './types.ts';

export interface ReadRecordsOptions {
  /** Default every record of both versions. A `records/v2/YYYY/MM/` prefix reads one month of v2 objects. */
  prefix?: string;
  /**
   * Called for a record (a v1 object, a v2 line) that is not schema-valid. Without it such a
   * record throws: browsing must never silently hide evidence (`trailproof verify` says what is
   * wrong with it).
   */
  onInvalid?: (address: string, error: ParseError | SchemaError) => void;
  /** Objects read at once (S3 latency hides behind this); default 8. */
  concurrency?: number;
}

/** One record read from a store: its address (a v1 key, or `<v2 object key>#<line>`) and the record. */
export interface StoredRecord {
  key: string;
  record: EvidenceRecord;
}

/** The keys under the wanted prefixes that hold records: v1 `.json` records, v2 `.jsonl` objects. */
async function* recordKeys(store: EvidenceStore, prefix: string | undefined): AsyncIterable<string> {
  for (const p of prefix === undefined ? RECORD_PREFIXES : [prefix]) {
    for await (const key of store.list(p)) if (key.endsWith(key.startsWith(RECORDS_V2_PREFIX) ? '.jsonl' : '.json')) yield key;
  }
}

/** The texts of the documents an object holds, each with its address: one for a v1 key, one per line of a v2 (JSON Lines) object, made as they are read. */
function* recordTexts(key: string, bytes: Buffer): Iterable<{ address: string; text: string }> {
  const text = bytes.toString('utf8');
  if (!key.endsWith('.jsonl')) {
    yield { address: key, text };
    return;
  }
  // As text.split('\n') without its last, empty piece: one line at a time, never an array of them all.
  for (let start = 0, line = 1; start < text.length; line++) {
    const end = text.indexOf('\n', start);
    yield { address: recordAddress(key, line), text: text.slice(start, end < 0 ? text.length : end) };
    start = end < 0 ? text.length : end + 1;
  }
}

/**
 * A record's JSON, refusing a member name that occurs twice (JSON.parse would show the last value,
 * other readers the first: `verify` fails such a record with JSON_DUPLICATE_KEY). Texts exactly
 * as trailproof writes them cannot hold one, so only others are scanned.
 */
function parseStrict(address: string, text: string): unknown {
  const value: unknown = JSON.parse(text);
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body === JSON.stringify(value) || body === JSON.stringify(value, null, 2)) return value;
  const duplicate = duplicateMember(text);
  if (duplicate !== undefined) throw new ParseError(`${address}: ${duplicate}`, 'INVALID_JSON', 'the member occurs twice');
  return value;
}

/**
 * Reads the records of a store in key order (v1 records, then v2 objects line by line), parsed
 * and schema-checked (not cryptographically verified: that is verifyStore's job). For listing,
 * reports and exports. Objects are fetched `concurrency` at a time, so a listing over S3 is not
 * one GET at a time.
 *
 * @throws ParseError (invalid JSON) or SchemaError naming the address, unless `onInvalid` is given.
 * @example for await (const { key, record } of readRecords(store)) console.log(key, record.result);
 */
export async function* readRecords(store: EvidenceStore, options: ReadRecordsOptions = {}): AsyncIterable<StoredRecord> {
  for await (const { key, document } of readDocuments(store, recordKeys(store, options.prefix), validateRecord, options)) yield { key, record: document };
}

/** One ledger document read from a store: its address (`<object key>#<line>`) and the document. */
export interface StoredDocument<D extends LedgerDocument = LedgerDocument> {
  key: string;
  document: D;
}

/**
 * Reads the documents of the ledger areas (exceptions and revocations, run records,
 * attestations; default all three), parsed and schema-checked like readRecords (not
 * cryptographically verified), in key order, so in write order.
 *
 * @throws ParseError or SchemaError naming the address, unless `onInvalid` is given.
 * @example for await (const { document } of readLedger(store, { areas: ['exceptions'] })) ...
 */
export async function* readLedger(store: EvidenceStore, options: Omit<ReadRecordsOptions, 'prefix'> & { areas?: readonly LedgerArea[] } = {}): AsyncIterable<StoredDocument> {
  const prefixes = options.areas ? options.areas.map((area) => LEDGER_PREFIX[area]) : LEDGER_PREFIXES;
  const keys = async function* () {
    for (const prefix of prefixes) for await (const key of store.list(prefix)) if (key.endsWith('.jsonl')) yield key;
  };
  yield* readDocuments(store, keys(), validateLedgerDocument, options);
}

/** Every document of the listed keys, strictly parsed and validated, fetched `concurrency` objects at a time. */
async function* readDocuments<T>(store: EvidenceStore, keys: AsyncIterable<string>, validate: (value: unknown) => T, options: Omit<ReadRecordsOptions, 'prefix'>): AsyncIterable<{ key: string; document: T }> {
  const fetched = mapOrdered(keys, options.concurrency ?? 8, async (key) => ({ key, bytes: await store.get(key) }));
  for await (const { key, bytes } of fetched) {
    if (!bytes) continue; // listed, then gone: only possible outside Object Lock, and verify reports it
    for (const { address, text } of recordTexts(key, bytes)) {
      let document: T;
      let error: ParseError | SchemaError;
      try {
        document = validate(parseStrict(address, text));
      } catch (caught) {
        if (caught instanceof SchemaError) error = new SchemaError(`${caught.schema} (${address})`, caught.errors);
        else if (caught instanceof ParseError) error = caught;
        else if (caught instanceof SyntaxError) error = new ParseError(address, 'INVALID_JSON', caught.message, { cause: caught });
        else throw caught;
        if (!options.onInvalid) throw error;
        options.onInvalid(address, error);
        continue;
      }
      yield { key: address, document };
    }
  }
}
