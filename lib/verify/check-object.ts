import { createHash, type KeyObject } from 'node:crypto';
import type { EvidenceRecord, Integrity } from '../evidence/types.ts';
import { merkleRoot, merkleTree } from '../evidence/merkle.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { duplicateMember } from '../evidence/strict-json.ts';
import { verifyRecord, type KnownTree, type RecordVerification, type SignatureCache } from '../evidence/verify-record.ts';
import { parseRecordObjectKey, recordAddress, type RecordObjectKeyParts } from '../store/layout.ts';
import type { RecordCheck } from './check-record.ts';
import { futureDateErrors, keyHourErrors, signedHourErrors, timeOf, verifyClock, type VerifyClock } from './dates.ts';

const HOUR_MS = 3_600_000;
const OBJECT_LAYOUT = 'records/v2/YYYY/MM/DD/HH/<check-id>/<account>/<region>/<root>-<count>-<sha256>.jsonl';

/** A signed document of a v2 object's line: a record, or a ledger document. */
type SignedDocument = { id: string; integrity: Integrity };

/** What a v2 object's name says about it, whatever its area. */
interface ObjectKeyParts {
  hour: Date;
  root: string;
  count: number;
  sha256: string;
}

/**
 * How the objects of one area are checked: their key layout, one line's own verification (schema
 * and integrity) and its checks against the key and the clock. Records (records/v2) are the
 * default; lib/verify/ledger-object.ts holds the ledger areas' kind.
 */
export interface ObjectKind<P extends ObjectKeyParts = ObjectKeyParts, D extends SignedDocument = SignedDocument> {
  layout: string;
  parseKey(key: string): P | undefined;
  /** The line's own verification; its `errors` array is the line's from then on (the caller appends to it). */
  verifyLine(value: unknown, trustedKeys: ReadonlyMap<string, KeyObject>, cache: SignatureCache, tree: KnownTree | undefined): Omit<RecordVerification, 'record'> & { document?: D };
  /** The document against the key's parts (when the key parsed) and the clock. */
  lineErrors(document: D, parts: P | undefined, clock: VerifyClock): VerificationProblem[];
  /** When the document was made: retention counts from the earliest one of an object. */
  madeAt(document: D): string;
  /** The document's verdict, when it has one: a retry with another verdict is told apart. */
  result?(document: D): string;
  /** Keep each line's document in the check (small areas whose documents the verifier reads again: attestations' attachments). */
  keepDocuments?: boolean;
}

/** One line of a records/v2 object, checked on its own and against its place in the object. */
interface LineCheck {
  /** `<object key>#<line>`: what `sed -n <line>p` prints. */
  address: string;
  check: RecordCheck;
  /** The record's result, when it parsed: a retry with another result is told apart. */
  result?: string;
  /** The schema-valid document, when its kind keeps them (ObjectKind.keepDocuments). */
  document?: unknown;
}

/** The verdict on one stored records/v2 object. */
export interface ObjectCheck {
  /** What is wrong with the object as a whole (its name against its bytes); its records are then not ok. */
  errors: VerificationProblem[];
  lines: LineCheck[];
  /** SHA-256 (hex) of the bytes read, for the seal cross-check; undefined when unreadable. */
  sha256?: string;
  /** The earliest collectedAt of its records: retention counts from it. */
  collectedAt?: string;
  /** When its one batch was signed (its first line's signedAt): never after the seal that lists it. */
  signedAt?: string;
}

/** The line's record against the object's key: the same check, account and region, written no earlier than collected. */
function keyErrors(parts: RecordObjectKeyParts, record: EvidenceRecord): VerificationProblem[] {
  const errors: VerificationProblem[] = [];
  if (parts.checkId !== record.check.id) errors.push(verificationProblem('KEY_CHECK_MISMATCH', { keyCheckId: parts.checkId, recordCheckId: record.check.id }));
  if (parts.account !== record.account) errors.push(verificationProblem('KEY_ACCOUNT_MISMATCH', { keyAccount: parts.account, recordAccount: record.account }));
  if (parts.region !== record.region) errors.push(verificationProblem('KEY_REGION_MISMATCH', { keyRegion: parts.region, recordRegion: record.region }));
  if (parts.hour.getTime() + HOUR_MS <= timeOf(record.collectedAt)) {
    errors.push(verificationProblem('KEY_HOUR_BACKDATED', { hour: parts.hour.toISOString(), collectedAt: record.collectedAt }));
  }
  return errors;
}

