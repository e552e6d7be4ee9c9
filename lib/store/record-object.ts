import { createHash } from 'node:crypto';
import { ParseError } from '../errors.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import { recordObjectKey } from './layout.ts';

/**
 * A records/v2 object for one signed batch: its bytes (JSON Lines: line i is the record with leaf
 * index i-1, `JSON.stringify` + `\n`, so the same records always give the same bytes and a
 * retried PUT is the same object) and its key (lib/store/layout.ts: write hour, check, account,
 * region, then root, count and SHA-256 of the bytes).
 *
 * @throws ParseError when the records are not one whole batch in leaf order, or of more than one
 *   check, account or region: such an object could not verify against its own name.
 * @example const { key, bytes } = recordObject(await signBatch(unsigned, signer), new Date()); await store.put(key, bytes);
 */
export function recordObject(records: readonly EvidenceRecord[], writtenAt: Date): { key: string; bytes: Buffer } {
  const first = records[0];
  if (!first) throw new ParseError('records', 'EMPTY_INPUT', 'an object holds at least one record');
  const { root, treeSize } = first.integrity.batch;
  records.forEach((record, i) => {
    const batch = record.integrity.batch;
    if (batch.root !== root || batch.treeSize !== records.length || batch.leafIndex !== i || treeSize !== records.length) {
      throw new ParseError(`records[${i}].integrity.batch`, 'INVALID_VALUE', 'not one whole batch in leaf order');
    }
    if (record.check.id !== first.check.id || record.account !== first.account || record.region !== first.region) {
      throw new ParseError(`records[${i}]`, 'INVALID_VALUE', 'an object holds one check of one account and region');
    }
  });
  const bytes = Buffer.from(records.map((record) => `${JSON.stringify(record)}\n`).join(''), 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { key: recordObjectKey({ checkId: first.check.id, account: first.account, region: first.region, root, count: records.length, sha256 }, writtenAt), bytes };
}
