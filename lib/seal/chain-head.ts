import { createHash } from 'node:crypto';
import { ParseError, StoreError } from '../errors.ts';
import { validateSeal, validateSealV2, validateSealV3 } from '../evidence/schemas.ts';
import { keyUnder, parseSealKey, SEAL_PREFIXES, SEALS_PREFIX, SIGNED_PREFIXES, writeHourOf } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { lastSealedKey, SEAL_V2_SCHEMA, SEAL_V3_SCHEMA, type AnySeal, type ChainHead, type SealDocument } from './types.ts';

/** SHA-256 hex of a seal's stored bytes: what the next seal's `previous.hash` names. */
export function sealHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads and schema-checks one seal of either version (by its `schema` member).
 *
 * @throws StoreError when the key holds nothing; ParseError / SchemaError when it is not a seal.
 */
export async function readSeal(store: EvidenceStore, key: string): Promise<{ seal: AnySeal; bytes: Buffer; hash: string }> {
  const bytes = await store.get(keyUnder(SEALS_PREFIX, key));
  if (!bytes) throw new StoreError(`seal ${key} is listed but cannot be read`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ParseError(key, 'INVALID_JSON', (error as Error).message, { cause: error });
  }
  const schema = (parsed as { schema?: unknown } | null)?.schema;
  const seal = schema === SEAL_V3_SCHEMA ? validateSealV3(parsed) : schema === SEAL_V2_SCHEMA ? validateSealV2(parsed) : (validateSeal(parsed) as SealDocument);
  return { seal, bytes, hash: sealHash(bytes) };
}

/** The chain head a stored seal makes. */
export function headOf(key: string, seal: AnySeal, hash: string): ChainHead {
  const head: ChainHead = { key, seq: seal.seq, windowStart: new Date(seal.window.start), windowEnd: new Date(seal.window.end), hash };
  if ('part' in seal && !seal.part.final) {
    // A non-final part is never empty (the sealer cuts a part only when more keys follow); if one
    // were, the next part continues after the same key this one did.
    const lastKey = lastSealedKey(seal) ?? seal.part.after;
    if (lastKey !== null) head.open = { index: seal.part.index, lastKey };
  }
  return head;
}

const monthPrefix = (prefix: string, date: Date) => `${prefix}${date.getUTCFullYear()}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/`;

/** The newest seal key under one version's prefix, listing months backwards; undefined when it holds none. */
async function newestSealKey(store: EvidenceStore, prefix: string, now: Date): Promise<string | undefined> {
  let first: Date | undefined;
  for await (const key of store.list(prefix)) {
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
    let best: { key: string; seq: number } | undefined;
    for await (const key of store.list(monthPrefix(prefix, new Date(Date.UTC(y, m))))) {
      const parsed = parseSealKey(key);
      if (parsed && (!best || parsed.seq > best.seq)) best = { key, seq: parsed.seq };
    }
    if (best) return best.key;
  }
  return undefined;
}

/**
 * Finds the newest seal WITHOUT listing records or the whole seal history: per version (v2 first:
 * once a v2 seal exists, the chain continues there), one list call to learn whether any seal
 * exists (and the month of the first), then one list per month from the month after `now`
 * backwards until a month holds seals. A month prefix of an hourly sealer holds about 744 seals,
 * one S3 list page (an hour sealed in parts adds a few).
 *
 * @returns undefined when the store has no seal yet.
 * @throws StoreError / SchemaError when the newest seal cannot be read: never build on a broken head.
 */
export async function findChainHead(store: EvidenceStore, now: Date = new Date()): Promise<ChainHead | undefined> {
  for (const prefix of [...SEAL_PREFIXES].reverse()) {
    const key = await newestSealKey(store, prefix, now);
    if (!key) continue;
    const { seal, hash } = await readSeal(store, key);
    return headOf(key, seal, hash);
  }
  return undefined;
}

/** The write hour of the store's first signed object, of any area (one list page each): where the first seal starts. */
export async function earliestRecordHour(store: EvidenceStore): Promise<Date | undefined> {
  let earliest: Date | undefined;
  for (const prefix of SIGNED_PREFIXES) {
    for await (const key of store.list(prefix)) {
      const hour = writeHourOf(key);
      if (!hour) continue;
      if (!earliest || hour < earliest) earliest = hour;
      break;
    }
  }
  return earliest;
}
