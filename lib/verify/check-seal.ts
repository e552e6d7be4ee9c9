import { createHash, type KeyObject } from 'node:crypto';
import { SchemaError } from '../errors.ts';
import { validateSeal, type Seal } from '../evidence/schemas.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { verifyIntegrity, type SignatureCache } from '../evidence/verify-record.ts';
import { recordHourPrefix } from '../store/layout.ts';
import type { ReadObject } from './read-object.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

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
  errors: VerificationProblem[];
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
    return { ...out, errors: error.errors.map((e) => verificationProblem('SCHEMA_INVALID', { error: e })) };
  }
  const seal = out.seal;
  const errors = out.errors;
  if (!seal.sealedAt) errors.push(verificationProblem('SEALED_AT_MISSING'));
  errors.push(...verifyIntegrity(seal, trustedKeys, cache, 'seal').errors);
  if (seal.seq !== entry.seq) errors.push(verificationProblem('KEY_SEQ_MISMATCH', { keySeq: entry.seq, sealSeq: seal.seq }));
  const start = Date.parse(seal.window.start);
  if (start % HOUR_MS !== 0 || Date.parse(seal.window.end) !== start + HOUR_MS) {
    errors.push(verificationProblem('SEAL_WINDOW_INVALID', { start: seal.window.start, end: seal.window.end }));
  } else {
    if (Math.floor(start / DAY_MS) * DAY_MS !== entry.day) errors.push(verificationProblem('KEY_DAY_MISMATCH', { start: seal.window.start }));
    const prefix = recordHourPrefix(new Date(start));
    const outside = seal.records.filter((r) => !r.key.startsWith(prefix));
    if (outside.length > 0) errors.push(verificationProblem('SEAL_RECORD_OUTSIDE_WINDOW', { count: outside.length, prefix, example: outside[0]!.key }));
  }
  if (seal.records.some((r, i) => i > 0 && r.key <= seal.records[i - 1]!.key)) errors.push(verificationProblem('SEAL_RECORDS_UNORDERED'));
  return out;
}

/** Seq numbers of the listing (sorted by seq): 0 first (unless a slice), then +1 each, one key per seq. */
export function sequenceErrors(listed: readonly ListedSeal[], partialChain: boolean): Map<string, VerificationProblem[]> {
  const failures = new Map<string, VerificationProblem[]>();
  const add = (key: string, error: VerificationProblem) => failures.set(key, [...(failures.get(key) ?? []), error]);
  if (listed.length > 0 && listed[0]!.seq !== 0 && !partialChain) {
    add(listed[0]!.key, verificationProblem('SEAL_CHAIN_START_MISSING', { first: listed[0]!.seq }));
  }
  for (let i = 1; i < listed.length; i++) {
    const [before, here] = [listed[i - 1]!, listed[i]!];
    if (here.seq === before.seq) add(here.key, verificationProblem('SEAL_DUPLICATE', { seq: here.seq, other: before.key }));
    else if (here.seq !== before.seq + 1) add(here.key, verificationProblem('SEAL_CHAIN_GAP', { from: before.seq + 1, to: here.seq - 1, before: before.key }));
  }
  return failures;
}

/**
 * The link from a seal to its predecessor: key, stored-bytes hash and contiguous windows.
 *
 * @param previous the seal before it in the chain; only its key when it was not read (outside
 *   the period), undefined when there is none in the store.
 */
export function linkErrors(current: CheckedSeal & { seal: Seal }, previous: CheckedSeal | undefined, partialChain: boolean): VerificationProblem[] {
  const seal = current.seal;
  if (seal.previous === null) return seal.seq === 0 ? [] : [verificationProblem('SEAL_LINK_MISSING', { seq: seal.seq })];
  if (seal.seq === 0) return [verificationProblem('SEAL_LINK_UNEXPECTED')];
  if (!previous) return partialChain ? [] : [verificationProblem('SEAL_MISSING', { key: seal.previous.key })];
  const errors: VerificationProblem[] = [];
  if (seal.previous.key !== previous.key) errors.push(verificationProblem('SEAL_LINK_KEY_MISMATCH', { named: seal.previous.key, seq: previous.seq, stored: previous.key }));
  if (previous.hash !== undefined && seal.previous.hash !== previous.hash) {
    errors.push(verificationProblem('PREVIOUS_SEAL_HASH_MISMATCH', { key: previous.key }));
  }
  if (previous.seal) {
    const [prevEnd, start] = [Date.parse(previous.seal.window.end), Date.parse(seal.window.start)];
    const facts = { start: seal.window.start, previousEnd: previous.seal.window.end };
    if (start > prevEnd) errors.push(verificationProblem('SEAL_WINDOW_GAP', facts));
    if (start < prevEnd) errors.push(verificationProblem('SEAL_WINDOW_OVERLAP', facts));
  }
  return errors;
}
