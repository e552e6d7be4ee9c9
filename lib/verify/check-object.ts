import { createHash, type KeyObject } from 'node:crypto';
import type { EvidenceRecord } from '../evidence/types.ts';
import { merkleRoot, merkleTree } from '../evidence/merkle.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { duplicateMember } from '../evidence/strict-json.ts';
import { verifyRecord, type KnownTree, type SignatureCache } from '../evidence/verify-record.ts';
import { parseRecordObjectKey, recordAddress, type RecordObjectKeyParts } from '../store/layout.ts';
import type { RecordCheck } from './check-record.ts';
import { futureDateErrors, keyHourErrors, signedHourErrors, verifyClock, type VerifyClock } from './dates.ts';

const HOUR_MS = 3_600_000;
const OBJECT_LAYOUT = 'records/v2/YYYY/MM/DD/HH/<check-id>/<account>/<region>/<root>-<count>-<sha256>.jsonl';

/** One line of a records/v2 object, checked on its own and against its place in the object. */
interface LineCheck {
  /** `<object key>#<line>`: what `sed -n <line>p` prints. */
  address: string;
  check: RecordCheck;
  /** The record's result, when it parsed: a retry with another result is told apart. */
  result?: string;
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
  if (parts.hour.getTime() + HOUR_MS <= Date.parse(record.collectedAt)) {
    errors.push(verificationProblem('KEY_HOUR_BACKDATED', { hour: parts.hour.toISOString(), collectedAt: record.collectedAt }));
  }
  return errors;
}

/** The line's batch proof against the object: the object's root and size, its own position, the first line's signature. */
function batchErrors(record: EvidenceRecord, index: number, parts: RecordObjectKeyParts | undefined, first: EvidenceRecord | undefined): VerificationProblem[] {
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
 * Checks one stored records/v2 object: its bytes against its name (SHA-256, number of lines, the
 * Merkle root rebuilt from the recomputed leaf hashes of its lines), and every line as a record
 * on its own (strict JSON, verifyRecord: schema, leaf hash, audit path, pinned key, signature; one
 * ECDSA verification per object through `cache`), against its place in the object (leaf index,
 * root, size, one signature), against the key (check, account, region, hour) and against the
 * clock (no date in the future, signed in the hour its key names). Lock facts are the caller's.
 */
export function checkStoredObject(
  key: string,
  bytes: Buffer | undefined,
  trustedKeys: ReadonlyMap<string, KeyObject>,
  cache: SignatureCache,
  clock: VerifyClock = verifyClock({}),
): ObjectCheck {
  const parts = parseRecordObjectKey(key);
  const errors: VerificationProblem[] = parts ? keyHourErrors(parts.hour, clock) : [verificationProblem('KEY_LAYOUT_INVALID', { layout: OBJECT_LAYOUT })];
  if (!bytes) return { errors: [...errors, verificationProblem('OBJECT_UNREADABLE')], lines: [] };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (parts && sha256 !== parts.sha256) errors.push(verificationProblem('OBJECT_SHA256_MISMATCH', { sha256, named: parts.sha256 }));
  const { lines: texts, problems } = splitLines(bytes.toString('utf8'));
  for (const problem of problems) errors.push(verificationProblem('OBJECT_LINES_INVALID', { problem }));
  if (parts && texts.length !== parts.count) errors.push(verificationProblem('OBJECT_COUNT_MISMATCH', { lines: texts.length, named: parts.count }));

  // The tree of the leaves the lines claim, built once, proves each line's audit path by comparison
  // instead of log2(n) hashes per line.
  const tree = claimedTree(texts);
  const lines: LineCheck[] = [];
  const leaves: Array<string | undefined> = [];
  let first: EvidenceRecord | undefined;
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
    const result = verifyRecord(value, trustedKeys, cache, tree);
    const lineErrors = [...parsed.problems, ...result.errors];
    const record = result.record;
    if (record) {
      first ??= record;
      lineErrors.push(...batchErrors(record, index, parts, first), ...futureDateErrors('collectedAt', record.collectedAt, clock));
      if (parts) lineErrors.push(...keyErrors(parts, record));
      if (!collectedAt || record.collectedAt < collectedAt) collectedAt = record.collectedAt;
    }
    leaves.push(result.leafHash);
    const claimedId = (value as { id?: unknown } | null)?.id;
    lines.push({
      address,
      check: {
        id: typeof claimedId === 'string' ? claimedId : `key:${address}`,
        errors: lineErrors,
        ...(result.keyId ? { keyId: result.keyId } : {}),
        ...(record ? { collectedAt: record.collectedAt } : {}),
        sealFacts: { contentOk: result.leafHash !== undefined && result.leafHash === record?.integrity.leafHash },
      },
      ...(record ? { result: record.result } : {}),
    });
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
