import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, StoreError } from '../../lib/errors.ts';
import { S3_RETRY, S3Store, s3StoreFromUrl } from '../../lib/store/s3.ts';

const NOW = new Date('2026-05-01T13:00:00.000Z');
const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'us-east-1' });
afterAll(() => s3.restore());
beforeEach(() => s3.reset());

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('S3Store.put', () => {
  it('writes a conditional, checksummed, Object Locked object for six years by default', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({ VersionId: 'v1' });
    const store = new S3Store({ client, bucket: 'acme-evidence', prefix: 'trailproof', now: () => NOW });
    const body = '{"schema":"trailproof/evidence-record/v1"}\n';
    // Act
    const result = await store.put('records/v1/2026/05/01/13/iam-root-mfa/0123456789abcdef0123456789abcdef.json', body);
    // Assess
    expect(result).toEqual({ key: 'records/v1/2026/05/01/13/iam-root-mfa/0123456789abcdef0123456789abcdef.json', created: true });
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'acme-evidence',
      Key: 'trailproof/records/v1/2026/05/01/13/iam-root-mfa/0123456789abcdef0123456789abcdef.json',
      Body: Buffer.from(body),
      ContentType: 'application/json',
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
      IfNoneMatch: '*',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: new Date('2032-05-01T13:00:00.000Z'), // 2192 days: six years, two leap days
    });
    expect(s3).not.toHaveReceivedCommand(HeadObjectCommand);
    expect(store.location).toBe('s3://acme-evidence/trailproof/');
  });

  it('takes the lock mode and retention it is given, and a PEM content type for keys', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const store = new S3Store({ client, bucket: 'b', lockMode: 'GOVERNANCE', retentionDays: 1, now: () => NOW });
    // Act
    await store.put('keys/sha256-ab.pem', Buffer.from('-----BEGIN PUBLIC KEY-----'));
    // Assess
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Key: 'keys/sha256-ab.pem',
      ContentType: 'application/x-pem-file',
      ObjectLockMode: 'GOVERNANCE',
      ObjectLockRetainUntilDate: new Date('2026-05-02T13:00:00.000Z'),
    });
  });

  it('writes a records/v2 object as JSON Lines', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    // Act
    await new S3Store({ client, bucket: 'b' }).put('records/v2/2026/05/01/13/iam-root-mfa/111122223333/us-east-1/x.jsonl', '{}\n');
    // Assess
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { ContentType: 'application/x-ndjson' });
  });

  it('reports an existing key (412 PreconditionFailed) as created:false', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    const store = new S3Store({ client, bucket: 'b' });
    // Act / Assess
    expect(await store.put('records/v1/x.json', '{}')).toEqual({ key: 'records/v1/x.json', created: false });
  });

  it('turns any other failure into a StoreError naming the object', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(s3Error('AccessDenied', 403));
    const store = new S3Store({ client, bucket: 'b', prefix: 'p/' });
    // Act / Assess
    await expect(store.put('records/v1/x.json', '{}')).rejects.toThrow(StoreError);
    await expect(store.put('records/v1/x.json', '{}')).rejects.toThrow('cannot write s3://b/p/records/v1/x.json: AccessDenied');
  });

  it('refuses settings that would write unprotected or unreadable evidence', () => {
    expect(() => new S3Store({ client, bucket: 'b', retentionDays: 0 })).toThrow(ConfigError);
    expect(() => new S3Store({ client, bucket: 'b', retentionDays: 1.5 })).toThrow(ConfigError);
    expect(() => new S3Store({ client, bucket: 'b', lockMode: 'NONE' as 'COMPLIANCE' })).toThrow(ConfigError);
    expect(() => new S3Store({ client, bucket: '' })).toThrow(ConfigError);
  });
});

