import { createHash, type KeyObject } from 'node:crypto';
import { SchemaError } from '../errors.ts';
import { parseRecordKey, parseSealKey, recordHourPrefix, SEALS_PREFIX } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { validateSeal, type Seal } from '../evidence/schemas.ts';
import { verifyIntegrity, type SignatureCache } from '../evidence/verify-record.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The seal chain part of a verification: every seal read, and what is wrong with each. */
export interface SealChainVerification {
  checked: number;
  ok: number;
  failures: Array<{ key: string; errors: string[] }>;
}

/** What the verified seals say about records, for the cross-check against the records listed. */
export interface SealIndex {
  chain: SealChainVerification;
  /** Record key -> the leaf hash a seal lists for it and that seal's key. */
  sealed: Map<string, { leafHash: string; sealKey: string }>;
  /** Hour start (ms) -> key of the seal whose window it is. */
  sealedHours: Map<number, string>;
  /** End (ms) of the newest seal's window; hours before it should all be sealed. */
  newestEnd?: number;
}

export interface VerifySealsOptions {
  /** Only seals whose window overlaps `[from, to)` are read and checked (plus the head and each one's predecessor link). */
  period?: { from?: Date; to?: Date };
  /** An audit package holds a slice of the chain: its first seal's predecessor is outside it, not missing. */
  partialChain?: boolean;
  cache?: SignatureCache;
  /** Extra facts per seal key (Object Lock, versions), given its sealedAt; verifyStore passes its lock check. */
  objectErrors?: (key: string, sealedAt: string | undefined) => Promise<string[]>;
}

interface Listed {
  key: string;
  seq: number;
  day: number;
}

interface ReadSeal {
  key: string;
  seq: number;
  seal?: Seal & { sealedAt?: string };
  hash?: string;
  errors: string[];
}

const LEAF_MISMATCH = 'leaf hash mismatch: record content changed';

function inPeriod(startMs: number, period: VerifySealsOptions['period']): boolean {
  return (!period?.to || startMs < period.to.getTime()) && (!period?.from || startMs + HOUR_MS > period.from.getTime());
}

/** Reads one seal and checks it on its own: JSON, schema, key vs content, window shape, record keys, signature. */
async function readAndCheck(store: EvidenceStore, entry: Listed, trustedKeys: ReadonlyMap<string, KeyObject>, options: VerifySealsOptions): Promise<ReadSeal> {
  const out: ReadSeal = { key: entry.key, seq: entry.seq, errors: [] };
  const bytes = await store.get(entry.key);
  if (!bytes) return { ...out, errors: ['listed but could not be read'] };
  out.hash = createHash('sha256').update(bytes).digest('hex');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return { ...out, errors: [`not valid JSON: ${(error as Error).message}`] };
  }
  try {
    out.seal = validateSeal(parsed);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return { ...out, errors: error.errors.map((e) => `schema: ${e}`) };
  }
  const seal = out.seal;
  const errors = out.errors;
  if (!seal.sealedAt) errors.push('sealedAt: is required');
  errors.push(...verifyIntegrity(seal, trustedKeys, options.cache).errors.map((e) => (e === LEAF_MISMATCH ? 'leaf hash mismatch: seal content changed' : e)));
  if (seal.seq !== entry.seq) errors.push(`key names seal ${entry.seq} but the seal says seq ${seal.seq}`);
  const start = Date.parse(seal.window.start);
  if (start % HOUR_MS !== 0 || Date.parse(seal.window.end) !== start + HOUR_MS) {
    errors.push(`window ${seal.window.start} .. ${seal.window.end} is not one whole UTC hour`);
  } else {
    if (Math.floor(start / DAY_MS) * DAY_MS !== entry.day) errors.push(`key's day is not the day of its window ${seal.window.start}`);
    const prefix = recordHourPrefix(new Date(start));
    const outside = seal.records.filter((r) => !r.key.startsWith(prefix));
    if (outside.length > 0) errors.push(`lists ${outside.length} record(s) outside its window's prefix ${prefix}, e.g. ${outside[0]!.key}`);
  }
  if (seal.records.some((r, i) => i > 0 && r.key <= seal.records[i - 1]!.key)) errors.push('records are not in strict key order (a duplicate or a reordering)');
  if (options.objectErrors) errors.push(...(await options.objectErrors(entry.key, seal.sealedAt)));
  return out;
}

