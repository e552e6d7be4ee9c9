import type { KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { signBatch } from '../../lib/evidence/batch.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import type { VerificationCode } from '../../lib/evidence/verification-codes.ts';
import { verifyRecord } from '../../lib/evidence/verify-record.ts';
import { codes } from '../fixtures/verification.ts';
import { freshSigner, unsignedRecord, unsignedRecords } from './helpers.ts';

/**
 * The tamper catalog: every way an attacker with write access to the bytes could change evidence,
 * and the codes verification answers with, in order. One row per attack.
 */

const keys = freshSigner();
let batchA: EvidenceRecord[];
let batchB: EvidenceRecord[];
let forged: EvidenceRecord;
const copy = (record: EvidenceRecord) => JSON.parse(JSON.stringify(record)) as EvidenceRecord;
const trusted = () => pinKeys([keys.publicPem]);

beforeAll(async () => {
  batchA = await signBatch(unsignedRecords(5), keys.signer);
  batchB = await signBatch([unsignedRecord(11), unsignedRecord(12), unsignedRecord(13), unsignedRecord(14), unsignedRecord(15)], keys.signer);
  [forged] = (await signBatch([{ ...unsignedRecord(1), result: 'pass' as const }], freshSigner().signer)) as [EvidenceRecord];
});

interface Tampering {
  /** What the attacker did. */
  attack: string;
  /** The genuine record the attack starts from (a copy is changed). */
  from: () => EvidenceRecord;
  /** The change, made in place on the copy. */
  mutate?: (record: EvidenceRecord) => void;
  /** The pinned keys the auditor verifies with; default the genuine key. */
  pinned?: () => Map<string, KeyObject>;
  expected: VerificationCode[];
}

const CATALOG: Tampering[] = [
  // fail -> pass is the forgery that matters
  { attack: 'a changed field (result fail -> pass)', from: () => batchA[2]!, mutate: (r) => void (r.result = 'pass'), expected: ['LEAF_HASH_MISMATCH'] },
  {
    attack: 'a changed nested fact',
    from: () => batchA[0]!,
    mutate: (r) => void ((r.observed.openRules as Array<{ cidr: string }>)[0]!.cidr = '10.0.0.0/8'),
    expected: ['LEAF_HASH_MISMATCH'],
  },
  // Recompute nothing but the leaf hash, as an attacker would
  {
    attack: 'a changed leaf hash to match changed content',
    from: () => batchA[1]!,
    mutate: (r) => Object.assign(r, { reason: 'all good', integrity: { ...r.integrity, leafHash: 'f'.repeat(64) } }),
    expected: ['LEAF_HASH_MISMATCH', 'AUDIT_PATH_INVALID'],
  },
  // A real signature of another batch: valid DER, just not for this statement
  { attack: 'a changed signature', from: () => batchA[3]!, mutate: (r) => void (r.integrity.batch.signature = batchB[0]!.integrity.batch.signature), expected: ['SIGNATURE_INVALID'] },
  { attack: 'a signature that is not even DER', from: () => batchA[3]!, mutate: (r) => void (r.integrity.batch.signature = btoa('garbage')), expected: ['SIGNATURE_INVALID'] },
  { attack: 'a changed audit path', from: () => batchA[4]!, mutate: (r) => void (r.integrity.batch.auditPath[0] = 'a'.repeat(64)), expected: ['AUDIT_PATH_INVALID'] },
  { attack: 'a changed leaf index', from: () => batchA[1]!, mutate: (r) => void (r.integrity.batch.leafIndex = 0), expected: ['AUDIT_PATH_INVALID'] },
  { attack: 'a leaf index outside the batch', from: () => batchA[1]!, mutate: (r) => void (r.integrity.batch.leafIndex = 5), expected: ['LEAF_INDEX_OUT_OF_RANGE'] },
  { attack: 'a changed signedAt (back-dating the batch)', from: () => batchA[1]!, mutate: (r) => void (r.integrity.batch.signedAt = '2020-01-01T00:00:00.000Z'), expected: ['SIGNATURE_INVALID'] },
  // A genuine, correctly signed batch proof, but of a batch this record is not in
  { attack: 'a record moved into another batch', from: () => batchA[2]!, mutate: (r) => void (r.integrity.batch = copy(batchB[2]!).integrity.batch), expected: ['AUDIT_PATH_INVALID'] },
  // The record is intact, but signed by a key the auditor never pinned
  { attack: 'a key that is not pinned', from: () => batchA[0]!, pinned: () => pinKeys([freshSigner().publicPem]), expected: ['KEY_NOT_PINNED'] },
  // A whole batch re-signed by an attacker key (made in beforeAll) that claims the pinned key id
  { attack: 'a batch re-signed by another key claiming the pinned key id', from: () => forged, mutate: (r) => void (r.integrity.batch.keyId = batchA[0]!.integrity.batch.keyId), expected: ['SIGNATURE_INVALID'] },
  // Structure is checked before any hashing, and every failing path is its own problem
  {
    attack: 'a malformed record (no check, a string treeSize)',
    from: () => batchA[0]!,
    mutate: (r) => Object.assign(r, { check: undefined, integrity: { ...r.integrity, batch: { ...r.integrity.batch, treeSize: '5' } } }),
    expected: ['SCHEMA_INVALID', 'SCHEMA_INVALID'],
  },
];

describe('tampered evidence fails verification with the specific code', () => {
  it('an untouched record verifies (the baseline the other cases break)', () => {
    expect(verifyRecord(copy(batchA[2]!), trusted())).toEqual({ ok: true, errors: [], keyId: batchA[2]!.integrity.batch.keyId, record: batchA[2], leafHash: batchA[2]!.integrity.leafHash });
  });

  it.each(CATALOG)('$attack -> $expected', ({ from, mutate, pinned, expected }) => {
    // Prepare: JSON round trip, as the record would be read back from a store
    const document = copy(from());
    mutate?.(document);
    // Act
    const result = verifyRecord(JSON.parse(JSON.stringify(document)), (pinned ?? trusted)());
    // Assess
    expect(result.ok).toBe(false);
    expect(codes(result.errors)).toEqual(expected);
  });
});
