import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectLockConfigurationCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { signBatch } from '../../lib/evidence/batch.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { recordKey } from '../../lib/store/layout.ts';
import { publishPublicKey } from '../../lib/store/publish-key.ts';
import { S3Store } from '../../lib/store/s3.ts';
import { freshSigner, unsignedRecords } from '../evidence/helpers.ts';
import { codesByKey } from '../fixtures/verification.ts';

/**
 * S3Store against a real S3 server with Object Lock (Ceph radosgw on loopback: scripts/rgw-up.sh).
 * Not asserted here because radosgw differs from AWS (see shared notes/real-s3.md): IfNoneMatch on
 * versioned buckets, and checksum validation.
 */
const endpoint = process.env.TRAILPROOF_S3_ENDPOINT;
const title = endpoint
  ? `S3Store on a real S3 server at ${endpoint}`
  : 'S3Store on a real S3 server (skipped: run scripts/rgw-up.sh, then set TRAILPROOF_S3_ENDPOINT=http://127.0.0.1:7480)';

describe.skipIf(!endpoint)(title, () => {
  const client = new S3Client({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    // Test-only keys of the loopback gateway scripts/rgw-up.sh creates.
    credentials: {
      accessKeyId: process.env.TRAILPROOF_S3_ACCESS_KEY ?? 'AKIATESTTESTTEST0001',
      secretAccessKey: process.env.TRAILPROOF_S3_SECRET_KEY ?? 'testsecrettestsecrettestsecret0001',
    },
  });
  const bucket = `trailproof-it-${Date.now().toString(36)}-${process.pid}`;
  const keys = freshSigner();
  const store = new S3Store({ client, bucket, prefix: 'evidence/', retentionDays: 1 });
  const writtenAt = new Date();
  let signed: EvidenceRecord[];

  beforeAll(async () => {
    await client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    signed = await signBatch(unsignedRecords(5), keys.signer);
    for (const record of signed) {
      const result = await store.put(recordKey(record, writtenAt), `${JSON.stringify(record, null, 2)}\n`);
      expect(result.created).toBe(true);
    }
    await publishPublicKey(store, keys.signer);
  });

  it('created an Object Lock bucket', async () => {
    const lock = await client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    expect(lock.ObjectLockConfiguration?.ObjectLockEnabled).toBe('Enabled');
  });

  it('stores every record under COMPLIANCE retention until a day after the write', async () => {
    // Prepare
    const before = Date.now();
    // Act
    const heads = await Promise.all(signed.map((r) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: `evidence/${recordKey(r, writtenAt)}` }))));
    // Assess
    for (const head of heads) {
      expect(head.ObjectLockMode).toBe('COMPLIANCE');
      const retainUntil = head.ObjectLockRetainUntilDate!.getTime();
      expect(retainUntil).toBeGreaterThan(before + 86_400_000 - 10 * 60_000);
      expect(retainUntil).toBeLessThan(before + 86_400_000 + 10 * 60_000);
      expect(head.ContentType).toBe('application/json');
    }
  });

  it('refuses to delete a locked version (403)', async () => {
    // Prepare
    const key = `evidence/${recordKey(signed[0]!, writtenAt)}`;
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    // Act
    const attempt = client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: head.VersionId }));
    // Assess
    await expect(attempt).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect((await store.get(recordKey(signed[0]!, writtenAt)))?.toString()).toBe(`${JSON.stringify(signed[0], null, 2)}\n`);
  });

  it('verifies every record read back from S3, Object Lock facts included', async () => {
    // Act
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] }, { lock: { minRetentionDays: 1 } });
    // Assess
    expect(report).toMatchObject({ checked: 5, ok: 5, objects: 5, failures: [], lockChecked: true });
  });

  it('reports a second version of a key written around the store as an overwrite attempt', async () => {
    // Prepare: a writer bypassing S3Store (no IfNoneMatch) makes a new version; the old one stays locked
    const [extra] = await signBatch(unsignedRecords(6).slice(5), keys.signer);
    const key = recordKey(extra!, writtenAt);
    await store.put(key, JSON.stringify(extra));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `evidence/${key}`, Body: JSON.stringify({ ...extra, result: 'pass' }) }));
    // Act
    const info = await store.describe(key);
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] }, { prefix: key, lock: { minRetentionDays: 1 } });
    // Assess
    expect(info?.versions).toBe(2);
    expect(Object.keys(codesByKey(report.failures))).toEqual([key]);
    expect(codesByKey(report.failures)[key]).toEqual(expect.arrayContaining(['LEAF_HASH_MISMATCH', 'OVERWRITE_ATTEMPTED']));
  });
});
