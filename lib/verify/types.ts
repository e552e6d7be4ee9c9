import type { VerificationProblem } from '../evidence/verification-codes.ts';
import type { Period } from '../util/time.ts';
import type { RetryWindowOptions } from './retry-window.ts';

/** What is wrong with one store object (a record, a seal, a key file), named by its key; each error has a code. */
export interface KeyFailure {
  key: string;
  errors: VerificationProblem[];
}

/** The Object Lock policy a store's objects must meet (S3 `describe` facts). */
export interface LockPolicy {
  /** Retention must last at least this many days after collection (records) or sealing (seals). */
  minRetentionDays?: number;
  /** The Object Lock mode the policy requires; another mode is an error. */
  mode?: 'COMPLIANCE' | 'GOVERNANCE';
}

export interface VerifyStoreOptions {
  /** Which records to verify; default every record of both versions (`records/v1/` and `records/v2/`). */
  prefix?: string;
  /**
   * Also check Object Lock facts when the store has them (S3 `describe`: one HEAD and one
   * ListObjectVersions per record or object): versions of more than one content (an overwrite attempt), a delete
   * marker, no retention, or retention shorter than `minRetentionDays` after collection.
   */
  lock?: LockPolicy;
  /** Parallel reads; default 16 (S3 latency, not CPU, bounds a big store). */
  concurrency?: number;
  /**
   * Only records whose write hour, and seals whose window, overlap `[from, to)`. With both ends
   * only the days of the period are listed.
   */
  period?: Period;
  /**
   * The seal chain (lib/verify/seal-chain.ts) and the cross-check of records against it.
   * `auto` (default): a store without any seal fails (NO_SEALS) only when some hour is past its
   * grace; `require`: a store without seals fails; `skip`: records only, no seal rule at all.
   */
  seals?: 'auto' | 'require' | 'skip';
  /**
   * How long after an hour ends its seal may still be missing: records of older unsealed hours
   * fail (SEAL_OVERDUE), younger ones are warnings. Default 2 hours (the sealer runs hourly and
   * waits 15 minutes for late writers).
   */
  sealGraceMs?: number;
  /** The verifier's clock (default: now, read once): no date in evidence may be later than it plus `clockSkewMs`. */
  now?: Date;
  /** Clock difference tolerated between writers and the verifier; default 5 minutes. */
  clockSkewMs?: number;
  /** Where earlier copies of a record id are looked for (RECORD_RETRIED); bounded, see docs/verify.md. */
  retryWindow?: RetryWindowOptions;
  /** Check every seal's RFC 3161 token against these TSA CAs (`verify --tsa-ca`); tokens go unchecked without it. */
  timestamps?: TimestampPolicy;
  /** The store is an audit package holding a slice of the chain (its first seal's predecessor is not in it). */
  partialChain?: boolean;
  /** Called after each chunk: objects (v1 records, v2 objects) verified so far, listed so far, whether the listing is complete. */
  onProgress?: (verified: number, listed: number, listingDone: boolean) => void;
}

/** What `verify --tsa-ca` asks of the seals' time-stamp tokens (lib/verify/seal-timestamps.ts). */
export interface TimestampPolicy {
  /** PEM texts holding the CA certificate(s) the tokens must chain to, and where each came from (for errors). */
  ca: ReadonlyArray<{ pem: string; source: string }>;
  /** A seal of the period without a token fails (TIMESTAMP_MISSING); otherwise only stored tokens are checked. */
  require?: boolean;
  /** How long after sealedAt a token's genTime may lie; default 24 hours (DEFAULT_TIMESTAMP_GRACE_MS). */
  graceMs?: number;
}

/** The seal chain part of a verification: every seal read, and what is wrong with each. */
export interface SealChainVerification {
  checked: number;
  ok: number;
  failures: KeyFailure[];
}

/** What verifyStore found. Failures name the store key and say what is wrong with it, by code and sentence. */
export interface StoreVerification {
  /** Distinct records (by record id; an unreadable record or line counts once by its address). */
  checked: number;
  /** Distinct records whose every copy verified. */
  ok: number;
  failures: KeyFailure[];
  /** Objects read under the prefix: v1 records and v2 objects (each holding many records). */
  objects: number;
  /** Extra copies of a record id (a retried write; each pair of places is a RECORD_RETRIED warning): counted once, not an error. */
  duplicates: number;
  /** Every key id records named, sorted. */
  keyIds: string[];
  /** Whether Object Lock facts were checked (asked for and available). */
  lockChecked: boolean;
  /** The seal chain's verification; absent when seals were skipped, or `auto` found none. */
  seals?: SealChainVerification;
  /** Things that are not failures: records newer than the newest seal, retried records; present with `seals` or when not empty. */
  warnings?: VerificationProblem[];
}