/** Seq numbers of the listing: 0 first (unless a slice), then +1 each, one key per seq. */
function sequenceErrors(listed: Listed[], partialChain: boolean, failures: Map<string, string[]>): void {
  const add = (key: string, error: string) => failures.set(key, [...(failures.get(key) ?? []), error]);
  if (listed.length > 0 && listed[0]!.seq !== 0 && !partialChain) {
    add(listed[0]!.key, `the chain starts at seal ${listed[0]!.seq}: seals 0..${listed[0]!.seq - 1} are missing`);
  }
  for (let i = 1; i < listed.length; i++) {
    const [before, here] = [listed[i - 1]!, listed[i]!];
    if (here.seq === before.seq) add(here.key, `seal ${here.seq} is stored twice (also ${before.key})`);
    else if (here.seq !== before.seq + 1) add(here.key, `gap in the chain: seals ${before.seq + 1}..${here.seq - 1} are missing between ${before.key} and this seal`);
  }
}

/** The link from a seal to its predecessor: key, stored-bytes hash and contiguous windows. */
function linkErrors(current: ReadSeal, previous: ReadSeal | undefined, partialChain: boolean): string[] {
  const seal = current.seal!;
  if (seal.previous === null) return seal.seq === 0 ? [] : [`seal ${seal.seq} names no previous seal`];
  if (seal.seq === 0) return ['seal 0 names a previous seal'];
  if (!previous) return partialChain ? [] : [`previous seal ${seal.previous.key} is missing`];
  const errors: string[] = [];
  if (seal.previous.key !== previous.key) errors.push(`names previous seal ${seal.previous.key}, but seal ${previous.seq} is stored at ${previous.key}`);
  if (previous.hash !== undefined && seal.previous.hash !== previous.hash) {
    errors.push(`previous seal hash mismatch: ${previous.key} was changed after this seal was made`);
  }
  if (previous.seal) {
    const [prevEnd, start] = [Date.parse(previous.seal.window.end), Date.parse(seal.window.start)];
    if (start > prevEnd) errors.push(`window starts at ${seal.window.start} but the previous seal ended at ${previous.seal.window.end}: the hours between are unsealed`);
    if (start < prevEnd) errors.push(`window starts at ${seal.window.start}, inside the previous seal's window (ended ${previous.seal.window.end})`);
  }
  return errors;
}

/**
 * Walks the seal chain (DESIGN.md "Integrity"): each seal signed by a pinned key, seq numbers
 * without gaps, each seal naming its predecessor by key and by the SHA-256 of its stored bytes,
 * windows contiguous whole UTC hours. Returns the index of sealed records for verifyStore's
 * cross-check, or undefined when the store holds no seal at all.
 *
 * Cost: one listing of seals/v1/ (seals are few: 24 a day), then one read per seal in the period,
 * plus the newest seal (to know up to where records must be sealed) and each first seal's predecessor.
 */
export async function verifySeals(store: EvidenceStore, trustedKeys: ReadonlyMap<string, KeyObject>, options: VerifySealsOptions = {}): Promise<SealIndex | undefined> {
  const failures = new Map<string, string[]>();
  const listed: Listed[] = [];
  for await (const key of store.list(SEALS_PREFIX)) {
    const parsed = parseSealKey(key);
    if (parsed) listed.push({ key, seq: parsed.seq, day: parsed.day.getTime() });
    else failures.set(key, ['key does not follow seals/v1/YYYY/MM/DD/<seq, 8 digits>.json']);
  }
  if (listed.length === 0 && failures.size === 0) return undefined;
  listed.sort((a, b) => a.seq - b.seq || (a.key < b.key ? -1 : 1));
  sequenceErrors(listed, options.partialChain ?? false, failures);

  // The key's day is the window's day: enough to pick the period's seals without reading others.
  const { period } = options;
  const wanted = (l: Listed) => (!period?.to || l.day < period.to.getTime()) && (!period?.from || l.day + DAY_MS > period.from.getTime());
  const toRead = new Set(listed.filter(wanted));
  if (listed.length > 0) toRead.add(listed.at(-1)!);
  for (const l of [...toRead]) {
    const index = listed.indexOf(l);
    if (index > 0) toRead.add(listed[index - 1]!);
  }
  const reads = new Map<string, ReadSeal>();
  for (const entry of listed.filter((l) => toRead.has(l))) reads.set(entry.key, await readAndCheck(store, entry, trustedKeys, options));

  const index: SealIndex = { chain: { checked: 0, ok: 0, failures: [] }, sealed: new Map(), sealedHours: new Map() };
  listed.forEach((entry, i) => {
    const read = reads.get(entry.key);
    if (!read) return;
    const errors = [...(failures.get(entry.key) ?? []), ...read.errors];
    if (read.seal) {
      const before = i > 0 && listed[i - 1]!.seq === entry.seq - 1 ? listed[i - 1]! : undefined;
      const previous = before && (reads.get(before.key) ?? { key: before.key, seq: before.seq, errors: [] });
      // A predecessor that was not read (outside the period) still has its key checked, not its bytes.
      errors.push(...linkErrors(read, previous, (options.partialChain ?? false) && i === 0));
      const start = Date.parse(read.seal.window.start);
      const end = Date.parse(read.seal.window.end);
      index.newestEnd = Math.max(index.newestEnd ?? end, end);
      if (inPeriod(start, period)) {
        index.sealedHours.set(start, entry.key);
        for (const r of read.seal.records) index.sealed.set(r.key, { leafHash: r.leafHash, sealKey: entry.key });
      }
    }
    failures.delete(entry.key);
    if (read.seal && !inPeriod(Date.parse(read.seal.window.start), period) && errors.length === 0) return;
    index.chain.checked++;
    if (errors.length === 0) index.chain.ok++;
    else index.chain.failures.push({ key: entry.key, errors });
  });
  // Sequence errors of seals that were not read (outside the period) still count: a gap is a gap.
  for (const [key, errors] of failures) index.chain.failures.push({ key, errors });
  return index;
}