/** The records/v2 objects: one check's records of one account and region. */
const RECORD_OBJECTS: ObjectKind<RecordObjectKeyParts, EvidenceRecord> = {
  layout: OBJECT_LAYOUT,
  parseKey: parseRecordObjectKey,
  verifyLine: (value, trustedKeys, cache, tree) => {
    const { record, ...rest } = verifyRecord(value, trustedKeys, cache, tree);
    return { ...rest, ...(record ? { document: record } : {}) };
  },
  lineErrors: (record, parts, clock) => {
    const errors = futureDateErrors('collectedAt', record.collectedAt, clock);
    if (parts) pushAll(errors, keyErrors(parts, record));
    return errors;
  },
  madeAt: (record) => record.collectedAt,
  result: (record) => record.result,
};

/** The line's batch proof against the object: the object's root and size, its own position, the first line's signature. */
function batchErrors(record: SignedDocument, index: number, parts: ObjectKeyParts | undefined, first: SignedDocument | undefined): VerificationProblem[] {
  const batch = record.integrity.batch;
  const errors: VerificationProblem[] = [];
  const mismatch = (field: string, value: string | number, expected: string) => errors.push(verificationProblem('OBJECT_LINE_BATCH_MISMATCH', { field, value: String(value), expected }));
  if (batch.leafIndex !== index) mismatch('leafIndex', batch.leafIndex, `line ${index + 1} must be leaf ${index}`);
  if (parts && batch.root !== parts.root) mismatch('root', batch.root, `the name says root ${parts.root}`);
  if (parts && batch.treeSize !== parts.count) mismatch('treeSize', batch.treeSize, `the name says ${parts.count} records`);
  // One object, one signed batch: every line carries the first line's statement and signature.
  if (first && first !== record && (batch.signature !== first.integrity.batch.signature || batch.signedAt !== first.integrity.batch.signedAt)) {
    mismatch('signature', batch.signedAt, `line 1 carries the object's signature (signed ${first.integrity.batch.signedAt})`);
  }
  return errors;
}

/** Appends `more` to `errors` (most lines have none to add: no spread, no copy). */
function pushAll(errors: VerificationProblem[], more: readonly VerificationProblem[]): void {
  for (const error of more) errors.push(error);
}

/** The lines of a JSON Lines text as trailproof writes it: newline-terminated, no empty line. */
function splitLines(text: string): { lines: string[]; problems: string[] } {
  const problems: string[] = [];
  if (text.charCodeAt(0) === 0xfeff) problems.push('starts with a byte order mark');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else problems.push('the last line does not end with a newline');
  return { lines, problems };
}

/**
 * Checks one stored v2 object (records/v2 by default; a ledger area's with its `kind`): its bytes
 * against its name (SHA-256, number of lines, the Merkle root rebuilt from the recomputed leaf
 * hashes of its lines), and every line as a document on its own (strict JSON, the kind's
 * verification: schema, leaf hash, audit path, pinned key, signature; one ECDSA verification per
 * object through `cache`), against its place in the object (leaf index, root, size, one
 * signature), against the key (for records: check, account, region; every kind: hour) and against
 * the clock (no date in the future, signed in the hour its key names). Lock facts are the caller's.
 */
