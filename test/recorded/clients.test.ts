import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { GetAccountSummaryCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { describe, expect, it } from 'vitest';
import { ParseError, SchemaError } from '../../lib/errors.ts';
import { MISSING_RECORDING, toReadError } from '../../lib/collectors/read.ts';
import { clientsFromRecordedResponses, loadRecordedResponses, type RecordedResponses } from '../../lib/collectors/recorded.ts';

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
    const summary = await clients.iam.send(new GetAccountSummaryCommand({}));
    const groups = await clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0abc1234def567890'], MaxResults: 100 } as never));
    const block = await clients.s3control.send(new GetPublicAccessBlockCommand({ AccountId: '111122223333' }));

    // Assess
    expect(summary.SummaryMap?.AccountMFAEnabled).toBe(1);
    expect(groups.SecurityGroups?.[0]?.IpPermissions?.[0]?.FromPort).toBe(22);
    expect(block.PublicAccessBlockConfiguration?.BlockPublicPolicy).toBe(true);
  });

  it('lets the most specific recorded input win over a generic answer', async () => {
    // Prepare
    const clients = clientsFromRecordedResponses(await loadRecordedResponses(FIXTURE));

    // Act
    const other = await clients.s3.send(new GetBucketEncryptionCommand({ Bucket: 'logs' }));
    const error = await rejection(clients.s3.send(new GetBucketEncryptionCommand({ Bucket: 'scans' })));

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
    const answer = await clients.s3.send(new GetBucketPolicyCommand({ Bucket: 'a' }));

    // Assess
    expect(answer.Policy).toBe('first');
  });

  it('rejects an unrecorded call with MISSING_RECORDING naming service, operation and input', async () => {
    // Prepare
    const clients = clientsFromRecordedResponses(await loadRecordedResponses(FIXTURE));

    // Act
    const error = await rejection(clients.s3.send(new GetBucketPolicyCommand({ Bucket: 'scans' })));

    // Assess
    expect(error.name).toBe(MISSING_RECORDING);
    expect(error.message).toBe('no recorded response for s3 GetBucketPolicy {Bucket: scans}');
    expect(toReadError('s3:GetBucketPolicy', error).kind).toBe('MissingRecording');
  });

  it('returns timestamps as Dates, as the SDK does', async () => {
    // Prepare
    const clients = clientsFromRecordedResponses(await loadRecordedResponses(FIXTURE));

    // Act
    const user = await clients.iam.send(new GetUserCommand({ UserName: 'alice' }));

    // Assess
    expect(user.User?.CreateDate).toBeInstanceOf(Date);
    expect(user.User?.CreateDate?.toISOString()).toBe('2023-03-01T10:00:00.000Z');
  });

  it('keeps recorded sets apart: mocks are per client instance, real clients stay real', async () => {
    // Prepare
    const on = clientsFromRecordedResponses(set([{ service: 'iam', operation: 'GetAccountSummary', output: { SummaryMap: { AccountMFAEnabled: 1 } } }]));
    const off = clientsFromRecordedResponses(set([{ service: 'iam', operation: 'GetAccountSummary', output: { SummaryMap: { AccountMFAEnabled: 0 } } }]));
    const real = new S3Client({ region: 'us-east-1' });

    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? on : off).iam.send(new GetAccountSummaryCommand({}))),
    );
    const missOnOff = await rejection(off.s3.send(new GetBucketEncryptionCommand({ Bucket: 'scans' })));

    // Assess
    expect(answers.map((a) => a.SummaryMap?.AccountMFAEnabled)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : 0)));
    expect(missOnOff.name).toBe(MISSING_RECORDING);
    expect((real.send as unknown as { isSinonProxy?: boolean }).isSinonProxy).toBeUndefined();
    expect(Object.hasOwn(real, 'send')).toBe(false);
  });

  it('names the bad field of a malformed file', () => {
    // Prepare
    const unknownService = set([
      { service: 'iam', operation: 'GetAccountSummary', output: {} },
      { service: 'iam', operation: 'GetUser', output: {} },
      { service: 's3', operation: 'GetBucketPolicy', output: {} },
      { service: 's4' as never, operation: 'GetBucketPolicy', output: {} },
    ]);
    const unknownOperation = set([{ service: 'kms', operation: 'GetBucketPolicy', output: {} }]);
    const both = set([{ service: 'kms', operation: 'GetKeyRotationStatus', output: {}, error: { name: 'NotFoundException' } }]);

    // Act
    const attempts = [unknownService, unknownOperation, both, { region: 'us-east-1' }].map((file) => {
      try {
        clientsFromRecordedResponses(file as RecordedResponses);
        return undefined;
      } catch (error) {
        return error as ParseError;
      }
    });

    // Assess
    expect(attempts.map((e) => e instanceof ParseError && e.message)).toEqual([
      'responses[3].service: unknown service "s4"',
      'responses[0].operation: unknown operation GetBucketPolicy for kms',
      'responses[0]: has both output and error',
      'account: required',
    ]);
  });
});

describe('loadRecordedResponses', () => {
  it('refuses bad JSON with a ParseError and a schema violation with a SchemaError', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'trailproof-recorded-'));
    const badJson = join(dir, 'bad.json');
    const badAccount = join(dir, 'account.json');
    await writeFile(badJson, '{"account": ');
    await writeFile(badAccount, JSON.stringify({ account: 'not-an-account', region: 'us-east-1', responses: [] }));

    // Act
    const jsonError = await rejection(loadRecordedResponses(badJson));
    const schemaError = await rejection(loadRecordedResponses(badAccount));

    // Assess
    expect(jsonError).toBeInstanceOf(ParseError);
    expect(schemaError).toBeInstanceOf(SchemaError);
    expect(schemaError.message).toMatch(/account.*pattern/);
  });
});

describe('createAwsClients', () => {
  it('builds real, unmocked clients for the region with the retry budget of SDK_MAX_ATTEMPTS', async () => {
    // Prepare
    const { createAwsClients } = await import('../../lib/collectors/clients.ts');
    const { SDK_MAX_ATTEMPTS } = await import('../../lib/collectors/read.ts');

    // Act
    const clients = createAwsClients('eu-west-2', { credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

    // Assess
    expect(Object.keys(clients).sort()).toEqual(['cloudtrail', 'config', 'ec2', 'elbv2', 'iam', 'kms', 'rds', 's3', 's3control']);
    expect(await clients.ec2.config.region()).toBe('eu-west-2');
    expect(await clients.s3.config.maxAttempts()).toBe(SDK_MAX_ATTEMPTS);
    expect(Object.hasOwn(clients.iam, 'send')).toBe(false);
  });
});
