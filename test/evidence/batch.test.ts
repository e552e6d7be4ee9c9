import { createHash, createPrivateKey, sign } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { SchemaError, VerificationError } from '../../lib/errors.ts';
import { signBatch } from '../../lib/evidence/batch.ts';
import { canonicalBytes } from '../../lib/evidence/canonical.ts';
import { leafHash, merkleRoot, verifyAuditPath } from '../../lib/evidence/merkle.ts';
import { fingerprint, pinKeys } from '../../lib/evidence/keys.ts';
import { KmsSigner } from '../../lib/signers/kms.ts';
import { batchStatement, statementBytes, statementOfProof } from '../../lib/evidence/statement.ts';
import type { Signer } from '../../lib/evidence/types.ts';
import { verifyRecord } from '../../lib/evidence/verify-record.ts';
import { freshSigner, unsignedRecord, unsignedRecords } from './helpers.ts';

const NOW = new Date('2026-05-01T13:05:00.000Z');

/** Wraps a signer to count sign calls. */
function counting(signer: Signer): Signer & { calls: Buffer[] } {
  const calls: Buffer[] = [];
  return { keyId: () => signer.keyId(), publicKeyPem: () => signer.publicKeyPem(), sign: async (m) => (calls.push(m), signer.sign(m)), calls };
}

describe('signBatch', () => {
  it('signs a batch with one sign call and gives every record its own proof', async () => {
    // Prepare
    const { signer, publicPem } = freshSigner();
    const spy = counting(signer);
    const records = unsignedRecords(7);
    // Act
    const signed = await signBatch(records, spy, NOW);
    // Assess
    expect(spy.calls).toHaveLength(1);
    const root = merkleRoot(records.map((r) => leafHash(canonicalBytes(r))));
    expect(spy.calls[0]!.toString('utf8')).toBe(
      `{"keyId":"${fingerprint(publicPem)}","root":"${root}","signedAt":"2026-05-01T13:05:00.000Z","treeSize":7,"type":"trailproof/batch/v1"}`,
    );
    signed.forEach((record, i) => {
      const { integrity, ...content } = record;
      expect(content).toEqual(records[i]);
      expect(integrity.canonicalization).toBe('RFC8785');
      expect(integrity.leafHash).toBe(leafHash(canonicalBytes(records[i]!)));
      expect(integrity.batch).toMatchObject({ root, treeSize: 7, leafIndex: i, signedAt: NOW.toISOString(), keyId: fingerprint(publicPem), algorithm: 'ECDSA_P256_SHA256' });
      expect(verifyAuditPath(integrity.leafHash, i, 7, integrity.batch.auditPath, root)).toBe(true);
      expect(verifyRecord(JSON.parse(JSON.stringify(record)), pinKeys([publicPem])).errors).toEqual([]);
    });
  });

  it('returns [] for an empty batch without calling the signer', async () => {
    // Prepare
    const spy = counting(freshSigner().signer);
    // Act
    const signed = await signBatch([], spy);
    // Assess
    expect(signed).toEqual([]);
    expect(spy.calls).toHaveLength(0);
  });

  it('signs nothing when one record of the batch is malformed, naming the record and the path', async () => {
    // Prepare
    const spy = counting(freshSigner().signer);
    const bad = { ...unsignedRecord(2), result: 'maybe' } as unknown as ReturnType<typeof unsignedRecord>;
    // Act
    const attempt = signBatch([unsignedRecord(1), bad, unsignedRecord(3)], spy);
    // Assess
    await expect(attempt).rejects.toThrow(SchemaError);
    await expect(attempt).rejects.toThrow(/records\[1\]\.result: must be one of/);
    expect(spy.calls).toHaveLength(0);
  });

  it('refuses a signer whose signature its own public key does not verify', async () => {
    // Prepare: a signer that publishes one key and signs with another
    const honest = freshSigner().signer;
    const other = freshSigner().signer;
    const confused: Signer = { keyId: () => honest.keyId(), publicKeyPem: () => honest.publicKeyPem(), sign: (m) => other.sign(m) };
    // Act / Assess
    const attempt = signBatch(unsignedRecords(2), confused);
    await expect(attempt).rejects.toThrow(VerificationError);
    await expect(attempt).rejects.toMatchObject({ code: 'SIGNER_SELF_CHECK_FAILED' });
  });

  it('signs a batch with exactly one KMS Sign call whose digest is SHA-256 of the statement', async () => {
    // Prepare
    const { privatePem, publicPem } = freshSigner();
    const kms = mockClient(KMSClient);
    const records = unsignedRecords(25);
    const keyId = fingerprint(publicPem);
    const root = merkleRoot(records.map((r) => leafHash(canonicalBytes(r))));
    const expected = statementBytes(batchStatement({ root, treeSize: 25, signedAt: NOW.toISOString(), keyId }));
    const privateKey = createPrivateKey(privatePem);
    kms.on(GetPublicKeyCommand).resolves({
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      PublicKey: new Uint8Array(pinKeys([publicPem]).get(keyId)!.export({ type: 'spki', format: 'der' })),
    });
    // KMS signs whatever digest arrives; only the digest of the expected statement gets a valid signature here.
    const sha = createHash('sha256').update(expected).digest();
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({
      Signature: Buffer.from(input.Message).equals(sha) ? sign('sha256', expected, privateKey) : Buffer.from([0x30, 0]),
    }));
    const signer = new KmsSigner(new KMSClient({ region: 'us-east-1' }), 'alias/trailproof');
    // Act
    const signed = await signBatch(records, signer, NOW);
    await signBatch(unsignedRecords(1), signer, NOW).catch(() => undefined);
    // Assess
    expect(kms).toHaveReceivedCommandTimes(SignCommand, 2);
    expect(kms).toHaveReceivedNthCommandWith(SignCommand, 1, { KeyId: 'alias/trailproof', MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256', Message: new Uint8Array(sha) });
    expect(kms).toHaveReceivedCommandTimes(GetPublicKeyCommand, 1);
    expect(statementBytes(statementOfProof(signed[0]!.integrity.batch)).equals(expected)).toBe(true);
    for (const record of signed) expect(verifyRecord(record, pinKeys([publicPem])).ok).toBe(true);
    kms.restore();
  });

  it('does not mutate the records it is given', async () => {
    // Prepare
    const records = unsignedRecords(3);
    const before = structuredClone(records);
    // Act
    await signBatch(records, freshSigner().signer);
    // Assess
    expect(records).toEqual(before);
  });
});
