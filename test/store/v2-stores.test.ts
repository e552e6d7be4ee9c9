import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException, type GetObjectCommandInput, type ListObjectsV2CommandInput, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import type { UnsignedRecord } from '../../lib/evidence/types.ts';
import { EvidenceWriter } from '../../lib/pipeline/writer.ts';
import { sealPending } from '../../lib/seal/seal-pending.ts';
import { DirectoryStore } from '../../lib/store/directory.ts';
import { parseRecordObjectKey } from '../../lib/store/layout.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { readRecords } from '../../lib/store/read-records.ts';
import { S3Store } from '../../lib/store/s3.ts';
import type { EvidenceStore } from '../../lib/store/types.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { freshSigner, unsignedRecord } from '../evidence/helpers.ts';

const keys = freshSigner();
const AT = new Date('2026-05-01T13:20:00Z');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * An S3 bucket behind aws-sdk-client-mock: create-only PUTs (IfNoneMatch '*': 412), GETs, and
 * ListObjectsV2 in pages of `pageSize` keys with ContinuationToken and StartAfter, as S3 answers.
 */
function mockedBucketStore(pageSize = 2): { store: S3Store; requests: () => { put: number; get: number; list: number } } {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' }, maxAttempts: 1 });
  const mock = mockClient(client);
  const objects = new Map<string, Buffer>();
  const fail = (name: string, status: number) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });
  mock.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    if (objects.has(input.Key!) && input.IfNoneMatch === '*') throw fail('PreconditionFailed', 412);
    objects.set(input.Key!, Buffer.from(input.Body as Uint8Array));
    return {};
  });
  mock.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
    const bytes = objects.get(input.Key!);
    if (!bytes) throw fail('NoSuchKey', 404);
    return { Body: { transformToByteArray: async () => new Uint8Array(bytes) } as never };
  });
  mock.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => {
    const after = input.ContinuationToken ?? input.StartAfter;
    const keys = [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '') && (after === undefined || k > after)).sort();
    const page = keys.slice(0, pageSize);
    return { Contents: page.map((Key) => ({ Key })), IsTruncated: keys.length > pageSize, ...(keys.length > pageSize ? { NextContinuationToken: page.at(-1) } : {}) };
  });
  const count = (command: Parameters<typeof mock.commandCalls>[0]) => mock.commandCalls(command).length;
  return {
    store: new S3Store({ client, bucket: 'evidence', prefix: 'trailproof/', now: () => AT }),
    requests: () => ({ put: count(PutObjectCommand), get: count(GetObjectCommand), list: count(ListObjectsV2Command) }),
  };
}

/** Two inputs of records of two checks and two regions, as one invocation's writer sees them. */
const inputs: UnsignedRecord[][] = [
  [unsignedRecord(1), unsignedRecord(2), { ...unsignedRecord(3), region: 'eu-west-1' }],
  [unsignedRecord(4), { ...unsignedRecord(5), check: { ...unsignedRecord(5).check, id: 'ec2-sg-no-public-all-traffic' } }],
];

async function written(store: EvidenceStore): Promise<string[]> {
  const writer = new EvidenceWriter({ store, signer: keys.signer, now: () => AT });
  for (const [i, records] of inputs.entries()) await writer.add({ source: `input-${i}`, status: 'recorded', recordIds: [] }, records);
  await writer.flush();
  const out: string[] = [];
  for await (const key of store.list('records/')) out.push(key);
  return out;
}

describe.each([
  ['memory', () => ({ store: new MemoryStore() as EvidenceStore })],
  ['directory', () => ({ store: new DirectoryStore(dirs[dirs.push(mkdtempSync(join(tmpdir(), 'tp-v2-'))) - 1]!) as EvidenceStore })],
  ['S3 (aws-sdk-client-mock)', () => mockedBucketStore()],
])('store v2 on a %s store', (_name, make) => {
  it('holds one object per check and region, each read back line by line and verified, then sealed from the listing', async () => {
    // Prepare
    const { store } = make();
    // Act
    const objectKeys = await written(store);
    const read: string[] = [];
    for await (const { key, record } of readRecords(store)) read.push(`${key.slice(key.lastIndexOf('#'))} ${record.id}`);
    const run = await sealPending(store, keys.signer, { now: new Date('2026-05-01T14:20:00Z') });
    const report = await verifyStore(store, { publicKeys: [keys.publicPem] });
    // Assess
    expect(objectKeys.map((k) => { const p = parseRecordObjectKey(k)!; return `${p.checkId} ${p.region} ${p.count}`; })).toEqual([
      'ec2-sg-no-public-admin-ports eu-west-1 1',
      'ec2-sg-no-public-admin-ports us-east-1 3',
      'ec2-sg-no-public-all-traffic us-east-1 1',
    ]);
    expect(read).toHaveLength(5);
    expect(run.sealed).toMatchObject([{ records: 5, objects: 3, final: true }]);
    expect(report).toMatchObject({ checked: 5, ok: 5, objects: 3, failures: [], seals: { checked: 1, ok: 1, failures: [] }, warnings: [] });
  });
});

describe('store v2 on S3', () => {
  it('costs one PUT per object when written and LIST requests only when sealed', async () => {
    // Prepare
    const { store, requests } = mockedBucketStore(1000);
    await written(store);
    const afterWrite = requests();
    // Act
    await sealPending(store, keys.signer, { now: new Date('2026-05-01T14:20:00Z') });
    const afterSeal = requests();
    // Assess
    expect(afterWrite).toMatchObject({ put: 3, get: 0 });
    expect(afterSeal.get - afterWrite.get).toBe(0);
    expect(afterSeal.put - afterWrite.put).toBe(1);
  });
});
