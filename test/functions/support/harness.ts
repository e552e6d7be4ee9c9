/**
 * Shared support for the Lambda handler tests: real SDK client instances mocked one by one with
 * aws-sdk-client-mock (so the evidence bucket's S3 client and a collector's S3 client are told
 * apart), a KMS that signs digests with a real P-256 key, a write-once evidence bucket, and readers
 * for what the handlers wrote.
 */
import './quiet-logs.ts';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetPublicKeyCommand, KMSClient, SignCommand, type SignCommandInput } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { SdkClientClass } from '../../../lib/collectors/client-pool.ts';
import { createAwsClients } from '../../../lib/collectors/clients.ts';
import type { AwsClients } from '../../../lib/collectors/types.ts';
import { pinKeys } from '../../../lib/evidence/keys.ts';
import type { EvidenceRecord } from '../../../lib/evidence/types.ts';
import { formatProblems } from '../../../lib/evidence/verification-codes.ts';
import { verifyRecord } from '../../../lib/evidence/verify-record.ts';
import { beforeEach, vi } from 'vitest';
import type { LambdaClients } from '../../../lib/runtime/lambda-deps.ts';
import { signDigestP256 } from './ecdsa-digest.ts';

export const ACCOUNT = '111122223333';
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const BUCKET = 'acme-trailproof-evidence';
export const ENV = { EVIDENCE_BUCKET: BUCKET, SIGNING_KEY_ARN: KEY_ARN, AWS_REGION: 'us-east-1', LOCK_MODE: 'COMPLIANCE', RETENTION_DAYS: '2192' };
export const DAY_MS = 86_400_000;

const FIXTURES = new URL('../../fixtures/functions/', import.meta.url);

/** A fixture of test/fixtures/functions/, parsed. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one stub type for every client, as the mocks are used
type AnyStub = AwsStub<any, any, any>;

/** The collector clients the handler tests configure by name. */
const NAMED_CLIENTS = {
  iam: IAMClient,
  s3: S3Client,
  s3control: S3ControlClient,
  ec2: EC2Client,
  cloudtrail: CloudTrailClient,
  config: ConfigServiceClient,
  kms: KMSClient,
  rds: RDSClient,
  elbv2: ElasticLoadBalancingV2Client,
} as const;

/** Every collector client, each a real instance with its own mock: the named ones, and any other by class (`of`). */
export interface MockedAws {
  clients: AwsClients;
  mocks: { [K in keyof typeof NAMED_CLIENTS]: AnyStub };
  /** The mock of any client class the pool made or will make (made now if not yet). */
  of(Client: SdkClientClass<object>): AnyStub;
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };

/** Collector clients for one region, each instance mocked on its own (nothing reaches the network). */
export function mockedAws(region = 'us-east-1'): MockedAws {
  // Every client the pool makes is mocked as it is made, so a check added later never reaches the network.
  const made = new Map<SdkClientClass<object>, AnyStub>();
  const clients: AwsClients = createAwsClients(region, { credentials, maxAttempts: 1, onCreate: (client, Client) => made.set(Client, mockClient(client as S3Client)) });
  const of = (Client: SdkClientClass<object>): AnyStub => {
    clients.get(Client);
    return made.get(Client)!;
  };
  const mocks = Object.fromEntries(Object.entries(NAMED_CLIENTS).map(([name, Client]) => [name, of(Client)])) as MockedAws['mocks'];
  return { clients, mocks, of };
}

/**
 * A KMS ECC_NIST_P256 key: GetPublicKey answers the DER SPKI, Sign signs what KMS would sign (the
 * digest as given for MessageType DIGEST, SHA-256 of the message for RAW) with the private key.
 */
export function fakeKms() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const client = new KMSClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
  const mock = mockClient(client);
  const install = () => {
    mock.reset();
    mock.on(GetPublicKeyCommand).resolves({
      KeyId: KEY_ARN, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'],
      PublicKey: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    });
    mock.on(SignCommand).callsFake((input: SignCommandInput) => {
      const message = Buffer.from(input.Message!);
      const digest = input.MessageType === 'DIGEST' ? message : createHash('sha256').update(message).digest();
      return { KeyId: KEY_ARN, SigningAlgorithm: input.SigningAlgorithm, Signature: new Uint8Array(signDigestP256(privateKey, digest)) };
    });
  };
  install();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { client, mock, install, publicPem, pinned: pinKeys([publicPem]) };
}

/** An error shaped like an SDK v3 service exception. */
export function sdkError(name: string, status = 400, message = `${name} (test)`): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

/**
 * The evidence bucket: a write-once key space like S3 with IfNoneMatch '*' (a second PutObject of a
 * key gets 412 PreconditionFailed). `failWhen` makes chosen writes fail with a 500.
 */