describe('S3Store reads', () => {
  it('lists every page under the prefix and returns keys relative to the store prefix', async () => {
    // Prepare
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({ IsTruncated: true, NextContinuationToken: 't2', Contents: [{ Key: 'p/records/v1/a.json' }, { Key: 'p/records/v1/b.json' }] });
    s3.on(ListObjectsV2Command, { ContinuationToken: 't2' }).resolves({ IsTruncated: false, Contents: [{ Key: 'p/records/v1/c.json' }] });
    const store = new S3Store({ client, bucket: 'b', prefix: 'p' });
    // Act
    const keys = await collect(store.list('records/v1/'));
    // Assess
    expect(keys).toEqual(['records/v1/a.json', 'records/v1/b.json', 'records/v1/c.json']);
    expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 2);
    expect(s3).toHaveReceivedNthCommandWith(ListObjectsV2Command, 1, { Bucket: 'b', Prefix: 'p/records/v1/' });
  });

  it('resumes a listing after a key (StartAfter) and keeps paging by continuation token', async () => {
    // Prepare
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({ IsTruncated: true, NextContinuationToken: 't2', Contents: [{ Key: 'p/records/v2/b.jsonl' }] });
    s3.on(ListObjectsV2Command, { ContinuationToken: 't2' }).resolves({ IsTruncated: false, Contents: [{ Key: 'p/records/v2/c.jsonl' }] });
    const store = new S3Store({ client, bucket: 'b', prefix: 'p' });
    // Act
    const keys = await collect(store.list('records/v2/', { startAfter: 'records/v2/a.jsonl' }));
    // Assess
    expect(keys).toEqual(['records/v2/b.jsonl', 'records/v2/c.jsonl']);
    expect(s3).toHaveReceivedNthCommandWith(ListObjectsV2Command, 1, { Bucket: 'b', Prefix: 'p/records/v2/', StartAfter: 'p/records/v2/a.jsonl' });
    expect(s3.commandCalls(ListObjectsV2Command)[1]!.args[0].input).toEqual({ Bucket: 'b', Prefix: 'p/records/v2/', ContinuationToken: 't2' });
  });

  it('gets bytes, and undefined for a missing key', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Key: 'a.json' }).resolves({ Body: { transformToByteArray: async () => new TextEncoder().encode('{"a":1}') } as never });
    s3.on(GetObjectCommand, { Key: 'gone.json' }).rejects(s3Error('NoSuchKey', 404));
    const store = new S3Store({ client, bucket: 'b' });
    // Act / Assess
    expect((await store.get('a.json'))?.toString()).toBe('{"a":1}');
    expect(await store.get('gone.json')).toBeUndefined();
  });

  it('describes lock facts, counting versions, their distinct contents and delete markers of the exact key only', async () => {
    // Prepare
    s3.on(ListObjectVersionsCommand, { KeyMarker: undefined }).resolves({
      IsTruncated: true,
      NextKeyMarker: 'r/a.json',
      NextVersionIdMarker: 'v2',
      Versions: [{ Key: 'r/a.json', VersionId: 'v1', ETag: '"e1"', Size: 7 }, { Key: 'r/a.json.bak', VersionId: 'x', ETag: '"e9"', Size: 7 }],
    });
    s3.on(ListObjectVersionsCommand, { KeyMarker: 'r/a.json' }).resolves({ Versions: [{ Key: 'r/a.json', VersionId: 'v2', ETag: '"e2"', Size: 7 }], DeleteMarkers: [{ Key: 'r/a.json', VersionId: 'd1' }] });
    s3.on(HeadObjectCommand).resolves({ ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date('2032-05-01T13:00:00Z') });
    const store = new S3Store({ client, bucket: 'b', prefix: 'r/' });
    // Act
    const info = await store.describe('a.json');
    // Assess
    expect(info).toEqual({ key: 'a.json', versions: 2, distinctVersions: 2, deleteMarker: true, lockMode: 'COMPLIANCE', retainUntil: '2032-05-01T13:00:00.000Z' });
    expect(s3).toHaveReceivedNthCommandWith(ListObjectVersionsCommand, 2, { Bucket: 'b', Prefix: 'r/a.json', KeyMarker: 'r/a.json', VersionIdMarker: 'v2' });
  });

  it('lists the keys whose current version is a delete marker, across version pages, relative to the store prefix', async () => {
    // Prepare
    s3.on(ListObjectVersionsCommand, { KeyMarker: undefined }).resolves({
      IsTruncated: true, NextKeyMarker: 'r/records/b.json', NextVersionIdMarker: 'v9',
      DeleteMarkers: [{ Key: 'r/records/a.json', VersionId: 'd1', IsLatest: true }, { Key: 'r/records/old.json', VersionId: 'd0', IsLatest: false }],
    });
    s3.on(ListObjectVersionsCommand, { KeyMarker: 'r/records/b.json' }).resolves({ DeleteMarkers: [{ Key: 'r/records/c.json', VersionId: 'd2', IsLatest: true }] });
    const store = new S3Store({ client, bucket: 'b', prefix: 'r/' });
    // Act
    const deleted = await collect(store.listDeleted('records/'));
    // Assess: a marker that was itself superseded by a newer version hides nothing
    expect(deleted).toEqual(['records/a.json', 'records/c.json']);
    expect(s3).toHaveReceivedNthCommandWith(ListObjectVersionsCommand, 1, { Bucket: 'b', Prefix: 'r/records/' });
  });

  it('tells a retried write of the same bytes (radosgw ignores If-None-Match) from an overwrite', async () => {
    // Prepare: two versions with one ETag and size, as a repeated PUT of one batch leaves them
    s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'o.jsonl', VersionId: 'v1', ETag: '"same"', Size: 90 }, { Key: 'o.jsonl', VersionId: 'v2', ETag: '"same"', Size: 90 }] });
    s3.on(HeadObjectCommand).resolves({ ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date('2032-05-01T13:00:00Z') });
    // Act
    const info = await new S3Store({ client, bucket: 'b' }).describe('o.jsonl');
    // Assess
    expect(info).toMatchObject({ versions: 2, distinctVersions: 1 });
  });

  it('describes a key that never existed as undefined', async () => {
    // Prepare
    s3.on(ListObjectVersionsCommand).resolves({});
    s3.on(HeadObjectCommand).rejects(s3Error('NotFound', 404));
    // Act / Assess
    expect(await new S3Store({ client, bucket: 'b' }).describe('none.json')).toBeUndefined();
  });
});

