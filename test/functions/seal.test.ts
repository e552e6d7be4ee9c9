import './support/quiet-logs.ts';
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type GetObjectCommandInput, type ListObjectsV2CommandInput, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../functions/seal.ts';
import { signBatch } from '../../lib/evidence/batch.ts';
import { verifyIntegrity } from '../../lib/evidence/verify-record.ts';
import { validateSealV2 } from '../../lib/evidence/schemas.ts';
import { recordObject } from '../../lib/store/record-object.ts';
import { readTimestampResponse } from '../../lib/timestamp/token.ts';
import { freshSigner, unsignedRecords } from '../evidence/helpers.ts';
import { downTsaUrl, hasOpenssl, startLocalTsa } from '../fixtures/tsa/local-tsa.ts';
import { BUCKET, ENV, fakeKms, lambdaContext, sdkError } from './support/harness.ts';

const NOW = new Date('2026-05-01T15:20:00Z');
const PREFIX = 'evidence/';
/** The collectors' records are signed like any batch; the sealer's key is the KMS mock's. */
const recordsSigner = freshSigner().signer;

/** The evidence bucket behind ListObjectsV2 / GetObject / PutObject, create-only like S3 with IfNoneMatch '*'. */
function fakeBucket() {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' }, maxAttempts: 1 });
  const mock = mockClient(client);
  const objects = new Map<string, Buffer>();
  mock.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => ({
    Contents: [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '') && (!input.StartAfter || k > input.StartAfter)).sort().map((Key) => ({ Key })),
    IsTruncated: false,
  }));
  mock.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
    const bytes = objects.get(input.Key!);
    if (!bytes) throw sdkError('NoSuchKey', 404);
    return { Body: { transformToByteArray: async () => new Uint8Array(bytes) } as never };
  });
  mock.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    if (objects.has(input.Key!) && input.IfNoneMatch === '*') throw sdkError('PreconditionFailed', 412);
    objects.set(input.Key!, Buffer.from(input.Body as Uint8Array | string));
    return { ETag: '"etag"' };
  });
  return { client, mock, objects };
}

