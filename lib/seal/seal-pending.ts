import { ConfigError } from '../errors.ts';
import type { Signer } from '../evidence/types.ts';
import { sealKey } from '../store/layout.ts';
import { publishPublicKey } from '../store/publish-key.ts';
import type { EvidenceStore } from '../store/types.ts';
import { buildSealV2, DEFAULT_MAX_ENTRIES, listWindow, type SkippedObject } from './build-seal.ts';
import { earliestRecordHour, findChainHead, headOf, readSeal, sealHash } from './chain-head.ts';
import { addHours, floorHour } from '../util/time.ts';
import type { stampSeals, StampResult, TimestampOptions } from './timestamp-seals.ts';
import { SEAL_V3_SCHEMA, type ChainHead } from './types.ts';

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
  /** Seals written per run at most (default 168); `remaining` says when more are due. */
  maxHours?: number;
  graceMs?: number;
  /** Keys one seal lists at most (default 2,500: under 1 MB); an hour holding more is sealed in parts. */
  maxEntries?: number;
  /** Parallel reads while hashing the v1 records of a window. */
  concurrency?: number;
  /**
   * Wall-clock milliseconds this run may take: no new seal is started after it, the chain stays
   * consistent and the next run continues (the seal function passes its remaining time).
   */
  budgetMs?: number;
  /**
   * Ask this TSA for an RFC 3161 token over every new seal, and over young seals still without one
   * (runSealer; lib/seal/timestamp-seals.ts). A TSA that fails delays tokens, never seals.
   */
  timestamps?: TimestampOptions;
}

export interface SealRunResult {
  sealed: Array<{ key: string; seq: number; window: { start: string; end: string }; part: number; final: boolean; records: number; objects: number }>;
  /** The chain head after the run; undefined when the store has no records yet. */
  head?: ChainHead;
  /** Seals another sealer wrote first (create-only put refused ours); we continued from its seal. */
  lostRaces: number;
  /** Hours still due after this run (the open part's hour included) because `maxHours` or `budgetMs` was reached. */
  remaining: number;
  /** Keys under sealed hours that are not records or record objects (left out; verify reports them). */
  skipped: SkippedObject[];
  /** The tokens added after sealing, when a TSA was given. */
  timestamps?: StampResult;
}

/** Where the next seal starts: a window, and the part of it (after the head's last key when the head is an open part). */
function nextPart(head: ChainHead): { start: Date; index: number; after: string | null } {
  return head.open ? { start: head.windowStart, index: head.open.index + 1, after: head.open.lastKey } : { start: head.windowEnd, index: 0, after: null };
}

/**
 * Seals every due hour after the chain head, oldest first, one seal v2 per UTC hour of writes
 * (empty hours included, so any gap in the chain is an error for the verifier), continuing the
 * chain whatever the head's version. Each seal lists the hour's v2 objects from their names
 * (LIST only) and its v1 records, if any, by leaf hash. An hour holding more than `maxEntries`
 * keys is sealed in parts, one seal each, so memory and time per seal are bounded whatever the
 * hour holds; a run that stops (maxHours, budgetMs) leaves a head the next run continues from.
 *
 * One writer at a time is enforced by the store: seal N is written create-only. If another sealer
 * already wrote N, its seal is read back and this run continues from it.
 *
 * @example const run = await sealPending(store, signer); // every closed hour, at most 168 seals
 */
export async function sealPending(store: EvidenceStore, signer: Signer, options: SealPendingOptions = {}): Promise<SealRunResult> {
  const startedAt = Date.now();
  const now = options.now ?? new Date();
  const maxHours = options.maxHours ?? DEFAULT_MAX_HOURS;
  if (!(maxHours >= 1)) throw new ConfigError(`maxHours must be at least 1, got ${maxHours}`);
  const lastEnd = options.through === 'now' ? addHours(floorHour(now), 1) : floorHour(new Date(now.getTime() - (options.graceMs ?? DEFAULT_GRACE_MS)));
  const result: SealRunResult = { sealed: [], lostRaces: 0, remaining: 0, skipped: [] };

  let head = await findChainHead(store, now);
  if (head) result.head = head;
  const earliest = head ? undefined : await earliestRecordHour(store);
  let next = head ? nextPart(head) : earliest && { start: earliest, index: 0, after: null };
  if (!next) return result;

  let attempts = 0;
  while (next.start < lastEnd) {
    if (attempts >= maxHours || (options.budgetMs !== undefined && Date.now() - startedAt >= options.budgetMs)) {
      result.remaining = Math.round((lastEnd.getTime() - next.start.getTime()) / 3_600_000);
      break;
    }
    attempts++;
    const seq = head ? head.seq + 1 : 0;
    const listing = await listWindow(store, next.start, { after: next.after, maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES, concurrency: options.concurrency });
    const { seal, bytes } = await buildSealV2(
      {
        seq,
        windowStart: next.start,
        part: { index: next.index, after: next.after, final: listing.final },
        records: listing.records,
        objects: listing.objects,
        previous: head ? { key: head.key, hash: head.hash } : null,
        // v3 once ledger objects are to be sealed, and ever after (a v2 seal cannot name a v3 predecessor).
        version: listing.ledger || head?.key.startsWith('seals/v3/') ? 'v3' : 'v2',
      },
      signer,
      options.now ?? new Date(),
    );
    const key = sealKey(next.start, seq, seal.schema === SEAL_V3_SCHEMA ? 'v3' : 'v2');
    const { created } = await store.put(key, bytes);
    if (created) {
      head = headOf(key, seal, sealHash(bytes));
      const records = listing.records.length + listing.objects.reduce((sum, o) => sum + o.count, 0);
      result.sealed.push({ key, seq, window: seal.window, part: seal.part.index, final: seal.part.final, records, objects: listing.objects.length });
      result.skipped.push(...listing.skipped);
    } else {
      // Another sealer won seal `seq`: continue from ITS head (it may be several seals ahead by now),
      // never rebuild what it already sealed.
      result.lostRaces++;
      const winner = await readSeal(store, key);
      const newest = await findChainHead(store, now);
      head = newest && newest.seq > seq ? newest : headOf(key, winner.seal, winner.hash);
    }
    result.head = head;
    next = nextPart(head);
  }
  return result;
}

/**
 * One sealer run as the hourly function and `trailproof seal` do it: publish the signer's public
 * key under keys/ (idempotent) so auditors find it next to the seals, then seal what is due.
 */
export async function runSealer(store: EvidenceStore, signer: Signer, options: SealPendingOptions = {}): Promise<SealRunResult> {
  const startedAt = Date.now();
  await publishPublicKey(store, signer);
  const run = await sealPending(store, signer, options);
  if (!options.timestamps) return run;
  const deadline = options.budgetMs === undefined ? undefined : startedAt + options.budgetMs;
  return { ...run, timestamps: await timestampSeals(store, run.head, options.timestamps, { now: options.now ?? new Date(), ...(deadline !== undefined ? { deadline } : {}) }) };
}

/**
 * stampSeals, loaded on demand: the ASN.1 and PKI code (pkijs) loads only for a sealer given a
 * TSA, never for the other commands and functions.
 */
export async function timestampSeals(...args: Parameters<typeof stampSeals>): Promise<StampResult> {
  const { stampSeals: stamp } = await import('./timestamp-seals.ts');
  return stamp(...args);
}
