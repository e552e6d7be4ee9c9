import type { KeyObject } from 'node:crypto';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import type { SignatureCache } from '../evidence/verify-record.ts';
import { hourInPeriod, type Period } from '../util/time.ts';
import { parseSealKey, SEAL_PREFIXES } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { checkSeal, linkErrors, sequenceErrors, type CheckedSeal, type ListedSeal } from './check-seal.ts';
import { readJsonObject } from './read-object.ts';
import type { SealChainVerification } from './types.ts';

const DAY_MS = 86_400_000;

/** What the verified seals say about records, for the cross-check against the records listed. */
export interface SealIndex {
  chain: SealChainVerification;
  /** v1 record key -> the leaf hash a seal lists for it and that seal's key. */
  sealed: Map<string, { leafHash: string; sealKey: string }>;
  /** v2 object key -> the SHA-256 of its bytes a seal lists for it and that seal's key. */
  sealedObjects: Map<string, { sha256: string; sealKey: string }>;
  /** Hour start (ms) -> key of the seal that completed its window (its only or final part). */
  sealedHours: Map<number, string>;
  /** Where the newest seal's coverage ends (ms): its window's end, or its start when it left its hour open; hours before it should all be sealed. */
  newestEnd?: number;
}

export interface VerifySealsOptions {
  /** Only seals whose window overlaps `[from, to)` are read and checked (plus the head and each one's predecessor link). */
  period?: Period;
  /** An audit package holds a slice of the chain: its first seal's predecessor is outside it, not missing. */
  partialChain?: boolean;
  cache?: SignatureCache;
  /** Extra facts per seal key (Object Lock, versions), given its sealedAt; verifyStore passes its lock check. */
  objectErrors?: (key: string, sealedAt: string | undefined) => Promise<VerificationProblem[]>;
}

/** The seal keys of the store, both versions, sorted by seq (one chain), and the keys that do not follow the layout. */
async function listSeals(store: EvidenceStore): Promise<{ listed: ListedSeal[]; misnamed: string[] }> {
  const listed: ListedSeal[] = [];
  const misnamed: string[] = [];
  for (const prefix of SEAL_PREFIXES) {
    for await (const key of store.list(prefix)) {
      const parsed = parseSealKey(key);
      if (parsed && key.startsWith(prefix)) listed.push({ key, version: parsed.version, seq: parsed.seq, day: parsed.day.getTime() });
      else misnamed.push(key);
    }
  }
  listed.sort((a, b) => a.seq - b.seq || (a.key < b.key ? -1 : 1));
  return { listed, misnamed };
}

/**
 * The seals worth reading: those of the period (the key's day is the window's day, enough to pick
 * them without reading others), the newest (to know up to where records must be sealed), and each
 * one's predecessor (to check the link by its bytes).
 */
function sealsToRead(listed: readonly ListedSeal[], period: Period | undefined): ListedSeal[] {
  const wanted = (l: ListedSeal) => (!period?.to || l.day < period.to.getTime()) && (!period?.from || l.day + DAY_MS > period.from.getTime());
  const toRead = new Set(listed.filter(wanted));
  if (listed.length > 0) toRead.add(listed.at(-1)!);
  for (const l of [...toRead]) {
    const index = listed.indexOf(l);
    if (index > 0) toRead.add(listed[index - 1]!);
  }
  return listed.filter((l) => toRead.has(l));
}

/** Reads and checks one seal, with the caller's extra object facts (lock) for a schema-valid one. */
async function readAndCheck(store: EvidenceStore, entry: ListedSeal, trustedKeys: ReadonlyMap<string, KeyObject>, options: VerifySealsOptions): Promise<CheckedSeal> {
  const checked = checkSeal(entry, await readJsonObject(store, entry.key), trustedKeys, options.cache);
  if (checked.seal && options.objectErrors) checked.errors.push(...(await options.objectErrors(entry.key, checked.seal.sealedAt)));
  return checked;
}

/**
 * Walks the seal chain (DESIGN.md "Integrity") across seals/v1 and seals/v2: each seal signed by a
 * pinned key, seq numbers without gaps, each seal naming its predecessor by key and by the SHA-256
 * of its stored bytes, windows contiguous whole UTC hours (a window sealed in parts: each part
 * continuing the one before). Returns the index of sealed records and objects for verifyStore's
 * cross-check, or undefined when the store holds no seal at all.
 *
 * Cost: one listing of seals/v1/ and seals/v2/ (seals are few: 24 a day), then one read per seal in the period,
 * plus the newest seal (to know up to where records must be sealed) and each first seal's predecessor.
 */
export async function verifySeals(store: EvidenceStore, trustedKeys: ReadonlyMap<string, KeyObject>, options: VerifySealsOptions = {}): Promise<SealIndex | undefined> {
  const { listed, misnamed } = await listSeals(store);
  if (listed.length === 0 && misnamed.length === 0) return undefined;
  const partialChain = options.partialChain ?? false;
  const misnamedError = verificationProblem('KEY_LAYOUT_INVALID', { layout: 'seals/v1|v2/YYYY/MM/DD/<seq, 8 digits>.json' });
  const failures = new Map(misnamed.map((key) => [key, [misnamedError]]));
  for (const [key, errors] of sequenceErrors(listed, partialChain)) failures.set(key, errors);
  const reads = new Map<string, CheckedSeal>();
  for (const entry of sealsToRead(listed, options.period)) reads.set(entry.key, await readAndCheck(store, entry, trustedKeys, options));

  const index: SealIndex = { chain: { checked: 0, ok: 0, failures: [] }, sealed: new Map(), sealedObjects: new Map(), sealedHours: new Map() };
  const inPeriod = (start: number) => hourInPeriod(new Date(start), options.period ?? {});
  listed.forEach((entry, i) => {
    const read = reads.get(entry.key);
    if (!read) return;
    const errors = [...(failures.get(entry.key) ?? []), ...read.errors];
    failures.delete(entry.key);
    const { seal } = read;
    if (seal) {
      const before = i > 0 && listed[i - 1]!.seq === entry.seq - 1 ? listed[i - 1]! : undefined;
      // A predecessor that was not read (outside the period) still has its key checked, not its bytes.
      const previous = before && (reads.get(before.key) ?? { key: before.key, seq: before.seq, errors: [] });
      errors.push(...linkErrors({ ...read, seal }, previous, partialChain && i === 0));
      const start = Date.parse(seal.window.start);
      const final = !('part' in seal) || seal.part.final;
      const end = final ? Date.parse(seal.window.end) : start;
      index.newestEnd = Math.max(index.newestEnd ?? end, end);
      if (inPeriod(start)) {
        if (final) index.sealedHours.set(start, entry.key);
        for (const r of seal.records) index.sealed.set(r.key, { leafHash: r.leafHash, sealKey: entry.key });
        if ('objects' in seal) for (const o of seal.objects) index.sealedObjects.set(o.key, { sha256: o.sha256, sealKey: entry.key });
      } else if (errors.length === 0) {
        return; // read only for its link or the newest end: not one of the period's seals
      }
    }
    index.chain.checked++;
    if (errors.length === 0) index.chain.ok++;
    else index.chain.failures.push({ key: entry.key, errors });
  });
  // Sequence errors of seals that were not read (outside the period) still count: a gap is a gap.
  for (const [key, errors] of failures) index.chain.failures.push({ key, errors });
  return index;
}
