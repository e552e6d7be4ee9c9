import { StoreError } from '../errors.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import { RECORDS_PREFIX } from './layout.ts';
import type { EvidenceStore } from './types.ts';

/**
 * Every record in a store, once per record id (a retry that landed under a later hour's prefix
 * has the same id and is the same evidence). Unparseable objects are yielded as errors, not skipped.
 */
export async function* readRecords(store: EvidenceStore): AsyncIterable<{ key: string; record: EvidenceRecord }> {
  const seen = new Set<string>();
  for await (const key of store.list(RECORDS_PREFIX)) {
    const body = await store.get(key);
    if (!body) continue;
    let record: EvidenceRecord;
    try {
      record = JSON.parse(body.toString('utf8')) as EvidenceRecord;
    } catch (error) {
      throw new StoreError(`${key} is not JSON`, { cause: error });
    }
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    yield { key, record };
  }
}
