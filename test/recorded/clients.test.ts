import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetAccountSummaryCommand, GetUserCommand, paginateListUsers, IAMClient } from '@aws-sdk/client-iam';
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { describe, expect, it, vi } from 'vitest';
import { MISSING_RECORDING, toReadError } from '../../lib/collectors/read.ts';
import { clientsFromRecordedResponses, RECORDED_MIDDLEWARE } from '../../lib/recorded/clients.ts';
import { loadRecordedResponses, type RecordedResponses } from '../../lib/recorded/responses.ts';

const FIXTURE = new URL('../fixtures/responses/scans-account.json', import.meta.url).pathname;

function set(responses: RecordedResponses['responses']): RecordedResponses {
  return { account: '111122223333', region: 'us-east-1', responses };
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to reject');
}

describe('clientsFromRecordedResponses', () => {
  it('answers recorded calls: without input for any input, with input partially', async () => {
    // Prepare
    const clients = clientsFromRecordedResponses(await loadRecordedResponses(FIXTURE));

    // Act
    const summary = await clients.get(IAMClient).send(new GetAccountSummaryCommand({}));
    const groups = await clients.get(EC2Client).send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0abc1234def567890'], MaxResults: 100 } as never));
    const block = await clients.get(S3ControlClient).send(new GetPublicAccessBlockCommand({ AccountId: '111122223333' }));

    // Assess
    expect(summary.SummaryMap?.AccountMFAEnabled).toBe(1);
    expect(groups.SecurityGroups?.[0]?.IpPermissions?.[0]?.FromPort).toBe(22);
    expect(block.PublicAccessBlockConfiguration?.BlockPublicPolicy).toBe(true);
  });

  it('lets the most specific recorded input win over a generic answer', async () => {
    // Prepare
    const clients = clientsFromRecordedResponses(await loadRecordedResponses(FIXTURE));

    // Act
    const other = await clients.get(S3Client).send(new GetBucketEncryptionCommand({ Bucket: 'logs' }));
    const error = await rejection(clients.get(S3Client).send(new GetBucketEncryptionCommand({ Bucket: 'scans' })));

    // Assess
    expect(other.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    expect(error.name).toBe('ServerSideEncryptionConfigurationNotFoundError');
    expect(error.message).toBe('The server side encryption configuration was not found');
    expect(error.$metadata).toEqual({ httpStatusCode: 404 });
  });

  it('prefers the earlier of two equally specific answers, whatever the file order of generic ones', async () => {
    // Prepare
    const clients = clientsFromRecordedResponses(set([
      { service: 's3', operation: 'GetBucketPolicy', input: { Bucket: 'a' }, output: { Policy: 'first' } },
      { service: 's3', operation: 'GetBucketPolicy', output: { Policy: 'generic' } },
      { service: 's3', operation: 'GetBucketPolicy', input: { Bucket: 'a' }, output: { Policy: 'second' } },
    ]));

    // Act
    const answer = await clients.get(S3Client).send(new GetBucketPolicyCommand({ Bucket: 'a' }));

    // Assess
    expect(answer.Policy).toBe('first');
  });

  it('rejects an unrecorded call with MISSING_RECORDING naming service, operation and input', async () => {
    // Prepare
    const clients = clientsFromRecordedResponses(await loadRecordedResponses(FIXTURE));

    // Act
    const error = await rejection(clients.get(S3Client).send(new GetBucketPolicyCommand({ Bucket: 'scans' })));

    // Assess
    expect(error.name).toBe(MISSING_RECORDING);
    expect(error.message).toBe('no recorded response for s3 GetBucketPolicy {Bucket: scans}');
    expect(toReadError('s3:GetBucketPolicy', error).code).toBe('MISSING_RECORDING');
  });

  it('returns timestamps as Dates, as the SDK does', async () => {
    // Prepare
    const clients = clientsFromRecordedResponses(await loadRecordedResponses(FIXTURE));

    // Act
    const user = await clients.get(IAMClient).send(new GetUserCommand({ UserName: 'alice' }));

    // Assess
    expect(user.User?.CreateDate).toBeInstanceOf(Date);
    expect(user.User?.CreateDate?.toISOString()).toBe('2023-03-01T10:00:00.000Z');
  });

  it('keeps recorded sets apart: the answering middleware sits in each recorded client only, real clients stay real', async () => {
    // Prepare
    const on = clientsFromRecordedResponses(set([{ service: 'iam', operation: 'GetAccountSummary', output: { SummaryMap: { AccountMFAEnabled: 1 } } }]));
    const off = clientsFromRecordedResponses(set([{ service: 'iam', operation: 'GetAccountSummary', output: { SummaryMap: { AccountMFAEnabled: 0 } } }]));
    const real = new S3Client({ region: 'us-east-1' });

    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? on : off).get(IAMClient).send(new GetAccountSummaryCommand({}))),
    );
    const missOnOff = await rejection(off.get(S3Client).send(new GetBucketEncryptionCommand({ Bucket: 'scans' })));

    // Assess
    expect(answers.map((a) => a.SummaryMap?.AccountMFAEnabled)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : 0)));
    expect(missOnOff.name).toBe(MISSING_RECORDING);
    expect(on.get(S3Client).middlewareStack.identify().some((name) => name.startsWith(RECORDED_MIDDLEWARE))).toBe(true);
    expect(real.middlewareStack.identify().some((name) => name.startsWith(RECORDED_MIDDLEWARE))).toBe(false);
  });

  it('never reaches the request handler: nothing is signed or sent', async () => {
    // Prepare
    const clients = clientsFromRecordedResponses(await loadRecordedResponses(FIXTURE));
    const handle = vi.spyOn(clients.get(S3Client).config.requestHandler as { handle: (...args: unknown[]) => unknown }, 'handle');

    // Act
    await clients.get(S3Client).send(new GetBucketEncryptionCommand({ Bucket: 'logs' }));
    await rejection(clients.get(S3Client).send(new GetBucketPolicyCommand({ Bucket: 'scans' })));

    // Assess
    expect(handle).not.toHaveBeenCalled();
  });

  it('serves an SDK paginator page by page, the token of each page choosing the next recording', async () => {
    // Prepare
    const clients = clientsFromRecordedResponses(set([
      { service: 'iam', operation: 'ListUsers', output: { Users: [user('alice')], IsTruncated: true, Marker: 'page-2' } },
      { service: 'iam', operation: 'ListUsers', input: { Marker: 'page-2' }, output: { Users: [user('bob')], IsTruncated: false } },
    ]));

    // Act
    const names: string[] = [];
    for await (const page of paginateListUsers({ client: clients.get(IAMClient) }, {})) names.push(...(page.Users ?? []).map((u) => u.UserName!));

    // Assess
    expect(names).toEqual(['alice', 'bob']);
  });
});

function user(name: string): Record<string, unknown> {
  return { UserName: name, UserId: `AIDA${name.toUpperCase()}`, Arn: `arn:aws:iam::111122223333:user/${name}`, Path: '/', CreateDate: '2023-03-01T10:00:00Z' };
}
