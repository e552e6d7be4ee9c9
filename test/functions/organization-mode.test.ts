import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import './support/quiet-logs.ts';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../functions/cloudtrail-event.ts';
import { readEnvironment } from '../../lib/runtime/environment.ts';
import { lambdaDeps } from '../../lib/runtime/lambda-deps.ts';
import { ACCOUNT, ENV, fakeEvidenceBucket, fakeKms, fixture, lambdaContext, sqsEvent, verifiedRecords } from './support/harness.ts';

/**
 * Organization mode (MEMBER_ROLE_NAME set) with the default collector clients: events of the
 * central account are read with the function's own credentials, member accounts through the member
 * role. The collector clients are real ones built by the runtime, so EC2 is mocked class-wide.
 */
const MEMBER = '444455556666';
const ORG_ENV = { ...ENV, MEMBER_ROLE_NAME: 'trailproof-member-read' };
const MINUTE = 60_000;

const ec2 = mockClient(EC2Client);
const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
const stsMock = mockClient(sts);
const kms = fakeKms();
const bucket = fakeEvidenceBucket();

/** Role credentials as STS gives them, valid for `minutes` from now. */
const session = (n: number, minutes = 15) => ({
  Credentials: { AccessKeyId: `ASIAMEMBER${n}`, SecretAccessKey: `secret-${n}`, SessionToken: `token-${n}`, Expiration: new Date(Date.now() + minutes * MINUTE) },
  AssumedRoleUser: { AssumedRoleId: `AROAMEMBER:trailproof-collector`, Arn: `arn:aws:sts::${MEMBER}:assumed-role/trailproof-member-read/trailproof-collector` },
});

beforeEach(() => {
  delete process.env.AWS_ACCOUNT_ID;
  ec2.reset();
  ec2.on(DescribeSecurityGroupsCommand).resolves(fixture('describe-security-groups-ssh-open.json'));
  stsMock.reset();
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/trailproof-cloudtrail-event/fn`, UserId: 'AROACENTRAL:fn' });
  let n = 0;
  stsMock.on(AssumeRoleCommand).callsFake(() => session(++n));
  kms.install();
  bucket.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('organization mode', () => {
  it('reads the central account with its own credentials: no member role is assumed there', async () => {
    // Prepare
    const handler = createHandler({ s3: bucket.client, kms: kms.client, sts }, ORG_ENV);
    const event = sqsEvent([{ id: 'm1', body: fixture('eventbridge-authorize-ssh-open.json') }, { id: 'm2', body: fixture('eventbridge-authorize-ssh-open.json') }]);
    // Act
    const response = await handler(event, lambdaContext());
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(stsMock).not.toHaveReceivedCommand(AssumeRoleCommand);
    expect(stsMock).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1);
    const admin = verifiedRecords(bucket.puts(), kms.pinned).find((r) => r.check.id === 'ec2-sg-no-public-admin-ports');
    expect(admin).toMatchObject({ result: 'fail', account: ACCOUNT });
  });

  it('reads a member account through its member role, one session for all clients and regions', async () => {
    // Prepare
    const deps = lambdaDeps(readEnvironment(ORG_ENV), 'cloudtrail-event', { sts });
    // Act
    const east = await deps.clientsFor(MEMBER, 'us-east-1');
    const west = await deps.clientsFor(MEMBER, 'us-west-2');
    const [ec2Credentials, s3Credentials, westCredentials] = await Promise.all([east.get(EC2Client).config.credentials(), east.get(S3Client).config.credentials(), west.get(IAMClient).config.credentials()]);
    // Assess
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(stsMock).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${MEMBER}:role/trailproof-member-read`, RoleSessionName: 'trailproof-collector' });
    for (const credentials of [ec2Credentials, s3Credentials, westCredentials]) expect(credentials).toMatchObject({ accessKeyId: 'ASIAMEMBER1', sessionToken: 'token-1' });
  });

  it('renews the member role session before it expires, though the container stays warm', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    const deps = lambdaDeps(readEnvironment(ORG_ENV), 'cloudtrail-event', { sts });
    const clients = await deps.clientsFor(MEMBER, 'us-east-1');
    const first = await clients.get(EC2Client).config.credentials();
    // Act: an invocation 11 minutes later, in the same container (the clients are cached).
    vi.setSystemTime(Date.now() + 11 * MINUTE);
    const later = await (await deps.clientsFor(MEMBER, 'us-east-1')).get(EC2Client).config.credentials();
    // Assess
    expect(first.accessKeyId).toBe('ASIAMEMBER1');
    expect(later.accessKeyId).toBe('ASIAMEMBER2');
    expect(later.expiration!.getTime()).toBeGreaterThan(Date.now() + 10 * MINUTE);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });
});
