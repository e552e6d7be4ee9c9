import type { KeyObject } from 'node:crypto';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import type { SignatureCache } from '../evidence/verify-record.ts';
import { LEDGER_PREFIXES, RECORDS_V2_PREFIX, writeHourOf } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { checkStoredObject, type ObjectKind } from './check-object.ts';
import { LEDGER_OBJECTS } from './ledger-object.ts';
import { checkStoredRecord } from './check-record.ts';
import type { ListedKey } from './cross-check.ts';
import type { VerifyClock } from './dates.ts';
import { readBytes, readJsonObject, sha256Off } from './read-object.ts';

/** One record of a verified key: where its failures are reported, and its own verdict. */
interface KeyRecord {
  /** The v1 key, or `<object key>#<line>`. */
  address: string;
  id: string;
  errors: VerificationProblem[];
  keyId?: string;
  result?: string;
}

/** The verdict on one listed key (a v1 record or a v2 object) before it meets its seal. */
export interface VerifiedKey {
  listed?: ListedKey;
  key: string;
  hour?: number;
  /** What is wrong with the key as a whole (the object against its name, lock facts, its seal): every record in it then fails. */
  errors: VerificationProblem[];
  records: KeyRecord[];
  /** The files its attestations name (attachments/sha256/<hex>), for the attachment check. */
  attachments?: AttachmentReference[];
}

/** A file an attestation names: its SHA-256, its size, and where the attestation is. */
export interface AttachmentReference {
  sha256: string;
  bytes: number;
  address: string;
}

/** What verifying one key needs, the same for every key of a run. */
export interface KeyContext {
  store: EvidenceStore;
  trustedKeys: ReadonlyMap<string, KeyObject>;
  cache: SignatureCache;
  clock: VerifyClock;
  lock?: (key: string, since: string | undefined) => Promise<VerificationProblem[]>;
}

/** A v2 object (records/v2, or a ledger area's with its kind): its name against its bytes, each line on its own and in its place. */
async function verifyObject(key: string, context: KeyContext, hour: number | undefined, kind?: ObjectKind): Promise<VerifiedKey> {
  const read = await readBytes(context.store, key);
  if ('error' in read) {
    // Nothing to check but its name: an odd name is still reported as such.
    const errors = [...checkStoredObject(key, undefined, context.trustedKeys, context.cache, context.clock, kind).errors.filter((e) => e.code !== 'OBJECT_UNREADABLE'), read.error];
    return { key, ...(hour !== undefined ? { hour, listed: { key, version: 'v2', hour } } : {}), errors, records: [] };
  }
  const check = checkStoredObject(key, read.bytes, context.trustedKeys, context.cache, context.clock, kind, await sha256Off(read.bytes));
  if (context.lock) check.errors.push(...(await context.lock(key, check.collectedAt)));
  const records: KeyRecord[] = [];
  const attachments: AttachmentReference[] = [];
  for (const line of check.lines) {
    const record: KeyRecord = { address: line.address, id: line.check.id, errors: line.check.errors };
    if (line.check.keyId) record.keyId = line.check.keyId;
    if (line.result !== undefined) record.result = line.result;
    records.push(record);
    const attachment = (line.document as { attachment?: { sha256: string; bytes: number } } | undefined)?.attachment;
    if (attachment) attachments.push({ sha256: attachment.sha256, bytes: attachment.bytes, address: line.address });
  }
  const listed: ListedKey | undefined = hour === undefined ? undefined : { key, version: 'v2', hour, ...(check.sha256 ? { sha256: check.sha256 } : {}), ...(check.signedAt ? { signedAt: check.signedAt } : {}) };
  return { key, ...(hour !== undefined ? { hour } : {}), errors: check.errors, records, ...(listed ? { listed } : {}), ...(attachments.length > 0 ? { attachments } : {}) };
}

/** A records/v1 record: the record on its own and its key against its content. */
async function verifyV1Record(key: string, context: KeyContext, hour: number | undefined): Promise<VerifiedKey> {
  const read = await readJsonObject(context.store, key);
  const check = checkStoredRecord(key, read, context.trustedKeys, context.cache, context.clock);
  if (context.lock) check.errors.push(...(await context.lock(key, check.collectedAt)));
  const result = 'value' in read ? (read.value as { result?: unknown } | null)?.result : undefined;
  const { sealFacts } = check;
  const listed: ListedKey | undefined = hour === undefined ? undefined : { key, version: 'v1', hour, contentOk: sealFacts.contentOk, ...(sealFacts.claimedLeafHash ? { claimedLeafHash: sealFacts.claimedLeafHash } : {}), ...(sealFacts.signedAt ? { signedAt: sealFacts.signedAt } : {}) };
  // A v1 key IS its record: the record's own errors are reported under the key.
  const record: KeyRecord = { address: key, id: check.id, errors: check.errors, ...(check.keyId ? { keyId: check.keyId } : {}), ...(typeof result === 'string' ? { result } : {}) };
  return { key, ...(hour !== undefined ? { hour } : {}), errors: [], records: [record], ...(listed ? { listed } : {}) };
}

/**
 * Verifies one listed key, v1 record, records/v2 object or ledger object, into its verdict. Never throws: whatever the
 * bytes provoke (a string too long to build, a bug) is the key's OBJECT_UNVERIFIABLE failure,
 * and the rest of the store is still verified.
 */
export async function verifyKey(key: string, context: KeyContext): Promise<VerifiedKey> {
  const hour = writeHourOf(key)?.getTime();
  try {
    if (key.startsWith(RECORDS_V2_PREFIX)) return await verifyObject(key, context, hour);
    if (LEDGER_PREFIXES.some((prefix) => key.startsWith(prefix))) return await verifyObject(key, context, hour, LEDGER_OBJECTS as unknown as ObjectKind);
    return await verifyV1Record(key, context, hour);
  } catch (error) {
    return { key, errors: [verificationProblem('OBJECT_UNVERIFIABLE', { error: (error as Error).message })], records: [] };
  }
}
