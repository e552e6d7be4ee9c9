import type { Seal } from '../evidence/schemas.ts';

/**
 * The seal document as lib/seal writes it: evidence-schemas/seal.v1.schema.json, with `sealedAt`
 * always present (the schema keeps it optional; the verifier requires it).
 */
export type SealDocument = Seal & { sealedAt: string };

/** A seal's document before signing. */
export type UnsignedSeal = Omit<SealDocument, 'integrity'>;

export const SEAL_SCHEMA = 'trailproof/seal/v1';

/** The newest seal of a chain: where the next seal continues from. */
export interface ChainHead {
  key: string;
  seq: number;
  /** Start of the hour the head sealed (inclusive) and its end (exclusive, = the next window's start). */
  windowStart: Date;
  windowEnd: Date;
  /** SHA-256 hex of the head's stored bytes: the next seal's `previous.hash`. */
  hash: string;
}