/** What verifyStore learned about one listed record key, for the cross-check. */
export interface RecordSealFacts {
  /** The record's own integrity.leafHash, when it is a schema-valid record. */
  claimedLeafHash?: string;
  /** Whether the leaf hash recomputed from the stored content equals the claimed one. */
  contentOk: boolean;
}

/**
 * Checks the records listed against the seals read: every sealed record present with the leaf
 * hash its seal lists (both the one it claims and the one recomputed from its content), and
 * every record in a seal. Records newer than the newest seal are warnings, grouped per hour.
 *
 * @param facts every record key verifyStore listed (in scope), with its leaf hash facts.
 * @param scope.prefix sealed keys outside it were not listed, so are not missing.
 */
export async function crossCheckSeals(
  store: EvidenceStore,
  index: SealIndex,
  facts: ReadonlyMap<string, RecordSealFacts>,
  scope: { prefix: string },
): Promise<{ failures: Array<{ key: string; errors: string[] }>; warnings: string[] }> {
  const failures: Array<{ key: string; errors: string[] }> = [];
  const pending = new Map<string, number>();
  for (const [key, fact] of facts) {
    const hour = parseRecordKey(key)?.hour.getTime();
    if (hour === undefined) continue; // already a layout failure
    const sealed = index.sealed.get(key);
    if (sealed) {
      if (fact.claimedLeafHash !== sealed.leafHash || !fact.contentOk) {
        failures.push({ key, errors: [`changed after sealing: its leaf hash is not the ${sealed.leafHash} that ${sealed.sealKey} lists`] });
      }
      continue;
    }
    const sealKey = index.sealedHours.get(hour);
    if (sealKey) {
      failures.push({ key, errors: [`late/unsealed record: ${sealKey} sealed the hour ${new Date(hour).toISOString()} without it (written after the seal, or slipped in)`] });
    } else if (index.newestEnd !== undefined && hour < index.newestEnd) {
      failures.push({ key, errors: [`unsealed record: no seal covers the hour ${new Date(hour).toISOString()}, though seals run up to ${new Date(index.newestEnd).toISOString()}`] });
    } else {
      const prefix = recordHourPrefix(new Date(hour));
      pending.set(prefix, (pending.get(prefix) ?? 0) + 1);
    }
  }
  for (const [key, sealed] of index.sealed) {
    if (facts.has(key) || !key.startsWith(scope.prefix)) continue;
    const info = store.describe ? await store.describe(key) : undefined;
    const what = info?.deleteMarker ? 'deleted (delete marker)' : 'missing from the store';
    failures.push({ key, errors: [`sealed in ${sealed.sealKey} but ${what}`] });
  }
  const newest = index.newestEnd === undefined ? '' : `, after the newest seal's window ended ${new Date(index.newestEnd).toISOString()}`;
  const warnings = [...pending].map(([prefix, n]) => `${prefix}: ${n} record(s) not yet sealed (written${newest})`);
  return { failures: failures.sort((a, b) => (a.key < b.key ? -1 : 1)), warnings };
}