const event = { id: 'e1', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111122223333', time: NOW.toISOString(), region: 'us-east-1', resources: [], detail: {}, version: '0' } as unknown as ScheduledEvent;

describe('functions/seal', () => {
  beforeAll(() => vi.useFakeTimers({ toFake: ['Date'], now: NOW }));
  afterAll(() => vi.useRealTimers());

  it('seals every closed hour in the bucket with one KMS signature per seal, under Object Lock, listing objects without reading them', async () => {
    // Prepare: an object of records written at 12:xx; the chain does not exist yet
    const bucket = fakeBucket();
    const kms = fakeKms();
    const object = recordObject(await signBatch(unsignedRecords(3), recordsSigner, new Date('2026-05-01T12:10:00Z')), new Date('2026-05-01T12:10:00Z'));
    bucket.objects.set(PREFIX + object.key, object.bytes);
    const handler = createHandler({ s3: bucket.client, kms: kms.client }, { ...ENV, EVIDENCE_PREFIX: PREFIX });
    // Act
    const response = await handler(event, lambdaContext('trailproof-dev-seal'));
    // Assess: 12:00, 13:00 and 14:00 are closed at 15:20; 15:00 is open
    expect(response).toEqual({ sealed: 3, head: 2, lostRaces: 0, remaining: 0 });
    expect(kms.mock).toHaveReceivedCommandTimes(SignCommand, 3);
    const sealPuts = bucket.mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input).filter((i) => i.Key!.startsWith(`${PREFIX}seals/`));
    expect(sealPuts.map((p) => p.Key)).toEqual([0, 1, 2].map((n) => `${PREFIX}seals/v2/2026/05/01/0000000${n}.json`));
    for (const put of sealPuts) {
      expect(put).toMatchObject({ Bucket: BUCKET, IfNoneMatch: '*', ObjectLockMode: 'COMPLIANCE' });
      const seal = validateSealV2(JSON.parse(bucket.objects.get(put.Key!)!.toString('utf8')));
      expect(verifyIntegrity(seal, kms.pinned).errors).toEqual([]);
    }
    const first = validateSealV2(JSON.parse(bucket.objects.get(sealPuts[0]!.Key!)!.toString('utf8')));
    expect(first.objects.map((o) => [o.key, o.count])).toEqual([[object.key, 3]]);
    expect(bucket.mock.commandCalls(GetObjectCommand).filter((c) => c.args[0].input.Key!.startsWith(`${PREFIX}records/`))).toEqual([]);
    expect([...bucket.objects.keys()].some((k) => /^evidence\/keys\/sha256-[0-9a-f]{64}\.pem$/.test(k))).toBe(true);
  });

  it('does nothing on the next run of the same hour, and continues from the head an hour later', async () => {
    // Prepare
    const bucket = fakeBucket();
    const kms = fakeKms();
    const object = recordObject(await signBatch(unsignedRecords(1), recordsSigner, new Date('2026-05-01T14:10:00Z')), new Date('2026-05-01T14:10:00Z'));
    bucket.objects.set(PREFIX + object.key, object.bytes);
    const handler = createHandler({ s3: bucket.client, kms: kms.client }, { ...ENV, EVIDENCE_PREFIX: PREFIX });
    // Act
    const first = await handler(event, lambdaContext('trailproof-dev-seal'));
    const again = await handler(event, lambdaContext('trailproof-dev-seal'));
    vi.setSystemTime(new Date('2026-05-01T16:20:00Z'));
    const later = await handler(event, lambdaContext('trailproof-dev-seal'));
    vi.setSystemTime(NOW);
    // Assess
    expect(first).toEqual({ sealed: 1, head: 0, lostRaces: 0, remaining: 0 });
    expect(again).toEqual({ sealed: 0, head: 0, lostRaces: 0, remaining: 0 });
    expect(later).toEqual({ sealed: 1, head: 1, lostRaces: 0, remaining: 0 });
    const head = validateSealV2(JSON.parse(bucket.objects.get(`${PREFIX}seals/v2/2026/05/01/00000001.json`)!.toString('utf8')));
    expect(head).toMatchObject({ window: { start: '2026-05-01T15:00:00.000Z' }, objects: [], records: [], previous: { key: 'seals/v2/2026/05/01/00000000.json' } });
  });

  it.skipIf(!hasOpenssl)('with TSA_URL, each seal gets its time-stamp response under Object Lock; a TSA that is down fails no run', async () => {
    // Prepare
    const tsa = await startLocalTsa();
    const bucket = fakeBucket();
    const kms = fakeKms();
    const object = recordObject(await signBatch(unsignedRecords(1), recordsSigner, new Date('2026-05-01T14:10:00Z')), new Date('2026-05-01T14:10:00Z'));
    bucket.objects.set(PREFIX + object.key, object.bytes);
    try {
      // Act
      const down = await createHandler({ s3: bucket.client, kms: kms.client }, { ...ENV, EVIDENCE_PREFIX: PREFIX, TSA_URL: await downTsaUrl() })(event, lambdaContext('trailproof-dev-seal'));
      const tokensWhileDown = [...bucket.objects.keys()].filter((k) => k.endsWith('.tsr'));
      const up = await createHandler({ s3: bucket.client, kms: kms.client }, { ...ENV, EVIDENCE_PREFIX: PREFIX, TSA_URL: tsa.url })(event, lambdaContext('trailproof-dev-seal'));
      // Assess
      expect(down).toEqual({ sealed: 1, head: 0, lostRaces: 0, remaining: 0 });
      expect(tokensWhileDown).toEqual([]);
      expect(up).toEqual({ sealed: 0, head: 0, lostRaces: 0, remaining: 0 });
      const tokenPut = bucket.mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input).find((i) => i.Key!.endsWith('.tsr'));
      expect(tokenPut).toMatchObject({ Key: `${PREFIX}seals/v2/2026/05/01/00000000.json.tsr`, IfNoneMatch: '*', ObjectLockMode: 'COMPLIANCE', ContentType: 'application/timestamp-reply' });
      const seal = bucket.objects.get(`${PREFIX}seals/v2/2026/05/01/00000000.json`)!;
      expect(readTimestampResponse(bucket.objects.get(tokenPut!.Key!)!).token!.imprint.digest).toEqual(createHash('sha256').update(seal).digest());
    } finally {
      await tsa.close();
    }
  });

  it('refuses to start without its environment', () => {
    expect(() => createHandler({}, { SIGNING_KEY_ARN: 'arn' })).toThrow('environment variable EVIDENCE_BUCKET is required');
  });
});
