import { createHash, type KeyObject } from 'node:crypto';
import { SchemaError } from '../errors.ts';
import { validateSeal, validateSealV2, validateSealV3, type Seal, type SealV2 } from '../evidence/schemas.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { verifyIntegrity, type SignatureCache } from '../evidence/verify-record.ts';
import { LEDGER_PREFIXES, parseLedgerObjectKey, parseRecordObjectKey, recordHourPrefix, RECORDS_V2_PREFIX, signedHourPrefix, type SealVersion } from '../store/layout.ts';
import { firstSealedKey, lastSealedKey } from '../seal/types.ts';
import { futureDateErrors, type VerifyClock } from './dates.ts';
import type { ReadObject } from './read-object.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const SCHEMA_OF: Record<SealVersion, string> = { v1: 'trailproof/seal/v1', v2: 'trailproof/seal/v2', v3: 'trailproof/seal/v3' };
const VALIDATE_OF = { v1: validateSeal, v2: validateSealV2, v3: validateSealV3 } as const;

/** A seal key of the listing: `seals/v1|v2|v3/YYYY/MM/DD/<seq>.json`, its version, seq and day (ms). */
export interface ListedSeal {
  key: string;
  version: SealVersion;
  seq: number;
  day: number;
}

/** A seal of either version as the verifier reads it (a v1 seal may lack sealedAt). */
export type CheckedSealDocument = (Seal & { sealedAt?: string }) | SealV2;

/** One seal read and checked on its own. */
export interface CheckedSeal {
  key: string;
  seq: number;
  /** The seal, typed, when it passed the schema check. */
  seal?: CheckedSealDocument;
  /** SHA-256 (hex) of the stored bytes: what the next seal's `previous.hash` must be. */
  hash?: string;
  errors: VerificationProblem[];
}

/** Is the list in strict key order? */
const ordered = (keys: ReadonlyArray<{ key: string }>) => keys.every((r, i) => i === 0 || r.key > keys[i - 1]!.key);

/** A v2 or v3 seal's own rules: objects in its window (records/v2 only, or every signed area for v3), named as listed, in order; a part that starts where it says. */
function v2Errors(seal: SealV2, start: number): VerificationProblem[] {
  const errors: VerificationProblem[] = [];
  const areas = seal.schema === 'trailproof/seal/v3' ? [...LEDGER_PREFIXES, RECORDS_V2_PREFIX] : [RECORDS_V2_PREFIX];
  const prefixes = areas.map((area) => signedHourPrefix(area, new Date(start)));
  const outside = seal.objects.filter((o) => !prefixes.some((prefix) => o.key.startsWith(prefix)));
  if (outside.length > 0) errors.push(verificationProblem('SEAL_OBJECT_OUTSIDE_WINDOW', { count: outside.length, prefix: prefixes.join(' or '), example: outside[0]!.key }));
  if (!ordered(seal.objects)) errors.push(verificationProblem('SEAL_OBJECTS_UNORDERED'));
  for (const o of seal.objects) {
    const named = parseRecordObjectKey(o.key) ?? parseLedgerObjectKey(o.key);
    if (named && (named.sha256 !== o.sha256 || named.root !== o.root || named.count !== o.count)) errors.push(verificationProblem('SEAL_OBJECT_NAME_MISMATCH', { key: o.key }));
  }
  const { index, after } = seal.part;
  if ((index === 0) !== (after === null)) errors.push(verificationProblem('SEAL_PART_INVALID', { problem: index === 0 ? 'part 0 names a key to continue after' : `part ${index} names no key to continue after` }));
  const first = firstSealedKey(seal);
  if (after !== null && first !== undefined && first <= after) errors.push(verificationProblem('SEAL_PART_INVALID', { problem: `lists ${first}, which is not after ${after}` }));
  if (!seal.part.final && first === undefined) errors.push(verificationProblem('SEAL_PART_INVALID', { problem: 'a part that is not final lists nothing' }));
  return errors;
}

/**
 * Checks one seal on its own: JSON, schema (v1 or v2, as its key says), sealedAt (present, not in
 * the future, not before its window began), signature
 * (verifyIntegrity), key vs content (seq, day), window shape (one whole UTC hour), record and
 * object keys inside the window and in strict order, a v2 seal's objects as their names say.
 */
