import { beforeAll, describe, expect, it } from 'vitest';
import { signBatch } from '../../lib/evidence/batch.ts';
import { pinKeys } from '../../lib/evidence/keys.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { verifyRecord } from '../../lib/evidence/verify-record.ts';
import { freshSigner, unsignedRecord, unsignedRecords } from './helpers.ts';

/** Every way an attacker with write access to the bytes could change evidence, and the sentence verify says. */

const keys = freshSigner();
let batchA: EvidenceRecord[];
let batchB: EvidenceRecord[];
const copy = (record: EvidenceRecord) => JSON.parse(JSON.stringify(record)) as EvidenceRecord;
const trusted = () => pinKeys([keys.publicPem]);

beforeAll(async () => {
  batchA = await signBatch(unsignedRecords(5), keys.signer);
  batchB = await signBatch([unsignedRecord(11), unsignedRecord(12), unsignedRecord(13), unsignedRecord(14), unsignedRecord(15)], keys.signer);
});

describe('tampered evidence fails verification with the specific reason', () => {
  it('an untouched record verifies (the baseline the other cases break)', () => {
    expect(verifyRecord(copy(batchA[2]!), trusted())).toEqual({ ok: true, errors: [], keyId: batchA[2]!.integrity.batch.keyId, record: batchA[2] });
  });

  it('a changed field', () => {
    // Prepare: fail -> pass is the forgery that matters
    const record = copy(batchA[2]!);
    record.result = 'pass';
    // Act
    const result = verifyRecord(record, trusted());
    // Assess
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(['leaf hash mismatch: record content changed']);
  });

  it('a changed nested fact', () => {
    const record = copy(batchA[0]!);
    (record.observed.openRules as Array<{ cidr: string }>)[0]!.cidr = '10.0.0.0/8';
    expect(verifyRecord(record, trusted()).errors).toEqual(['leaf hash mismatch: record content changed']);
  });

  it('a changed leaf hash to match changed content', () => {
    // Prepare: recompute nothing but the leaf hash, as an attacker would
    const record = copy(batchA[1]!);
    record.reason = 'all good';
    record.integrity.leafHash = 'f'.repeat(64);
    // Act / Assess
    expect(verifyRecord(record, trusted()).errors).toEqual(['leaf hash mismatch: record content changed', 'audit path does not lead to root: the record is not part of the batch it names']);
  });

  it('a changed signature', () => {
    // Prepare: a real signature of another batch, so it is valid DER, just not for this statement
    const record = copy(batchA[3]!);
    record.integrity.batch.signature = batchB[0]!.integrity.batch.signature;
    // Act / Assess
    expect(verifyRecord(record, trusted()).errors).toEqual([`signature invalid: the batch statement was not signed by ${record.integrity.batch.keyId}`]);
  });

  it('a signature that is not even DER', () => {
    const record = copy(batchA[3]!);
    record.integrity.batch.signature = Buffer.from('garbage').toString('base64');
    expect(verifyRecord(record, trusted()).errors).toEqual([`signature invalid: the batch statement was not signed by ${record.integrity.batch.keyId}`]);
  });

  it('a changed audit path', () => {
    // Prepare
    const record = copy(batchA[4]!);
    record.integrity.batch.auditPath[0] = 'a'.repeat(64);
    // Act / Assess
    expect(verifyRecord(record, trusted()).errors).toEqual(['audit path does not lead to root: the record is not part of the batch it names']);
  });

  it('a changed leaf index', () => {
    const record = copy(batchA[1]!);
    record.integrity.batch.leafIndex = 0;
    expect(verifyRecord(record, trusted()).errors).toEqual(['audit path does not lead to root: the record is not part of the batch it names']);
  });

  it('a leaf index outside the batch', () => {
    const record = copy(batchA[1]!);
    record.integrity.batch.leafIndex = 5;
    expect(verifyRecord(record, trusted()).errors).toEqual(['audit path does not lead to root: leaf index 5 is outside a batch of 5']);
  });

  it('a changed signedAt (back-dating the batch)', () => {
    const record = copy(batchA[1]!);
    record.integrity.batch.signedAt = '2020-01-01T00:00:00.000Z';
    expect(verifyRecord(record, trusted()).errors).toEqual([`signature invalid: the batch statement was not signed by ${record.integrity.batch.keyId}`]);
  });

  it('a record moved into another batch (integrity.batch swapped from another batch)', () => {
    // Prepare: a genuine, correctly signed batch proof, but of a batch this record is not in
    const record = copy(batchA[2]!);
    record.integrity.batch = copy(batchB[2]!).integrity.batch;
    // Act
    const result = verifyRecord(record, trusted());
    // Assess
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(['audit path does not lead to root: the record is not part of the batch it names']);
  });

  it('a key that is not pinned', () => {
    // Prepare: the record is intact, but signed by a key the auditor never pinned
    const record = copy(batchA[0]!);
    const otherKeys = pinKeys([freshSigner().publicPem]);
    // Act
    const result = verifyRecord(record, otherKeys);
    // Assess
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([`key ${record.integrity.batch.keyId} is not pinned: signatures by keys you did not pin are not trusted`]);
  });

  it('a whole batch re-signed by an attacker key claiming the pinned key id', async () => {
    // Prepare
    const attacker = freshSigner();
    const forged = (await signBatch([{ ...unsignedRecord(1), result: 'pass' as const }], attacker.signer)).map(copy)[0]!;
    forged.integrity.batch.keyId = batchA[0]!.integrity.batch.keyId;
    // Act / Assess
    expect(verifyRecord(forged, trusted()).errors).toEqual([`signature invalid: the batch statement was not signed by ${forged.integrity.batch.keyId}`]);
  });

  it('a malformed record fails the schema naming the path, before any hashing', () => {
    // Prepare
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reaching into a record to break it
    const record = copy(batchA[0]!) as unknown as Record<string, any>;
    delete record.check;
    record.integrity.batch.treeSize = '5';
    // Act
    const result = verifyRecord(record, trusted());
    // Assess
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(expect.arrayContaining(['schema: check: is required', 'schema: integrity.batch.treeSize: must be integer']));
  });
});
