import type { KeyObject } from 'node:crypto';
import type { EvidenceRecord } from '../evidence/types.ts';
import { hasProblem, verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { verifyRecord, type SignatureCache } from '../evidence/verify-record.ts';
import { parseRecordKey } from '../store/layout.ts';
import { futureDateErrors, keyHourErrors, signedHourErrors, type VerifyClock } from './dates.ts';
import type { ReadObject } from './read-object.ts';

const HOUR_MS = 3_600_000;
const RECORD_LAYOUT = 'records/v1/YYYY/MM/DD/HH/<check-id>/<record-id>.json';

/** What the seal cross-check needs to know about one listed record key. */
interface RecordSealFacts {
  /** The record's own integrity.leafHash, when it is a schema-valid record. */
  claimedLeafHash?: string;
  /** Whether the leaf hash recomputed from the stored content equals the claimed one. */
  contentOk: boolean;
  /** When its batch was signed: never after the seal that lists it. */
  signedAt?: string;
}

/** The verdict on one stored record object. */
export interface RecordCheck {
  /** The record id, or `key:<key>` for an object without one (counted once by its key). */
  id: string;
  errors: VerificationProblem[];
  keyId?: string;
  /** When the record says it was collected (schema-valid records): retention counts from it. */
  collectedAt?: string;
  sealFacts: RecordSealFacts;
}

/** Does the key say what the record says? A record copied to another check's folder or hour is suspect. */
function layoutErrors(key: string, record: EvidenceRecord, clock: VerifyClock): VerificationProblem[] {
  const parts = parseRecordKey(key);
  if (!parts) return [verificationProblem('KEY_LAYOUT_INVALID', { layout: RECORD_LAYOUT })];
  const errors: VerificationProblem[] = [];
  if (parts.checkId !== record.check.id) errors.push(verificationProblem('KEY_CHECK_MISMATCH', { keyCheckId: parts.checkId, recordCheckId: record.check.id }));
  if (parts.recordId !== record.id) errors.push(verificationProblem('KEY_RECORD_ID_MISMATCH', { keyRecordId: parts.recordId, recordId: record.id }));
  // The hour in the key is when the record was written, which is never before it was collected.
  if (parts.hour.getTime() + HOUR_MS <= Date.parse(record.collectedAt)) {
    errors.push(verificationProblem('KEY_HOUR_BACKDATED', { hour: parts.hour.toISOString(), collectedAt: record.collectedAt }));
  }
  errors.push(...keyHourErrors(parts.hour, clock), ...signedHourErrors(record.integrity.batch.signedAt, parts.hour, 'any'));
  return errors;
}

/**
 * Checks one stored record object: the record on its own (verifyRecord: schema, leaf hash, audit
 * path, pinned key, signature), its key against its content, and its dates against the clock
 * (nothing signed or collected in the future, nothing signed after its write hour). Lock facts are the caller's.
 */
export function checkStoredRecord(key: string, read: ReadObject, trustedKeys: ReadonlyMap<string, KeyObject>, cache: SignatureCache, clock: VerifyClock): RecordCheck {
  if ('error' in read) {
    const layout = parseRecordKey(key) ? [] : [verificationProblem('KEY_LAYOUT_INVALID', { layout: RECORD_LAYOUT })];
    return { id: `key:${key}`, errors: [...layout, read.error], sealFacts: { contentOk: false } };
  }
  const result = verifyRecord(read.value, trustedKeys, cache);
  const errors = [...result.errors];
  // verifyRecord recomputed the leaf hash from the content; the seal cross-check reuses that verdict.
  const sealFacts = {
    claimedLeafHash: result.record?.integrity.leafHash,
    contentOk: result.record !== undefined && !hasProblem(errors, 'LEAF_HASH_MISMATCH'),
    ...(result.record ? { signedAt: result.record.integrity.batch.signedAt } : {}),
  };
  if (result.record) {
    const { collectedAt, integrity } = result.record;
    errors.push(...futureDateErrors('integrity.batch.signedAt', integrity.batch.signedAt, clock), ...futureDateErrors('collectedAt', collectedAt, clock));
    errors.push(...layoutErrors(key, result.record, clock));
  }
  const claimedId = (read.value as { id?: unknown } | null)?.id;
  return {
    id: typeof claimedId === 'string' ? claimedId : `key:${key}`,
    errors,
    ...(result.keyId ? { keyId: result.keyId } : {}),
    ...(result.record ? { collectedAt: result.record.collectedAt } : {}),
    sealFacts,
  };
}
