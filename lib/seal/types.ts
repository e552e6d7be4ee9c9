import type { Seal, SealV2 } from '../evidence/schemas.ts';

/**
 * A v1 seal as lib/seal once wrote it: evidence-schemas/seal.v1.schema.json, with `sealedAt`
 * always present (the schema keeps it optional; the verifier requires it). Read, never written now.
 */
export type SealDocument = Seal & { sealedAt: string };

/** A seal of either version, as read from a store. */
export type AnySeal = SealDocument | SealV2;

/** A v2 seal's document before signing. */
export type UnsignedSealV2 = Omit<SealV2, 'integrity'>;

export const SEAL_V2_SCHEMA = 'trailproof/seal/v2';
/** Seal v2 over every signed area (evidence-schemas/seal.v3.schema.json): records and the ledger areas. */
export const SEAL_V3_SCHEMA = 'trailproof/seal/v3';

/** The newest seal of a chain: where the next seal continues from. */
export interface ChainHead {
  key: string;
  seq: number;
  /** Start of the hour the head sealed (inclusive) and its end (exclusive, = the next window's start). */
  windowStart: Date;
  windowEnd: Date;
  /** SHA-256 hex of the head's stored bytes: the next seal's `previous.hash`. */
  hash: string;
  /**
   * Set when the head is a part of its window that is not the final one: the next seal continues
   * the same window with part `index + 1`, listing only keys after `lastKey`.
   */
  open?: { index: number; lastKey: string };
}

/**
 * The last key a seal lists, in key order over both its arrays: where the next part of an open
 * window starts. In a seal v2 that is its last object, else its last v1 record (records/v1 keys
 * sort before records/v2 keys); a seal v3 also lists ledger objects, some of which sort before
 * records/v1 (attestations/, exceptions/) and some after (runs/).
 */
export function lastSealedKey(seal: Pick<Seal, 'records'> & { objects?: SealV2['objects'] }): string | undefined {
  const [object, record] = [seal.objects?.at(-1)?.key, seal.records.at(-1)?.key];
  return object === undefined ? record : record === undefined || object > record ? object : record;
}

/** The first key a seal lists, in key order over both its arrays: a later part must list only keys after its `after`. */
export function firstSealedKey(seal: Pick<Seal, 'records'> & { objects?: SealV2['objects'] }): string | undefined {
  const [object, record] = [seal.objects?.[0]?.key, seal.records[0]?.key];
  return object === undefined ? record : record === undefined || object < record ? object : record;
}

/**
 * How long after a seal's `sealedAt` a time-stamp token still vouches for the seal's time: the
 * sealer asks for tokens of seals this young only (a TSA that was down delays a token, within this
 * bound), and verify accepts a token's genTime from `sealedAt` (less the clock skew) to `sealedAt`
 * plus this. A later token proves only that the seal existed then (docs/verify.md "Timestamps").
 */
export const DEFAULT_TIMESTAMP_GRACE_MS = 24 * 3_600_000;