export function checkSeal(entry: ListedSeal, read: ReadObject, trustedKeys: ReadonlyMap<string, KeyObject>, cache: SignatureCache | undefined, clock: VerifyClock): CheckedSeal {
  const out: CheckedSeal = { key: entry.key, seq: entry.seq, errors: [] };
  if (read.bytes) out.hash = createHash('sha256').update(read.bytes).digest('hex');
  if ('error' in read) return { ...out, errors: [read.error] };
  const schema = (read.value as { schema?: unknown } | null)?.schema;
  if (typeof schema === 'string' && schema !== SCHEMA_OF[entry.version] && Object.values(SCHEMA_OF).includes(schema)) {
    return { ...out, errors: [verificationProblem('KEY_VERSION_MISMATCH', { keyVersion: `seals/${entry.version}`, schema })] };
  }
  try {
    out.seal = VALIDATE_OF[entry.version](read.value);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return { ...out, errors: error.errors.map((e) => verificationProblem('SCHEMA_INVALID', { error: e })) };
  }
  const seal = out.seal;
  const errors = out.errors;
  if (!seal.sealedAt) errors.push(verificationProblem('SEALED_AT_MISSING'));
  errors.push(...futureDateErrors('sealedAt', seal.sealedAt, clock), ...futureDateErrors('integrity.batch.signedAt', seal.integrity.batch.signedAt, clock));
  // A seal lists what its window's LIST returned: it cannot be made before the window began.
  if (seal.sealedAt && Date.parse(seal.sealedAt) < Date.parse(seal.window.start)) {
    errors.push(verificationProblem('SEAL_WINDOW_NOT_STARTED', { start: seal.window.start, sealedAt: seal.sealedAt }));
  }
  errors.push(...verifyIntegrity(seal, trustedKeys, cache, 'seal').errors);
  if (seal.seq !== entry.seq) errors.push(verificationProblem('KEY_SEQ_MISMATCH', { keySeq: entry.seq, sealSeq: seal.seq }));
  const start = Date.parse(seal.window.start);
  if (start % HOUR_MS !== 0 || Date.parse(seal.window.end) !== start + HOUR_MS) {
    errors.push(verificationProblem('SEAL_WINDOW_INVALID', { start: seal.window.start, end: seal.window.end }));
  } else {
    if (Math.floor(start / DAY_MS) * DAY_MS !== entry.day) errors.push(verificationProblem('KEY_DAY_MISMATCH', { start: seal.window.start }));
    const prefix = recordHourPrefix('v1', new Date(start));
    const outside = seal.records.filter((r) => !r.key.startsWith(prefix));
    if (outside.length > 0) errors.push(verificationProblem('SEAL_RECORD_OUTSIDE_WINDOW', { count: outside.length, prefix, example: outside[0]!.key }));
    if ('objects' in seal) errors.push(...v2Errors(seal, start));
  }
  if (!ordered(seal.records)) errors.push(verificationProblem('SEAL_RECORDS_UNORDERED'));
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

/** The window link to a seal read before: the next hour, or the next part of the same hour when that one was left open. */
function windowLinkErrors(seal: CheckedSealDocument, previous: CheckedSeal & { seal: CheckedSealDocument }): VerificationProblem[] {
  const before = previous.seal;
  const [prevEnd, start] = [Date.parse(before.window.end), Date.parse(seal.window.start)];
  const openPart = 'part' in before && !before.part.final;
  const part = 'part' in seal ? seal.part : { index: 0, after: null };
  if (openPart) {
    const lastKey = lastSealedKey(before) ?? before.part.after;
    if (seal.window.start !== before.window.start || part.index !== before.part.index + 1) {
      return [verificationProblem('SEAL_PART_EXPECTED', { key: previous.key, start: before.window.start })];
    }
    return part.after === lastKey ? [] : [verificationProblem('SEAL_PART_AFTER_MISMATCH', { after: String(part.after), lastKey: String(lastKey) })];
  }
  if (part.index > 0) return [verificationProblem('SEAL_PART_UNEXPECTED', { key: previous.key })];
  const facts = { start: seal.window.start, previousEnd: before.window.end };
  if (start > prevEnd) return [verificationProblem('SEAL_WINDOW_GAP', facts)];
  if (start < prevEnd) return [verificationProblem('SEAL_WINDOW_OVERLAP', facts)];
  return [];
}

/**
 * The link from a seal to its predecessor, whichever their versions: key, stored-bytes hash and
 * contiguous windows (or the next part of a window the predecessor left open).
 *
 * @param previous the seal before it in the chain; only its key when it was not read (outside
 *   the period), undefined when there is none in the store.
 */
export function linkErrors(current: CheckedSeal & { seal: CheckedSealDocument }, previous: CheckedSeal | undefined, partialChain: boolean): VerificationProblem[] {
  const seal = current.seal;
  if (seal.previous === null) return seal.seq === 0 ? [] : [verificationProblem('SEAL_LINK_MISSING', { seq: seal.seq })];
  if (seal.seq === 0) return [verificationProblem('SEAL_LINK_UNEXPECTED')];
  if (!previous) return partialChain ? [] : [verificationProblem('SEAL_MISSING', { key: seal.previous.key })];
  const errors: VerificationProblem[] = [];
  if (seal.previous.key !== previous.key) errors.push(verificationProblem('SEAL_LINK_KEY_MISMATCH', { named: seal.previous.key, seq: previous.seq, stored: previous.key }));
  if (previous.hash !== undefined && seal.previous.hash !== previous.hash) {
    errors.push(verificationProblem('PREVIOUS_SEAL_HASH_MISMATCH', { key: previous.key }));
  }
  if (previous.seal) errors.push(...windowLinkErrors(seal, { ...previous, seal: previous.seal }));
  return errors;
}