export function checkStoredObject<P extends ObjectKeyParts, D extends SignedDocument>(
  key: string,
  bytes: Buffer | undefined,
  trustedKeys: ReadonlyMap<string, KeyObject>,
  cache: SignatureCache,
  clock: VerifyClock = verifyClock({}),
  kind: ObjectKind<P, D> = RECORD_OBJECTS as unknown as ObjectKind<P, D>,
  /** The SHA-256 (hex) of `bytes` when the caller hashed them already (off the main thread: sha256Off). */
  bytesSha256?: string,
): ObjectCheck {
  const parts = kind.parseKey(key);
  const errors: VerificationProblem[] = parts ? keyHourErrors(parts.hour, clock) : [verificationProblem('KEY_LAYOUT_INVALID', { layout: kind.layout })];
  if (!bytes) return { errors: [...errors, verificationProblem('OBJECT_UNREADABLE')], lines: [] };
  const sha256 = bytesSha256 ?? createHash('sha256').update(bytes).digest('hex');
  if (parts && sha256 !== parts.sha256) errors.push(verificationProblem('OBJECT_SHA256_MISMATCH', { sha256, named: parts.sha256 }));
  const { lines: texts, problems } = splitLines(bytes.toString('utf8'));
  for (const problem of problems) errors.push(verificationProblem('OBJECT_LINES_INVALID', { problem }));
  if (parts && texts.length !== parts.count) errors.push(verificationProblem('OBJECT_COUNT_MISMATCH', { lines: texts.length, named: parts.count }));

  // The tree of the leaves the lines claim, built once, proves each line's audit path by comparison
  // instead of log2(n) hashes per line.
  const tree = claimedTree(texts);
  const lines: LineCheck[] = [];
  const leaves: Array<string | undefined> = [];
  let first: D | undefined;
  let collectedAt: string | undefined;
  texts.forEach((text, index) => {
    const address = recordAddress(key, index + 1);
    const parsed = parseLine(text);
    if ('error' in parsed) {
      lines.push({ address, check: { id: `key:${address}`, errors: [parsed.error], sealFacts: { contentOk: false } } });
      leaves.push(undefined);
      return;
    }
    const { value } = parsed;
    const result = kind.verifyLine(value, trustedKeys, cache, tree);
    // The line's own errors first; the result's array is the line's own, so it is extended, not copied.
    const lineErrors = parsed.problems.length > 0 ? [...parsed.problems, ...result.errors] : result.errors;
    const record = result.document;
    const claimedId = (value as { id?: unknown } | null)?.id;
    const check: RecordCheck = {
      id: typeof claimedId === 'string' ? claimedId : `key:${address}`,
      errors: lineErrors,
      sealFacts: { contentOk: result.leafHash !== undefined && result.leafHash === record?.integrity.leafHash },
    };
    if (result.keyId) check.keyId = result.keyId;
    const line: LineCheck = { address, check };
    if (record) {
      first ??= record;
      pushAll(lineErrors, batchErrors(record, index, parts, first));
      pushAll(lineErrors, kind.lineErrors(record, parts, clock));
      const madeAt = kind.madeAt(record);
      if (!collectedAt || madeAt < collectedAt) collectedAt = madeAt;
      check.collectedAt = madeAt;
      if (kind.result) line.result = kind.result(record);
      if (kind.keepDocuments) line.document = record;
    }
    leaves.push(result.leafHash);
    lines.push(line);
  });
  // Every line hashed: the tree they make must be the one the name states (a line swapped, added or dropped changes it).
  if (parts && texts.length > 0 && leaves.every((leaf) => leaf !== undefined)) {
    // Leaves that are all the claimed ones make the claimed tree: its root is known already.
    const root = tree && leaves.every((leaf, i) => leaf === tree.leaves[i]) ? tree.root : merkleRoot(leaves as string[]);
    if (root !== parts.root) errors.push(verificationProblem('OBJECT_ROOT_MISMATCH', { root, named: parts.root }));
  }
  // One signature per object: its time is the object's, checked once against the clock and the key's hour.
  const signedAt = first?.integrity.batch.signedAt;
  if (signedAt) errors.push(...futureDateErrors('integrity.batch.signedAt', signedAt, clock), ...(parts ? signedHourErrors(signedAt, parts.hour, 'hour') : []));
  return { errors, lines, sha256, ...(collectedAt ? { collectedAt } : {}), ...(signedAt ? { signedAt } : {}) };
}

const HEX_HASH = /^[0-9a-f]{64}$/;
const LEAF_MEMBER = '"leafHash":"';

/**
 * The tree of the leaf hashes the lines claim, read from the text without parsing (the writer puts
 * `integrity` last, so its leafHash is the line's last one), when every line has one; else none.
 * Only a hint: verifyIntegrity trusts a path only when it matches the line's own parsed fields,
 * and the object's root only when every recomputed leaf equals these.
 */
function claimedTree(texts: readonly string[]): KnownTree | undefined {
  const claimed: string[] = [];
  for (const text of texts) {
    const at = text.lastIndexOf(LEAF_MEMBER);
    const leaf = at < 0 ? '' : text.slice(at + LEAF_MEMBER.length, at + LEAF_MEMBER.length + 64);
    if (!HEX_HASH.test(leaf)) return undefined;
    claimed.push(leaf);
  }
  if (claimed.length === 0) return undefined;
  const { root, paths } = merkleTree(claimed);
  return { root, leaves: claimed, paths };
}

/**
 * One line, strictly: valid JSON, no member twice (JSON_DUPLICATE_KEY), and exactly the bytes
 * JSON.stringify writes for its value (OBJECT_LINE_NOT_CANONICAL otherwise: the writer never
 * writes anything else, so other bytes with the same meaning were rewritten by someone).
 */
function parseLine(text: string): { value: unknown; problems: VerificationProblem[] } | { error: VerificationProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: verificationProblem('JSON_INVALID', { error: (error as Error).message }) };
  }
  if (JSON.stringify(value) === text) return { value, problems: [] };
  const duplicate = duplicateMember(text);
  return { value, problems: [duplicate === undefined ? verificationProblem('OBJECT_LINE_NOT_CANONICAL') : verificationProblem('JSON_DUPLICATE_KEY', { path: duplicate })] };
}
