import { ConfigError } from '../errors.ts';
import type { Signer } from '../evidence/types.ts';
import { sealKey } from '../store/layout.ts';
import { publishPublicKey } from '../store/publish-key.ts';
import type { EvidenceStore } from '../store/types.ts';
import { buildSeal, listWindowRecords, sealBytes, type SkippedObject } from './build-seal.ts';
import { earliestRecordHour, findChainHead, headOf, readSeal, sealHash } from './chain-head.ts';
import { addHours, floorHour } from '../util/time.ts';
import type { ChainHead } from './types.ts';

/** At most a week of hours per run: an hourly sealer catching up after an outage never runs into its timeout. */
export const DEFAULT_MAX_HOURS = 168;

/**
 * How long after an hour ends before it counts as closed. A Lambda picks a record's write hour
 * before its PUT and may run up to 15 minutes, so a record of hour H can still arrive until
 * H+1h+15min; sealing earlier would turn it into a "late" record.
 */
const DEFAULT_GRACE_MS = 15 * 60_000;

export interface SealPendingOptions {
  now?: Date;
  /**
   * `closed` (default): every hour that ended at least `graceMs` ago. `now`: also the current,
   * still open hour (`trailproof seal --through now`). The trade-off: a record written later in
   * that hour lands under an hour that is already sealed, and verify reports it as a late record.
   */
  through?: 'closed' | 'now';
  /** Windows sealed per run at most (default 168); `remaining` says when more are due. */
  maxHours?: number;
  graceMs?: number;
  /** Parallel record reads while hashing a window. */
  concurrency?: number;
}

export interface SealRunResult {
  sealed: Array<{ key: string; seq: number; window: { start: string; end: string }; records: number }>;
  /** The chain head after the run; undefined when the store has no records yet. */
  head?: ChainHead;
  /** Windows another sealer wrote first (create-only put refused ours); we continued from its seal. */
  lostRaces: number;
  /** Windows still due after this run because `maxHours` was reached. */
  remaining: number;
  /** Objects under sealed hours that are not records (left out; verify reports them). */
  skipped: SkippedObject[];
}

/**
 * Seals every due hour after the chain head, oldest first, one seal per UTC hour of writes,
 * empty hours included (`records: []`), so any gap in the chain is an error for the verifier.
 * The first seal starts at the hour of the earliest record. Cost: a few list calls to find the
 * head (never a listing of records), then one list of one hour prefix and one read per record
 * of each window sealed.
 *
 * One writer at a time is enforced by the store: seal N is written create-only. If another sealer
 * already wrote N, its seal is read back and this run continues from it.
 *
 * @example const run = await sealPending(store, signer); // every closed hour, at most 168
 */
export async function sealPending(store: EvidenceStore, signer: Signer, options: SealPendingOptions = {}): Promise<SealRunResult> {
  const now = options.now ?? new Date();
  const maxHours = options.maxHours ?? DEFAULT_MAX_HOURS;
  if (!(maxHours >= 1)) throw new ConfigError(`maxHours must be at least 1, got ${maxHours}`);
  const lastEnd = options.through === 'now' ? addHours(floorHour(now), 1) : floorHour(new Date(now.getTime() - (options.graceMs ?? DEFAULT_GRACE_MS)));
  const result: SealRunResult = { sealed: [], lostRaces: 0, remaining: 0, skipped: [] };

  let head = await findChainHead(store, now);
  let start = head ? head.windowEnd : await earliestRecordHour(store);
  if (head) result.head = head;
  if (!start) return result;

  let attempts = 0;
  while (start < lastEnd) {
    if (attempts >= maxHours) {
      result.remaining = Math.round((lastEnd.getTime() - start.getTime()) / 3_600_000);
      break;
    }
    attempts++;
    const seq = head ? head.seq + 1 : 0;
    const { records, skipped } = await listWindowRecords(store, start, options.concurrency);
    const seal = await buildSeal({ seq, windowStart: start, records, previous: head ? { key: head.key, hash: head.hash } : null }, signer, options.now ?? new Date());
    const key = sealKey(start, seq);
    const bytes = sealBytes(seal);
    const { created } = await store.put(key, bytes);
    if (created) {
      head = headOf(key, seal, sealHash(bytes));
      result.sealed.push({ key, seq, window: seal.window, records: records.length });
      result.skipped.push(...skipped);
    } else {
      // Another sealer won seal `seq`: continue from ITS head (it may be several seals ahead by now),
      // never rebuild windows it already sealed.
      result.lostRaces++;
      const winner = await readSeal(store, key);
      const newest = await findChainHead(store, now);
      head = newest && newest.seq > seq ? newest : headOf(key, winner.seal, winner.hash);
    }
    result.head = head;
    start = head.windowEnd;
  }
  return result;
}

/**
 * One sealer run as the hourly function and `trailproof seal` do it: publish the signer's public
 * key under keys/ (idempotent) so auditors find it next to the seals, then seal what is due.
 */
export async function runSealer(store: EvidenceStore, signer: Signer, options: SealPendingOptions = {}): Promise<SealRunResult> {
  await publishPublicKey(store, signer);
  return sealPending(store, signer, options);
}
