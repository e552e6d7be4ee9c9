import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/lambda-function-url-auth/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { FunctionUrlState, LambdaFunctionState } from '../../lib/model/states/lambda.ts';
import { eventNameStem } from '../../lib/model/event-name.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const ARN = 'arn:aws:lambda:us-east-1:111122223333:function:intake';
const url = (authType: string, qualifier = ''): FunctionUrlState => ({
  url: `https://${qualifier || 'abc'}123.lambda-url.us-east-1.on.aws/`,
  functionArn: qualifier ? `${ARN}:${qualifier}` : ARN,
  authType,
});
const fn = (urls: FunctionUrlState[] | undefined): LambdaFunctionState => ({ functionName: 'intake', functionArn: ARN, ...(urls ? { urls } : {}) });

describe('lambda-function-url-auth', () => {
  it.each<[string, FunctionUrlState[] | undefined, Result, RegExp]>([
    ['one URL with AWS_IAM', [url('AWS_IAM')], 'pass', /every function URL of intake requires AWS_IAM auth \(1\)/],
    ['function and alias URLs with AWS_IAM', [url('AWS_IAM'), url('AWS_IAM', 'live')], 'pass', /\(2\)/],
    ['a URL with NONE', [url('NONE')], 'fail', /without IAM auth: https:\/\/abc123.*\(arn:aws:lambda:us-east-1:111122223333:function:intake, NONE\)/],
    ['IAM on the function, NONE on an alias', [url('AWS_IAM'), url('NONE', 'live')], 'fail', /function:intake:live, NONE/],
    ['no function URL', [], 'not_applicable', /has no function URL/],
    ['URLs not read', undefined, 'error', /were not read/],
  ])('%s -> %s', (_name, urls, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, 'intake', fn(urls), { arn: ARN });
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('is not_applicable for a deleted function', () => {
    expect(runCheck(check, snapshotOf(check, 'gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error with the code when ListFunctionUrlConfigs was denied', () => {
    const finding = runCheck(check, snapshotOf(check, 'intake', undefined, { error: accessDenied('lambda:ListFunctionUrlConfigs', 'AccessDeniedException') }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.observed.error).toMatchObject({ code: 'ACCESS_DENIED' });
  });

  it('lists the stems of the versioned event names CloudTrail writes for Lambda', () => {
    // Prepare: the names as CloudTrail writes them
    const logged = ['CreateFunctionUrlConfig20211031', 'UpdateFunctionUrlConfig20211031', 'DeleteFunctionUrlConfig20211031', 'DeleteFunction20150331'];
    // Act
    const stems = logged.map(eventNameStem);
    // Assess
    expect(stems).toEqual(check.metadata.triggers.cloudtrail[0]!.eventNames);
    expect(['AddPermission20150331v2', 'RemovePermission20150331v2', 'CreateFunction20150331'].map(eventNameStem)).toEqual(['AddPermission', 'RemovePermission', 'CreateFunction']);
  });

  itHasValidMetadata(check, 'lambda-function-url-auth', { service: 'lambda', hasConfigRule: false });
});
