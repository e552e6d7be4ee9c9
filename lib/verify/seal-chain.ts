import type { KeyObject } from 'node:crypto';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import type { SignatureCache } from '../evidence/verify-record.ts';
import { hourInPeriod, type Period } from '../util/time.ts';
import { mapOrdered } from '../util/concurrency.ts';
import { parseSealKey, parseTimestampKey, SEAL_PREFIXES, timestampKey } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { checkSeal, linkErrors, sequenceErrors, type CheckedSeal, type ListedSeal } from './check-seal.ts';
import type { VerifyClock } from './dates.ts';
import { readJsonObject } from './read-object.ts';
import type { SealTokenCheck } from './seal-timestamps.ts';
import type { KeyFailure, SealChainVerification } from './types.ts';

const DAY_MS = 86_400_000;

/** One seal of an hour, as the chain walk left it: enough to read its entries again and to trust them. */
export interface SealPart {
  key: string;
  /** SHA-256 of the bytes the chain walk checked: a second read must see the same bytes. */
  hash?: string;
  sealedAt?: string;
}

/** The seals of one window (one, or several parts), by key; `finalKey` when the window was completed. */
interface SealedHour {
  parts: SealPart[];
  finalKey?: string;
}

/**
 * What the verified seals say, for the cross-check of records hour by hour. Holds no seal's
 * entries (an hour's are read again when its records are checked), so its size grows with the
 * number of seals (hours), never with the number of records.
 */
export interface SealIndex {
  chain: SealChainVerification;
  /** Hour start (ms) -> the schema-valid seals of that window in the period. */
  hours: Map<number, SealedHour>;
  /** Where the newest seal's coverage ends (ms): its window's end, or its start when it left its hour open; hours before it should all be sealed. */
  newestEnd?: number;
}

export interface VerifySealsOptions {
  clock: VerifyClock;
  /** Only seals whose window overlaps `[from, to)` are read and checked (plus the head and each one's predecessor link). */
  period?: Period;
  /** An audit package holds a slice of the chain: its first seal's predecessor is outside it, not missing. */
  partialChain?: boolean;
  cache?: SignatureCache;
  /** Extra facts per seal key (Object Lock, versions), given its sealedAt; verifyStore passes its lock check. */
  objectErrors?: (key: string, sealedAt: string | undefined) => Promise<VerificationProblem[]>;
  /** The check of each period seal's time-stamp token (sealTokenChecker); tokens are only listed without it. */
  timestamps?: SealTokenCheck;
  /** Seals read at once; default 8. */
  concurrency?: number;
}

const SEAL_LAYOUT = 'seals/v1|v2|v3/YYYY/MM/DD/<seq, 8 digits>.json';

/**
 * The seal keys of the store, both versions, sorted by seq (one chain); the seals that have a
 * time-stamp token beside them (`<seal key>.tsr`); and what is there but is no seal, nor the token
 * of one (a token whose seal is not there is TIMESTAMP_ORPHANED).
 */
async function listSeals(store: EvidenceStore): Promise<{ listed: ListedSeal[]; stamped: Set<string>; odd: KeyFailure[] }> {
  const listed: ListedSeal[] = [];
  const stamped = new Set<string>();
  const odd = new Map<string, KeyFailure>();
  for (const prefix of SEAL_PREFIXES) {
    for await (const key of store.list(prefix)) {
      const parsed = parseSealKey(key);
      const sealOfToken = parseTimestampKey(key);
      if (parsed && key.startsWith(prefix)) listed.push({ key, version: parsed.version, seq: parsed.seq, day: parsed.day.getTime() });
      else if (sealOfToken?.startsWith(prefix)) stamped.add(sealOfToken);
      else odd.set(key, { key, errors: [verificationProblem('KEY_LAYOUT_INVALID', { layout: SEAL_LAYOUT })] });
    }
    // A link or a FIFO where a seal (or the seals folder) should be: reported, never followed.
    for await (const { key, kind } of store.listIrregular?.(prefix) ?? []) odd.set(key, { key, errors: [verificationProblem('OBJECT_NOT_REGULAR_FILE', { kind })] });
  }
  listed.sort((a, b) => a.seq - b.seq || (a.key < b.key ? -1 : 1));
  const sealKeys = new Set(listed.map((l) => l.key));
  for (const sealKey of stamped) {
    if (!sealKeys.has(sealKey)) odd.set(timestampKey(sealKey), { key: timestampKey(sealKey), errors: [verificationProblem('TIMESTAMP_ORPHANED', { sealKey })] });
  }
  return { listed, stamped, odd: [...odd.values()] };
}

/**
 * The seals worth reading: those of the period (the key's day is the window's day, enough to pick
 * them without reading others), the newest (to know up to where records must be sealed), and each
 * one's predecessor (to check the link by its bytes).
 */
function sealsToRead(listed: readonly ListedSeal[], period: Period | undefined): Set<number> {
  const wanted = (l: ListedSeal) => (!period?.to || l.day < period.to.getTime()) && (!period?.from || l.day + DAY_MS > period.from.getTime());
  const toRead = new Set<number>();
  listed.forEach((l, i) => {
    if (!wanted(l) && i !== listed.length - 1) return;
    toRead.add(i);
    if (i > 0) toRead.add(i - 1);
  });
  return toRead;
}

/**
 * The seal a listed seal continues: seq - 1, the one named by `previousKey` when a fork stored
 * seq - 1 twice; undefined when no seal has seq - 1.
 */
