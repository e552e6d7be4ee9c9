import { StoreError } from '../errors.ts';
import type { EvidenceStore } from '../store/types.ts';

const RECORD_ID = /^[0-9a-f]{32}$/;

/**
 * One stored record by key (`records/v1/.../<id>.json`) or by record id. By id, the key layout is
 * tried first (keys end in `/<id>.json`, so only the listing is read), then every object under
 * records/ is read, for stores written under another layout.
 *
 * The record is returned as parsed, unvalidated: `show` must be able to display a record that
 * fails verification.
 *
 * @throws StoreError when the object is not JSON.
 * @example await findRecord(store, '0f3c9e0c5a1b4d2e8f7a6b5c4d3e2f1a')
 */
export async function findRecord(store: EvidenceStore, idOrKey: string): Promise<{ key: string; record: unknown } | undefined> {
  const read = async (key: string) => {
    const body = await store.get(key);
    if (!body) return undefined;
    try {
      return { key, record: JSON.parse(body.toString('utf8')) as unknown };
    } catch (error) {
      throw new StoreError(`${key} is not JSON`, { cause: error });
    }
  };
  if (idOrKey.includes('/')) return read(idOrKey);
  const id = idOrKey.toLowerCase();
  if (!RECORD_ID.test(id)) return undefined;
  for await (const key of store.list('records/')) {
    if (key.endsWith(`/${id}.json`)) return read(key);
  }
  // Raw, not schema-checked: a record that fails validation must still be findable to be shown.
  for await (const key of store.list('records/')) {
    const found = await read(key).catch(() => undefined);
    if ((found?.record as { id?: unknown } | undefined)?.id === id) return found;
  }
  return undefined;
}
