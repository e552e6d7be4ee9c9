import './support/quiet-logs.ts';
import { createHash } from 'node:crypto';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { SignCommand } from '@aws-sdk/client-kms';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../functions/cloudtrail-event.ts';
import { logger } from '../../lib/runtime/lambda-kit.ts';
import { S3Store } from '../../lib/store/s3.ts';
import {
  ACCOUNT, DAY_MS, ENV, KEY_ARN, fakeEvidenceBucket, fakeKms, fixture, lambdaContext, lastBatchSummary, mockedAws, recordsOf, sdkError, sqsEvent, verifiedRecords,
} from './support/harness.ts';

const SG = 'sg-0a1b2c3d4e5f60001';
const FAILED_CALL_SG = 'sg-0a1b2c3d4e5f60099';
const SG_CHECKS = ['ec2-sg-no-public-admin-ports', 'ec2-sg-no-public-all-traffic', 'vpc-default-sg-closed'];

const authorize = fixture<{ detail: { eventID: string } }>('eventbridge-authorize-ssh-open.json');
const failedCall = fixture<{ detail: { eventID: string } }>('eventbridge-authorize-failed.json');
const consoleLogin = fixture<{ detail: { eventID: string } }>('eventbridge-console-login-no-mfa.json');
// Systems Manager parameters: no check looks at them.
const putParameter = fixture('eventbridge-put-parameter.json');
// An EventBridge event cut off mid-way, as a broken producer would send it.
const MALFORMED = '{"version":"0","detail-type":"AWS API Call via CloudTrail","detail":{"eventName":"AuthorizeSecurityGroupIngress"';

/** The five messages of the brief: (a) port 22 opened, (b) malformed, (c) failed call, (d) sign-in without MFA, (e) no check. */
const batch = () =>
  sqsEvent([
    { id: 'msg-a-authorize', body: authorize },
    { id: 'msg-b-malformed', body: MALFORMED },
    { id: 'msg-c-failed-call', body: failedCall },
    { id: 'msg-d-console-login', body: consoleLogin },
    { id: 'msg-e-no-check', body: putParameter },
  ]);

const aws = mockedAws();
const kms = fakeKms();
const bucket = fakeEvidenceBucket();
const handler = () => createHandler({ s3: bucket.client, kms: kms.client, clientsFor: () => aws.clients }, ENV);

beforeEach(() => {
  for (const mock of Object.values(aws.mocks)) mock.reset();
  aws.mocks.ec2.on(DescribeSecurityGroupsCommand, { GroupIds: [SG] }).resolves(fixture('describe-security-groups-ssh-open.json'));
  kms.install();
  bucket.reset();
  vi.restoreAllMocks();
});