function predecessorOf(listed: readonly ListedSeal[], i: number, previousKey: string | undefined): ListedSeal | undefined {
  const seq = listed[i]!.seq - 1;
  let j = i - 1;
  while (j >= 0 && listed[j]!.seq > seq) j--;
  let found: ListedSeal | undefined;
  for (; j >= 0 && listed[j]!.seq === seq; j--) if (!found || listed[j]!.key === previousKey) found = listed[j];
  return found;
}

/**
 * Reads and checks one seal, with the caller's extra object facts (lock) for a schema-valid one,
 * and, for a seal of the period, its time-stamp token against the bytes just read.
 */
async function readAndCheck(
  store: EvidenceStore,
  entry: ListedSeal,
  trustedKeys: ReadonlyMap<string, KeyObject>,
  options: VerifySealsOptions,
  stamped: ReadonlySet<string>,
): Promise<{ read: CheckedSeal; token?: KeyFailure }> {
  const object = await readJsonObject(store, entry.key);
  const checked = checkSeal(entry, object, trustedKeys, options.cache, options.clock);
  if (!checked.seal) return { read: checked };
  if (options.objectErrors) checked.errors.push(...(await options.objectErrors(entry.key, checked.seal.sealedAt)));
  if (!options.timestamps || !object.bytes || !hourInPeriod(new Date(checked.seal.window.start), options.period ?? {})) return { read: checked };
  const token = await options.timestamps(entry.key, object.bytes, checked.seal.sealedAt, stamped.has(entry.key));
  // No token at all is the seal's own failure; a token's problems are the token key's.
  if (token?.key === entry.key) checked.errors.push(...token.errors);
  return token && token.key !== entry.key ? { read: checked, token } : { read: checked };
}

/**
 * Walks the seal chain (DESIGN.md "Integrity") across seals/v1 and seals/v2: each seal signed by a
 * pinned key, seq numbers without gaps or forks, each seal naming its predecessor by key and by
 * the SHA-256 of its stored bytes, windows contiguous whole UTC hours (a window sealed in parts:
 * each part continuing the one before), no date in the future. Returns the index of sealed hours
 * for verifyStore's cross-check, or undefined when the store holds no seal at all.
 *
 * Streamed in seq order: only the seal before the current one is kept whole, so memory is flat
 * in the size of seals. Cost: one listing of seals/v1/ and seals/v2/ (24 seals a day, more for
 * hours sealed in parts), then one read per seal in the period, plus the newest seal (to know up
 * to where records must be sealed) and each first seal's predecessor.
 */
export async function verifySeals(store: EvidenceStore, trustedKeys: ReadonlyMap<string, KeyObject>, options: VerifySealsOptions): Promise<SealIndex | undefined> {
  const { listed, stamped, odd } = await listSeals(store);
  if (listed.length === 0 && odd.length === 0) return undefined;
  const partialChain = options.partialChain ?? false;
  const failures = sequenceErrors(listed, partialChain);
  const toRead = sealsToRead(listed, options.period);
  const index: SealIndex = { chain: { checked: 0, ok: 0, failures: [] }, hours: new Map() };
  const inPeriod = (start: number) => hourInPeriod(new Date(start), options.period ?? {});

  const positions = async function* () {
    for (const i of [...toRead].sort((a, b) => a - b)) yield i;
  };
  // The seals read of the current seq and of the one before (more than one each only in a fork).
  let current: { seq: number; reads: CheckedSeal[] } = { seq: Number.NaN, reads: [] };
  let before: { seq: number; reads: CheckedSeal[] } = current;
  const tokenFailures: KeyFailure[] = [];
  for await (const { i, read, token } of mapOrdered(positions(), options.concurrency ?? 8, async (i) => ({ i, ...(await readAndCheck(store, listed[i]!, trustedKeys, options, stamped)) }))) {
    if (token) tokenFailures.push(token);
    const entry = listed[i]!;
    if (entry.seq !== current.seq) [before, current] = [current, { seq: entry.seq, reads: [] }];
    current.reads.push(read);
    const errors = [...(failures.get(entry.key) ?? []), ...read.errors];
    failures.delete(entry.key);
    const { seal } = read;
    if (seal) {
      const predecessor = predecessorOf(listed, i, seal.previous?.key);
      // A predecessor that was not read (outside the period) still has its key checked, not its bytes.
      const previous = predecessor && ((before.seq === predecessor.seq && before.reads.find((r) => r.key === predecessor.key)) || { key: predecessor.key, seq: predecessor.seq, errors: [] });
      errors.push(...linkErrors({ ...read, seal }, previous, partialChain && i === 0));
      const start = Date.parse(seal.window.start);
      const final = !('part' in seal) || seal.part.final;
      const end = final ? Date.parse(seal.window.end) : start;
      index.newestEnd = Math.max(index.newestEnd ?? end, end);
      if (inPeriod(start)) {
        const hour = index.hours.get(start) ?? { parts: [] };
        hour.parts.push({ key: entry.key, ...(read.hash ? { hash: read.hash } : {}), ...(seal.sealedAt ? { sealedAt: seal.sealedAt } : {}) });
        if (final) hour.finalKey = entry.key;
        index.hours.set(start, hour);
      }
    }
    if (seal && !inPeriod(Date.parse(seal.window.start)) && errors.length === 0) continue; // read only for its link or the newest end
    index.chain.checked++;
    if (errors.length > 0) index.chain.failures.push({ key: entry.key, errors });
    // A seal whose token fails (reported under the token's key) is not verified either: its time cannot be told.
    else if (!token) index.chain.ok++;
  }
  // Sequence errors of seals that were not read (outside the period) still count: a gap is a gap.
  for (const [key, errors] of failures) index.chain.failures.push({ key, errors });
  index.chain.failures.push(...tokenFailures, ...odd);
  return index;
}
