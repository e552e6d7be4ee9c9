import { GetPolicyCommand, LambdaClient, ListAliasesCommand, ListFunctionUrlConfigsCommand, ListFunctionsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { lambdaFunctionKind } from '../../lib/collectors/lambda.ts';
import { matchesCloudTrail } from '../../lib/events/route.ts';
import notPublic from '../../lib/checks/lambda-function-not-public/index.ts';
import urlAuth from '../../lib/checks/lambda-function-url-auth/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, readsOfChecks } from '../../lib/model/check.ts';
import statements from '../fixtures/lambda/policy-statements.json' with { type: 'json' };
import events from '../fixtures/lambda/cloudtrail-events.json' with { type: 'json' };
import { recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { configItem, mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const lambda = mockedClient(LambdaClient);
const ctx = mockedContext('us-east-1', '111122223333');
const ARN = 'arn:aws:lambda:us-east-1:111122223333:function:intake';
const policy = (...s: object[]) => ({ Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: s }), RevisionId: 'r1' });
const NO_POLICY = sdkError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);

describe('lambdaFunctionKind.collect', () => {
  it('reads every URL, the function\'s and each alias\'s policy, and the tags', async () => {
    // Prepare
    lambda.on(ListFunctionUrlConfigsCommand).resolves({ FunctionUrlConfigs: [
      { FunctionUrl: 'https://a.lambda-url.us-east-1.on.aws/', FunctionArn: ARN, AuthType: 'AWS_IAM', CreationTime: '', LastModifiedTime: '' },
      { FunctionUrl: 'https://b.lambda-url.us-east-1.on.aws/', FunctionArn: `${ARN}:live`, AuthType: 'NONE', CreationTime: '', LastModifiedTime: '' },
    ] });
    lambda.on(ListAliasesCommand).resolves({ Aliases: [{ Name: 'live', AliasArn: `${ARN}:live`, FunctionVersion: '3' }] });
    lambda.on(GetPolicyCommand, { FunctionName: 'intake' }).resolves(policy(statements.s3WithSourceAccountAndArn));
    lambda.on(GetPolicyCommand, { FunctionName: 'intake', Qualifier: 'live' }).resolves(policy(statements.functionUrlPublic));
    lambda.on(ListTagsCommand, { Resource: ARN }).resolves({ Tags: { 'data-classification': 'phi' } });
    // Act
    const snapshot = await lambdaFunctionKind.collect(ctx, 'intake');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::Lambda::Function', id: 'intake', arn: ARN });
    expect(snapshot.state?.urls?.map((u) => u.authType)).toEqual(['AWS_IAM', 'NONE']);
    expect(snapshot.state?.policies?.map((p) => [p.qualifier, p.statements.length])).toEqual([[null, 1], ['live', 1]]);
    expect(snapshot.tags).toEqual({ 'data-classification': 'phi' });
    expect(runCheck(urlAuth, snapshot, DEFAULT_SETTINGS).result).toBe('fail');
    expect(runCheck(notPublic, snapshot, DEFAULT_SETTINGS).result).toBe('fail');
  });

  it('reads "no policy" (ResourceNotFoundException from GetPolicy) as an empty policy', async () => {
    lambda.on(ListAliasesCommand).resolves({ Aliases: [] });
    lambda.on(GetPolicyCommand).rejects(NO_POLICY);
    const snapshot = await lambdaFunctionKind.collect({ ...ctx, reads: readsOfChecks([notPublic]) }, ARN);
    expect(snapshot.state?.policies).toEqual([{ qualifier: null, statements: [] }]);
    expect(runCheck(notPublic, snapshot, DEFAULT_SETTINGS).result).toBe('pass');
  });

  it('reads only what the checks at hand declare', async () => {
    // Prepare
    lambda.on(ListFunctionUrlConfigsCommand).resolves({ FunctionUrlConfigs: [] });
    // Act
    const snapshot = await lambdaFunctionKind.collect({ ...ctx, reads: new Set(['lambda:ListFunctionUrlConfigs']) }, 'intake');
    // Assess
    expect(lambda).not.toHaveReceivedCommand(GetPolicyCommand);
    expect(lambda).not.toHaveReceivedCommand(ListAliasesCommand);
    expect(lambda).not.toHaveReceivedCommand(ListTagsCommand);
    expect(runCheck(urlAuth, snapshot, DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it.each([
    ['ListFunctionUrlConfigs', new Set(['lambda:ListFunctionUrlConfigs'])],
    ['ListAliases', new Set(['lambda:ListAliases', 'lambda:GetPolicy'])],
  ])('is deleted when %s says the function is not found', async (_name, reads) => {
    lambda.on(ListFunctionUrlConfigsCommand).rejects(sdkError('ResourceNotFoundException', 'Function not found: arn:aws:lambda:us-east-1:111122223333:function:gone', 404));
    lambda.on(ListAliasesCommand).rejects(sdkError('ResourceNotFoundException', 'Function not found: arn:aws:lambda:us-east-1:111122223333:function:gone', 404));
    expect((await lambdaFunctionKind.collect({ ...ctx, reads }, 'gone')).deleted).toBe(true);
  });

  it('turns a denied GetPolicy into an error snapshot with its code', async () => {
    lambda.on(ListAliasesCommand).resolves({ Aliases: [] });
    lambda.on(GetPolicyCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: lambda:GetPolicy', 403));
    const snapshot = await lambdaFunctionKind.collect({ ...ctx, reads: readsOfChecks([notPublic]) }, 'intake');
    expect(snapshot.error).toMatchObject({ operation: 'lambda:GetPolicy', code: 'ACCESS_DENIED' });
  });

  it('reports a policy that is not JSON as a malformed answer', async () => {
    lambda.on(ListAliasesCommand).resolves({ Aliases: [] });
    lambda.on(GetPolicyCommand).resolves({ Policy: '{not json' });
    const snapshot = await lambdaFunctionKind.collect({ ...ctx, reads: new Set(['lambda:GetPolicy']) }, 'intake');
    expect(snapshot.error).toMatchObject({ code: 'MALFORMED_RESPONSE', operation: 'lambda:GetPolicy' });
  });
});

describe('lambdaFunctionKind.enumerate', () => {
  it('lists every function across two pages', async () => {
    lambda.on(ListFunctionsCommand).callsFake((input: { Marker?: string }) =>
      input.Marker ? { Functions: [{ FunctionName: 'report-builder' }] } : { Functions: [{ FunctionName: 'intake' }], NextMarker: 'm2' },
    );
    const ids: string[] = [];
    for await (const id of lambdaFunctionKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['intake', 'report-builder']);
  });
});

describe('lambdaFunctionKind.idsFromEvent', () => {
  it.each([
    ['AddPermission20150331v2', 'AddPermission20150331v2', ['intake']],
    ['AddPermissionByArn', 'AddPermission20150331v2', ['intake']],
    ['RemovePermissionOnAlias', 'RemovePermission20150331v2', ['intake']],
    ['CreateFunctionUrlConfig20211031', 'CreateFunctionUrlConfig20211031', ['intake']],
    ['CreateFunction20150331', 'CreateFunction20150331', ['report-builder']],
    ['DeleteFunction20150331', 'DeleteFunction20150331', ['old-job']],
  ])('%s names its function', (key, eventName, expected) => {
    expect(lambdaFunctionKind.idsFromEvent(recordFrom(events, key, eventName))).toEqual(expected);
  });
});

describe('versioned Lambda event names reach their checks', () => {
  it.each([
    ['AddPermission20150331v2', [notPublic]],
    ['RemovePermissionOnAlias', [notPublic]],
    ['CreateFunctionUrlConfig20211031', [urlAuth]],
    ['DeleteFunction20150331', [urlAuth, notPublic]],
  ])('%s triggers the checks that list its stem', (key, expected) => {
    // Prepare
    const eventName = key === 'RemovePermissionOnAlias' ? 'RemovePermission20150331v2' : key;
    const record = recordFrom(events, key, eventName);
    // Act
    const matched = [urlAuth, notPublic].filter((c) => matchesCloudTrail(c.metadata.triggers.cloudtrail, record));
    // Assess: CreateFunctionUrlConfig20211031 does not match CreateFunction
    expect(matched).toEqual(expected);
  });
});

describe('lambdaFunctionKind.fromConfigItem', () => {
  const item = (status: string) => configItem({
    configurationItemVersion: '1.3', configurationItemCaptureTime: '2024-08-01T13:50:00.000Z', configurationItemStatus: status,
    awsAccountId: '111122223333', awsRegion: 'us-east-1', resourceType: 'AWS::Lambda::Function', resourceId: 'intake', resourceName: 'intake', ARN,
    configuration: { functionName: 'intake', functionArn: ARN, runtime: 'nodejs20.x' },
    supplementaryConfiguration: { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statements.functionUrlPublic] }) },
  });

  it('takes only a deletion from an item (it lists neither URLs nor alias policies)', () => {
    expect(lambdaFunctionKind.fromConfigItem!(item('ResourceDeleted'))).toMatchObject({ deleted: true, resource: { id: 'intake' } });
    expect(lambdaFunctionKind.fromConfigItem!(item('OK'))).toBeUndefined();
  });
});
