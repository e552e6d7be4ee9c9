import { createHash } from 'node:crypto';
import { ParseError, StoreError } from '../errors.ts';
import { validateSeal } from '../evidence/schemas.ts';
import { parseRecordKey, parseSealKey, RECORDS_PREFIX, SEALS_PREFIX } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import type { ChainHead, SealDocument } from './types.ts';

/** SHA-256 hex of a seal's stored bytes: what the next seal's `previous.hash` names. */
export function sealHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads and schema-checks one seal.
 *
 * @throws StoreError when the key holds nothing; ParseError / SchemaError when it is not a seal.
 */
export async function readSeal(store: EvidenceStore, key: string): Promise<{ seal: SealDocument; bytes: Buffer; hash: string }> {
  const bytes = await store.get(key);
  if (!bytes) throw new StoreError(`seal ${key} is listed but cannot be read`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ParseError(key, 'INVALID_JSON', (error as Error).message, { cause: error });
  }
  const seal = validateSeal(parsed) as SealDocument;
  return { seal, bytes, hash: sealHash(bytes) };
}

/** The chain head a stored seal makes. */
export function headOf(key: string, seal: SealDocument, hash: string): ChainHead {
  return { key, seq: seal.seq, windowStart: new Date(seal.window.start), windowEnd: new Date(seal.window.end), hash };
}

const monthPrefix = (date: Date) => `${SEALS_PREFIX}${date.getUTCFullYear()}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/`;

/**
 * Finds the newest seal WITHOUT listing records or the whole seal history: one list call to learn
 * whether any seal exists (and the month of the first), then one list per month from the month
 * after `now` backwards until a month holds seals. A month prefix holds at most 744 seals, one
 * S3 list page, so an hourly sealer pays one or two list calls.
 *
 * @returns undefined when the store has no seal yet.
 * @throws StoreError / SchemaError when the newest seal cannot be read: never build on a broken head.
 */
export async function findChainHead(store: EvidenceStore, now: Date = new Date()): Promise<ChainHead | undefined> {
  let first: Date | undefined;
  for await (const key of store.list(SEALS_PREFIX)) {
    const parsed = parseSealKey(key);
    if (parsed) {
      first = parsed.day;
      break;
    }
  }
  if (!first) return undefined;
  const floor = Date.UTC(first.getUTCFullYear(), first.getUTCMonth());
  // Start a month ahead of `now`: a sealer with a clock running behind must still see the head.
  for (let y = now.getUTCFullYear(), m = now.getUTCMonth() + 1; Date.UTC(y, m) >= floor; m--) {
    const month = new Date(Date.UTC(y, m));
    let best: { key: string; seq: number } | undefined;
    for await (const key of store.list(monthPrefix(month))) {
      const parsed = parseSealKey(key);
      if (parsed && (!best || parsed.seq > best.seq)) best = { key, seq: parsed.seq };
    }
    if (best) {
      const { seal, hash } = await readSeal(store, best.key);
      return headOf(best.key, seal, hash);
    }
  }
  return undefined;
}

/** The write hour of the store's first record (one list page): where the first seal starts. */
export async function earliestRecordHour(store: EvidenceStore): Promise<Date | undefined> {
  for await (const key of store.list(RECORDS_PREFIX)) {
    const parts = parseRecordKey(key);
    if (parts) return parts.hour;
  }
  return undefined;
}
