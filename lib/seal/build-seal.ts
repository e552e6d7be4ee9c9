import { signDocuments } from '../evidence/batch.ts';
import { canonicalBytes } from '../evidence/canonical.ts';
import { leafHash } from '../evidence/merkle.ts';
import { validateSeal } from '../evidence/schemas.ts';
import type { Signer } from '../evidence/types.ts';
import { mapLimit } from '../util/concurrency.ts';
import { parseRecordKey, recordHourPrefix } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { windowOf } from '../util/time.ts';
import { SEAL_SCHEMA, type SealDocument, type UnsignedSeal } from './types.ts';

/** An object under an hour's prefix the sealer could not list as a record; verify reports it as unsealed. */
export interface SkippedObject {
  key: string;
  reason: string;
}

/**
 * Lists ONE hour prefix (`records/v1/YYYY/MM/DD/HH/`) and hashes every record under it: the leaf
 * hash is recomputed from the stored content (SHA-256(0x00 || JCS without integrity)), so a seal
 * states what the store held at sealing time, not what a record claims about itself.
 * Objects that are not records (a foreign key, invalid JSON) are left out and returned in
 * `skipped`: the verifier then reports them as unsealed, which is what they are.
 */
export async function listWindowRecords(
  store: EvidenceStore,
  windowStart: Date,
  concurrency = 16,
): Promise<{ records: UnsignedSeal['records']; skipped: SkippedObject[] }> {
  const keys: string[] = [];
  const skipped: SkippedObject[] = [];
  for await (const key of store.list(recordHourPrefix(windowStart))) {
    if (parseRecordKey(key)) keys.push(key);
    else skipped.push({ key, reason: 'not a record key' });
  }
  const hashed = await mapLimit(keys, concurrency, async (key): Promise<{ key: string; leafHash: string } | SkippedObject> => {
    const bytes = await store.get(key);
    if (!bytes) return { key, reason: 'listed but could not be read' };
    try {
      const parsed: unknown = JSON.parse(bytes.toString('utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { key, reason: 'not a JSON object' };
      return { key, leafHash: leafHash(canonicalBytes(parsed)) };
    } catch (error) {
      return { key, reason: `cannot be hashed: ${(error as Error).message}` };
    }
  });
  const records: UnsignedSeal['records'] = [];
  for (const entry of hashed) {
    if ('leafHash' in entry) records.push(entry);
    else skipped.push(entry);
  }
  return { records, skipped };
}

/**
 * Builds and signs the seal of one window (a batch of one: one signature), schema-checked.
 *
 * @throws SchemaError if the document would not match seal.v1 (a bug, never written).
 */
export async function buildSeal(
  fields: { seq: number; windowStart: Date; records: UnsignedSeal['records']; previous: UnsignedSeal['previous'] },
  signer: Signer,
  now: Date,
): Promise<SealDocument> {
  const unsigned: UnsignedSeal = {
    schema: SEAL_SCHEMA,
    seq: fields.seq,
    window: windowOf(fields.windowStart),
    records: fields.records,
    previous: fields.previous,
    sealedAt: now.toISOString(),
  };
  const [signed] = await signDocuments([unsigned], signer, now);
  return validateSeal(signed) as SealDocument;
}

/** The stored form of a seal: indented JSON so an auditor can read it in the console, newline-terminated. */
export function sealBytes(seal: SealDocument): Buffer {
  return Buffer.from(`${JSON.stringify(seal, null, 2)}\n`, 'utf8');
}