describe('s3StoreFromUrl', () => {
  it('refuses URLs that are not s3://bucket[/prefix]', () => {
    expect(() => s3StoreFromUrl('https://bucket/x')).toThrow(ConfigError);
    expect(() => s3StoreFromUrl('s3://')).toThrow(ConfigError);
  });

  it('talks path-style to a custom endpoint, sends our SHA-256 and no streaming checksum, and reads 412 as created:false', async () => {
    // Prepare: a loopback server standing in for an S3-compatible endpoint
    s3.restore(); // this test needs the real client
    const seen: IncomingMessage[] = [];
    let status = 200;
    const server = createServer((req, res) => {
      seen.push(req);
      req.resume();
      req.on('end', () => res.writeHead(status, { 'content-type': 'application/xml' }).end(status === 412 ? '<Error><Code>PreconditionFailed</Code></Error>' : ''));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const store = s3StoreFromUrl('s3://evidence-bucket/team/trailproof', { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIATESTTESTTEST0001', secretAccessKey: 'testsecrettestsecrettestsecret0001' } });
      // Act
      const created = await store.put('records/v1/a.json', '{"a":1}');
      status = 412;
      const repeated = await store.put('records/v1/a.json', '{"a":1}');
      // Assess
      expect(store.location).toBe('s3://evidence-bucket/team/trailproof/');
      expect(created.created).toBe(true);
      expect(repeated).toEqual({ key: 'records/v1/a.json', created: false });
      const put = seen[0]!;
      expect(put.method).toBe('PUT');
      expect(put.url).toMatch(/^\/evidence-bucket\/team\/trailproof\/records\/v1\/a\.json/);
      expect(put.headers['if-none-match']).toBe('*');
      expect(put.headers['x-amz-object-lock-mode']).toBe('COMPLIANCE');
      expect(put.headers['x-amz-checksum-sha256']).toBe(createHash('sha256').update('{"a":1}').digest('base64'));
      expect(put.headers['x-amz-trailer']).toBeUndefined();
      expect(put.headers['content-length']).toBe('7');
    } finally {
      server.close();
      s3.reset();
    }
  });

  it('retries 503 SlowDown with backoff on PUT and on LIST (the client s3StoreFromUrl and the Lambdas build)', async () => {
    // Prepare: a loopback S3 that throttles the first request of each kind
    s3.restore(); // this test needs the real client and its retry middleware
    const answered: string[] = [];
    const throttled = new Set<string>();
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const kind = req.method === 'PUT' ? 'PUT' : 'LIST';
        if (!throttled.has(kind)) {
          throttled.add(kind);
          answered.push(`${kind} 503`);
          res.writeHead(503, { 'content-type': 'application/xml' }).end('<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
          return;
        }
        answered.push(`${kind} 200`);
        if (kind === 'PUT') return res.writeHead(200).end();
        res.writeHead(200, { 'content-type': 'application/xml' }).end(
          '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>records/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>records/v2/a.jsonl</Key><Size>3</Size></Contents></ListBucketResult>',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const store = s3StoreFromUrl('s3://evidence-bucket', { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIATESTTESTTEST0001', secretAccessKey: 'testsecrettestsecrettestsecret0001' } });
      // Act
      const put = await store.put('records/v2/a.jsonl', '{}\n');
      const keys = await collect(store.list('records/'));
      // Assess
      expect(put.created).toBe(true);
      expect(keys).toEqual(['records/v2/a.jsonl']);
      expect(answered).toEqual(['PUT 503', 'PUT 200', 'LIST 503', 'LIST 200']);
      expect(S3_RETRY.maxAttempts).toBeGreaterThanOrEqual(5);
    } finally {
      server.close();
      s3.reset();
    }
  }, 15_000);
});
