import { createHash, type KeyObject } from 'node:crypto';
import { SchemaError } from '../errors.ts';
import { validateSeal, type Seal } from '../evidence/schemas.ts';
import { verifyIntegrity, type SignatureCache } from '../evidence/verify-record.ts';
import { recordHourPrefix } from '../store/layout.ts';
import type { ReadObject } from './read-object.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const LEAF_MISMATCH = 'leaf hash mismatch: record content changed';

/** A seal key of the listing: `seals/v1/YYYY/MM/DD/<seq>.json`, its seq and day (ms). */
export interface ListedSeal {
  key: string;
  seq: number;
  day: number;
}

/** One seal read and checked on its own. */
export interface CheckedSeal {
  key: string;
  seq: number;
  /** The seal, typed, when it passed the schema check. */
  seal?: Seal & { sealedAt?: string };
  /** SHA-256 (hex) of the stored bytes: what the next seal's `previous.hash` must be. */
  hash?: string;
  errors: string[];
}

/**
 * Checks one seal on its own: JSON, schema, sealedAt, signature (verifyIntegrity), key vs content
 * (seq, day), window shape (one whole UTC hour), record keys inside the window and in strict order.
 */
export function checkSeal(entry: ListedSeal, read: ReadObject, trustedKeys: ReadonlyMap<string, KeyObject>, cache: SignatureCache | undefined): CheckedSeal {
  const out: CheckedSeal = { key: entry.key, seq: entry.seq, errors: [] };
  if (read.bytes) out.hash = createHash('sha256').update(read.bytes).digest('hex');
  if ('error' in read) return { ...out, errors: [read.error] };
  try {
    out.seal = validateSeal(read.value);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return { ...out, errors: error.errors.map((e) => `schema: ${e}`) };
  }
  const seal = out.seal;
  const errors = out.errors;
  if (!seal.sealedAt) errors.push('sealedAt: is required');
  errors.push(...verifyIntegrity(seal, trustedKeys, cache).errors.map((e) => (e === LEAF_MISMATCH ? 'leaf hash mismatch: seal content changed' : e)));
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
  return out;
}

/** Seq numbers of the listing (sorted by seq): 0 first (unless a slice), then +1 each, one key per seq. */
export function sequenceErrors(listed: readonly ListedSeal[], partialChain: boolean): Map<string, string[]> {
  const failures = new Map<string, string[]>();
  const add = (key: string, error: string) => failures.set(key, [...(failures.get(key) ?? []), error]);
  if (listed.length > 0 && listed[0]!.seq !== 0 && !partialChain) {
    add(listed[0]!.key, `the chain starts at seal ${listed[0]!.seq}: seals 0..${listed[0]!.seq - 1} are missing`);
  }
  for (let i = 1; i < listed.length; i++) {
    const [before, here] = [listed[i - 1]!, listed[i]!];
    if (here.seq === before.seq) add(here.key, `seal ${here.seq} is stored twice (also ${before.key})`);
    else if (here.seq !== before.seq + 1) add(here.key, `gap in the chain: seals ${before.seq + 1}..${here.seq - 1} are missing between ${before.key} and this seal`);
  }
  return failures;
}

/**
 * The link from a seal to its predecessor: key, stored-bytes hash and contiguous windows.
 *
 * @param previous the seal before it in the chain; only its key when it was not read (outside
 *   the period), undefined when there is none in the store.
 */
export function linkErrors(current: CheckedSeal & { seal: Seal }, previous: CheckedSeal | undefined, partialChain: boolean): string[] {
  const seal = current.seal;
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
