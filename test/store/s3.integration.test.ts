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
import { sealPending } from '../../lib/seal/seal-pending.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { recordObject } from '../../lib/store/record-object.ts';
import { publishPublicKey } from '../../lib/store/publish-key.ts';
import { S3_RETRY, S3Store } from '../../lib/store/s3.ts';
import { freshSigner, unsignedRecords } from '../evidence/helpers.ts';
import { codes, codesByKey } from '../fixtures/verification.ts';

/**
 * S3Store against a real S3 server with Object Lock (Ceph radosgw on loopback: scripts/rgw-up.sh),
 * on the v2 layout: one object per signed batch. radosgw differs from AWS (see shared
 * notes/real-s3.md): it ignores IfNoneMatch on versioned buckets, so a repeated PUT of an object
 * makes a second version of the same bytes, which must not read as an overwrite; it does not
 * validate checksums.
 */
const endpoint = process.env.TRAILPROOF_S3_ENDPOINT;
const title = endpoint
  ? `S3Store on a real S3 server at ${endpoint}`
  : 'S3Store on a real S3 server (skipped: run scripts/rgw-up.sh, then set TRAILPROOF_S3_ENDPOINT=http://127.0.0.1:7480)';

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe.skipIf(!endpoint)(title, () => {
  const client = new S3Client({
    ...S3_RETRY,
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
  const trust = { publicKeys: [keys.publicPem] };
  let signed: EvidenceRecord[];
  let object: { key: string; bytes: Buffer };

  beforeAll(async () => {
    await client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    signed = await signBatch(unsignedRecords(5), keys.signer, writtenAt);
    object = recordObject(signed, writtenAt);
    expect((await store.put(object.key, object.bytes)).created).toBe(true);
    await publishPublicKey(store, keys.signer);
  });

  it('created an Object Lock bucket', async () => {
    const lock = await client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    expect(lock.ObjectLockConfiguration?.ObjectLockEnabled).toBe('Enabled');
  });

  it('stores a batch as one JSON Lines object under COMPLIANCE retention until a day after the write', async () => {
    // Prepare
    const before = Date.now();
    // Act
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: `evidence/${object.key}` }));
    // Assess
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    const retainUntil = head.ObjectLockRetainUntilDate!.getTime();
    expect(retainUntil).toBeGreaterThan(before + 86_400_000 - 10 * 60_000);
    expect(retainUntil).toBeLessThan(before + 86_400_000 + 10 * 60_000);
    expect(head.ContentType).toBe('application/x-ndjson');
    expect(head.ContentLength).toBe(object.bytes.length);
    expect((await store.get(object.key))?.equals(object.bytes)).toBe(true);
  });

  it('refuses to delete a locked version (403)', async () => {
    // Prepare
    const key = `evidence/${object.key}`;
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    // Act
    const attempt = client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: head.VersionId }));
    // Assess
    await expect(attempt).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect((await store.get(object.key))?.equals(object.bytes)).toBe(true);
  });

  it('verifies every record of the object read back from S3, Object Lock facts included', async () => {
    // Act
    const report = await verifyStore(store, trust, { lock: { minRetentionDays: 1 } });
    // Assess
    expect(report).toMatchObject({ checked: 5, ok: 5, objects: 1, failures: [], lockChecked: true });
  });

  it('lists after a key with StartAfter', async () => {
    // Prepare
    const later = recordObject(await signBatch(unsignedRecords(7).slice(5), keys.signer, writtenAt), writtenAt);
    await store.put(later.key, later.bytes);
    const [first, second] = [object.key, later.key].sort();
    // Act / Assess
    expect(await collect(store.list('records/v2/', { startAfter: first }))).toEqual([second]);
  });

  it('takes a repeated PUT of the same object as a retried write, not an overwrite, though radosgw keeps a second version', async () => {
    // Prepare: the writer's PUT answered too late and sent again
    const retried = recordObject(await signBatch(unsignedRecords(9).slice(7), keys.signer, writtenAt), writtenAt);
    await store.put(retried.key, retried.bytes);
    const again = await store.put(retried.key, retried.bytes);
    // Act
    const info = await store.describe(retried.key);
    const report = await verifyStore(store, trust, { prefix: retried.key, lock: { minRetentionDays: 1 } });
    // Assess: AWS would answer 412 (created: false); radosgw writes a version of the same bytes
    expect(again.created === false || info?.versions === 2).toBe(true);
    expect(info?.distinctVersions ?? 1).toBe(1);
    expect(report).toMatchObject({ checked: 2, ok: 2, failures: [] });
  });

  it('counts a rerun that signed the same records again once, as a retry', async () => {
    // Prepare: the same unsigned records signed a second time (a crash after the PUT, then a rerun)
    const rerun = recordObject(await signBatch(unsignedRecords(5), keys.signer, writtenAt), writtenAt);
    await store.put(rerun.key, rerun.bytes);
    // Act
    const report = await verifyStore(store, trust, { lock: { minRetentionDays: 1 } });
    // Assess
    expect(report.failures).toEqual([]);
    expect(report.duplicates).toBe(5);
    expect(codes(report.warnings ?? [])).toContain('RECORD_RETRIED');
  });

  it('reports a second version with other bytes, written around the store, as an overwrite and a changed object', async () => {
    // Prepare: a writer bypassing S3Store (no IfNoneMatch) makes a new version; the old one stays locked
    const extra = recordObject(await signBatch(unsignedRecords(10).slice(9), keys.signer, writtenAt), writtenAt);
    await store.put(extra.key, extra.bytes);
    const forged = extra.bytes.toString('utf8').replace(/"result":"[a-z_]+"/, '"result":"pass"').replace(/"reason":"[^"]*"/, '"reason":"all good"');
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `evidence/${extra.key}`, Body: forged }));
    // Act
    const info = await store.describe(extra.key);
    const report = await verifyStore(store, trust, { prefix: extra.key, lock: { minRetentionDays: 1 } });
    // Assess
    expect(info).toMatchObject({ versions: 2, distinctVersions: 2 });
    expect(codesByKey(report.failures)[extra.key]).toEqual(expect.arrayContaining(['OBJECT_SHA256_MISMATCH', 'OVERWRITE_ATTEMPTED']));
  });

  it('seals the hour from LIST requests and verifies the chain from S3', async () => {
    // Act
    const run = await sealPending(store, keys.signer, { through: 'now', now: new Date() });
    const report = await verifyStore(store, trust);
    // Assess
    expect(run.sealed.at(-1)).toMatchObject({ key: expect.stringMatching(/^seals\/v2\//), final: true });
    expect(report.seals).toMatchObject({ failures: [] });
    expect(report.seals!.checked).toBe(run.sealed.length);
  });
});