describe('cloudtrail-event handler', () => {
  it('fails only the malformed message, records the rest, and writes locked, checksummed, write-once objects', async () => {
    // Prepare
    const before = Date.now();
    // Act
    const response = await handler()(batch(), lambdaContext());
    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-b-malformed' }]);
    const puts = bucket.puts();
    expect(puts.flatMap((p) => recordsOf(p).map((r) => r.check.id)).sort()).toEqual([...SG_CHECKS, 'signin-console-mfa'].sort());
    for (const put of puts) {
      const [record, ...others] = recordsOf(put);
      expect(others).toEqual([]);
      expect(put.Bucket).toBe(ENV.EVIDENCE_BUCKET);
      expect(put.Key).toMatch(new RegExp(`^records/v2/\\d{4}/\\d{2}/\\d{2}/\\d{2}/${record!.check.id}/${ACCOUNT}/us-east-1/${record!.integrity.batch.root}-1-[0-9a-f]{64}\\.jsonl$`));
      expect(put.ObjectLockMode).toBe('COMPLIANCE');
      const retainUntil = (put.ObjectLockRetainUntilDate as Date).getTime();
      expect(retainUntil).toBeGreaterThanOrEqual(before + 2192 * DAY_MS);
      expect(retainUntil).toBeLessThanOrEqual(Date.now() + 2192 * DAY_MS);
      expect(put.IfNoneMatch).toBe('*');
      expect(put.ChecksumSHA256).toBe(createHashBase64(put.Body as Uint8Array));
    }
    // The key's hour is the hour of writing (UTC), so the hourly sealer finds the record.
    const hours = new Set([before, Date.now()].map((t) => new Date(t).toISOString().slice(0, 13).replace(/[-T]/g, '/')));
    for (const put of puts) expect(hours).toContain(put.Key!.slice('records/v2/'.length, 'records/v2/YYYY/MM/DD/HH'.length));
  });

  it('signs each object (one check of one account and region) with one KMS Sign over a digest, and every record verifies with the pinned key', async () => {
    // Act
    await handler()(batch(), lambdaContext());
    // Assess: four checks, four objects, four signatures
    expect(kms.mock).toHaveReceivedCommandTimes(SignCommand, 4);
    expect(kms.mock).toHaveReceivedCommandWith(SignCommand, { KeyId: KEY_ARN, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' });
    const records = verifiedRecords(bucket.puts(), kms.pinned);
    expect(records).toHaveLength(4);
    expect(new Set(records.map((r) => r.integrity.batch.root)).size).toBe(4);
    expect(records.every((r) => r.integrity.batch.treeSize === 1)).toBe(true);
  });

  it('records the port 22 opening as a fail with the actor, and the sign-in without MFA as a fail', async () => {
    // Act
    await handler()(batch(), lambdaContext());
    // Assess
    const records = verifiedRecords(bucket.puts(), kms.pinned);
    const admin = records.find((r) => r.check.id === 'ec2-sg-no-public-admin-ports')!;
    expect(admin.result).toBe('fail');
    expect(admin.reason).toMatch(/22/);
    expect(admin.reason).toMatch(/0\.0\.0\.0\/0/);
    expect(admin.resource).toMatchObject({ type: 'AWS::EC2::SecurityGroup', id: SG, phiScoped: true });
    expect(admin).toMatchObject({ account: ACCOUNT, region: 'us-east-1', observedAt: '2026-04-30T14:03:11.000Z' });
    expect(admin.trigger).toMatchObject({
      source: 'cloudtrail', eventId: authorize.detail.eventID, eventName: 'AuthorizeSecurityGroupIngress',
      actor: 'arn:aws:iam::111122223333:user/alice', sourceIp: '203.0.113.7', mfaAuthenticated: false,
    });
    expect(admin.collector.function).toBe('cloudtrail-event');
    const signin = records.find((r) => r.check.id === 'signin-console-mfa')!;
    expect(signin.result).toBe('fail');
    expect(signin.resource.id).toBe('arn:aws:iam::111122223333:user/bob');
    expect(signin.trigger).toMatchObject({ eventId: consoleLogin.detail.eventID, mfaAuthenticated: false });
    // The group was read once for its three checks; the failed call's group never.
    expect(aws.mocks.ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 1);
    expect(aws.mocks.ec2).not.toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, { GroupIds: [FAILED_CALL_SG] });
  });

  it('writes nothing for the failed call or the event no check cares about', async () => {
    // Prepare
    const info = vi.spyOn(logger, 'info');
    // Act
    await handler()(batch(), lambdaContext());
    // Assess
    const records = bucket.puts().flatMap(recordsOf);
    expect(records.filter((r) => r.trigger.eventId === failedCall.detail.eventID)).toEqual([]);
    expect(records.filter((r) => r.resource.id === FAILED_CALL_SG)).toEqual([]);
    expect(records.filter((r) => r.trigger.eventName === 'PutParameter')).toEqual([]);
    // Not dropped silently: both say why they made no evidence.
    expect(info).toHaveBeenCalledWith('input skipped', expect.objectContaining({ source: 'sqs:msg-c-failed-call', reason: expect.stringMatching(/Client\.InvalidPermission\.Duplicate/) }));
    expect(info).toHaveBeenCalledWith('input no-check', expect.objectContaining({ source: 'sqs:msg-e-no-check', reason: expect.stringMatching(/ssm\.amazonaws\.com:PutParameter/) }));
  });

  it('fails only the messages whose records could not be written', async () => {
    // Prepare
    bucket.failWrites((key) => key.includes('/signin-console-mfa/'));
    // Act
    const response = await handler()(batch(), lambdaContext());
    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['msg-b-malformed', 'msg-d-console-login']);
    expect([...bucket.objects.keys()].map((k) => k.split('/')[0]).sort()).toEqual([...SG_CHECKS].sort());
  });

  it('fails every message with records and writes nothing when KMS cannot sign', async () => {
    // Prepare
    kms.mock.on(SignCommand).rejects(sdkError('KMSInvalidStateException', 400, 'arn:aws:kms:...:key/1234 is disabled.'));
    // Act
    const response = await handler()(batch(), lambdaContext());
    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['msg-a-authorize', 'msg-b-malformed', 'msg-d-console-login']);
    expect(bucket.puts()).toEqual([]);
  });

  it('gives a redelivered message the same record ids: the second write signs new objects, never a failure (verify counts each id once)', async () => {
    // Prepare
    const info = vi.spyOn(logger, 'info');
    const event = sqsEvent([{ id: 'msg-a-authorize', body: authorize }]);
    await handler()(event, lambdaContext());
    const firstIds = bucket.puts().flatMap((p) => recordsOf(p).map((r) => r.id));
    bucket.mock.resetHistory();
    // Act: SQS delivers the same body again (a new cold start, as after a timeout).
    const response = await handler()(sqsEvent([{ id: 'msg-a-redelivered', body: authorize }]), lambdaContext());
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(bucket.puts().flatMap((p) => recordsOf(p).map((r) => r.id)).sort()).toEqual([...firstIds].sort());
    expect(bucket.objects.size).toBe(2 * firstIds.length);
    expect(lastBatchSummary(info)).toMatchObject({ records: 3, written: 3, duplicates: 0 });
  });

  it('takes a repeated PUT of the same object (an SDK retry after a lost answer) as a duplicate: no second object', async () => {
    // Prepare
    await handler()(sqsEvent([{ id: 'msg-a-authorize', body: authorize }]), lambdaContext());
    const [first] = bucket.puts();
    // Act
    const again = await new S3Store({ client: bucket.client, bucket: ENV.EVIDENCE_BUCKET }).put(first!.Key!, Buffer.from(first!.Body as Uint8Array));
    // Assess
    expect(again).toEqual({ key: first!.Key, created: false });
    expect(bucket.objects.size).toBe(3);
  });
});

function createHashBase64(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('base64');
}