export function fakeEvidenceBucket() {
  const client = new S3Client({ region: 'us-east-1', credentials, maxAttempts: 1 });
  const mock = mockClient(client);
  const objects = new Map<string, PutObjectCommandInput>();
  let failWhen: (key: string) => boolean = () => false;
  const install = () => {
    mock.reset();
    mock.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      const key = input.Key!;
      if (failWhen(key)) throw sdkError('InternalError', 500, 'We encountered an internal error. Please try again.');
      // Keyed without the write hour: a test that straddles an hour boundary must still see a
      // repeated PUT of the same object refused (S3 itself would take it under the next hour's key).
      const slot = key.replace(/^records\/v[12]\/\d{4}\/\d{2}\/\d{2}\/\d{2}\//, '');
      if (objects.has(slot) && input.IfNoneMatch === '*') throw sdkError('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
      objects.set(slot, input);
      return { ETag: '"etag"', ChecksumSHA256: input.ChecksumSHA256 };
    });
  };
  install();
  return {
    client,
    mock,
    objects,
    failWrites(predicate: (key: string) => boolean) {
      failWhen = predicate;
    },
    /** Every PutObject the handler sent, in order (including refused ones). */
    puts(): PutObjectCommandInput[] {
      return mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input as PutObjectCommandInput);
    },
    reset() {
      objects.clear();
      failWhen = () => false;
      install();
    },
  };
}

/** The records a PutObject of a records/v2 object carried, one per line. */
export function recordsOf(put: PutObjectCommandInput): EvidenceRecord[] {
  const lines = Buffer.from(put.Body as Uint8Array).toString('utf8').split('\n');
  if (lines.pop() !== '') throw new Error(`${put.Key} does not end with a newline`);
  return lines.map((line) => JSON.parse(line) as EvidenceRecord);
}

/** Every record in the puts of records/ objects, each verified (schema, leaf hash, audit path, signature) with the pinned key. */
export function verifiedRecords(puts: PutObjectCommandInput[], pinned: ReturnType<typeof pinKeys>): EvidenceRecord[] {
  return puts.filter((put) => /(^|\/)records\//.test(put.Key ?? '')).flatMap((put) =>
    recordsOf(put).map((record, i) => {
      const verification = verifyRecord(record, pinned);
      if (!verification.ok) throw new Error(`${put.Key}#${i + 1} does not verify: ${formatProblems(verification.errors)}`);
      return verification.record!;
    }),
  );
}

/** A Lambda context as the runtime passes it (Powertools reads these fields). */
export function lambdaContext(functionName = 'trailproof-dev-cloudtrail-event'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/05/01/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 120_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** An SQS batch as Lambda delivers it: one message per body (objects are JSON-encoded, strings sent as they are). */
export function sqsEvent(messages: Array<{ id: string; body: unknown }>): SQSEvent {
  const records: SQSRecord[] = messages.map(({ id, body }) => ({
    messageId: id,
    receiptHandle: `handle-${id}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1714550400000', SenderId: 'AIDAEVENTBRIDGE', ApproximateFirstReceiveTimestamp: '1714550400001' },
    messageAttributes: {},
    md5OfBody: 'not-checked',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:${ACCOUNT}:trailproof-dev-cloudtrail-events`,
    awsRegion: 'us-east-1',
  }));
  return { Records: records };
}

/** The `batch done` summary the handler logged last (records, written, duplicates, byCheck). */
export function lastBatchSummary(info: { mock: { calls: unknown[][] } }): Record<string, unknown> | undefined {
  const calls = info.mock.calls.filter((args) => args[0] === 'batch done');
  return calls.at(-1)?.[1] as Record<string, unknown> | undefined;
}

/**
 * The world of a queue-fed handler test: mocked collector clients, KMS and evidence bucket, reset
 * (with every spy) before each test of the file that calls it, and the handler wired to them. Mock
 * the collector answers a test needs in a `beforeEach` of its own, registered after this call.
 *
 * @example const { aws, bucket, kms, handler } = handlerWorld(createHandler);
 */
export function handlerWorld<H>(create: (clients: LambdaClients, env: NodeJS.ProcessEnv) => H) {
  const aws = mockedAws();
  const kms = fakeKms();
  const bucket = fakeEvidenceBucket();
  beforeEach(() => {
    for (const mock of Object.values(aws.mocks)) mock.reset();
    kms.install();
    bucket.reset();
    vi.restoreAllMocks();
  });
  return { aws, kms, bucket, handler: () => create({ s3: bucket.client, kms: kms.client, clientsFor: () => aws.clients }, ENV) };
}
