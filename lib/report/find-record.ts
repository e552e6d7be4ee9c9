import { StoreError } from '../errors.ts';
import { parseRecordAddress, RECORDS_V1_PREFIX, RECORDS_V2_PREFIX, recordAddress } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { mapOrdered } from '../util/concurrency.ts';

const RECORD_ID = /^[0-9a-f]{32}$/;

/** A record as found: its address (a v1 key or `<v2 object key>#<line>`) and the parsed, unvalidated record. */
interface Found {
  key: string;
  record: unknown;
}

function parse(address: string, text: string): Found {
  try {
    return { key: address, record: JSON.parse(text) as unknown };
  } catch (error) {
    throw new StoreError(`${address} is not JSON`, { cause: error });
  }
}

/** The line of a v2 object holding record `id`, found by its text before anything is parsed. */
function lineWithId(key: string, bytes: Buffer, id: string): Found | undefined {
  const lines = bytes.toString('utf8').split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.includes(id)) continue;
    const found = (() => {
      try {
        return parse(recordAddress(key, i + 1), line);
      } catch {
        return undefined;
      }
    })();
    if ((found?.record as { id?: unknown } | undefined)?.id === id) return found;
  }
  return undefined;
}

/**
 * One stored record by address (a v1 key `records/v1/.../<id>.json`, or `<v2 object key>#<line>`)
 * or by record id. By id, v1 keys are tried first (they end in `/<id>.json`, so only the listing is
 * read), then the lines of every v2 object (8 objects read at a time), then every other object
 * under records/, for stores written under another layout.
 *
 * The record is returned as parsed, unvalidated: `show` must be able to display a record that
 * fails verification.
 *
 * @throws StoreError when the record named by its address is not JSON.
 * @example await findRecord(store, '0f3c9e0c5a1b4d2e8f7a6b5c4d3e2f1a')
 */
export async function findRecord(store: EvidenceStore, idOrAddress: string): Promise<Found | undefined> {
  const address = parseRecordAddress(idOrAddress);
  if (address) {
    const line = (await store.get(address.key))?.toString('utf8').split('\n')[address.line - 1];
    return line ? parse(idOrAddress, line) : undefined;
  }
  if (idOrAddress.includes('/')) {
    const body = await store.get(idOrAddress);
    return body && parse(idOrAddress, body.toString('utf8'));
  }
  const id = idOrAddress.toLowerCase();
  if (!RECORD_ID.test(id)) return undefined;
  for await (const key of store.list(RECORDS_V1_PREFIX)) {
    if (key.endsWith(`/${id}.json`)) return findRecord(store, key);
  }
  for await (const found of mapOrdered(store.list(RECORDS_V2_PREFIX), 8, async (key) => {
    const bytes = await store.get(key);
    return bytes && lineWithId(key, bytes, id);
  })) {
    if (found) return found;
  }
  // Raw, not schema-checked: a record that fails validation must still be findable to be shown.
  for await (const key of store.list('records/')) {
    if (key.startsWith(RECORDS_V2_PREFIX)) continue;
    const found = await findRecord(store, key).catch(() => undefined);
    if ((found?.record as { id?: unknown } | undefined)?.id === id) return found;
  }
  return undefined;
}
