import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/lambda-function-not-public/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { FunctionPolicyState, LambdaFunctionState, PolicyStatement } from '../../lib/model/states/lambda.ts';
import fixture from '../fixtures/lambda/policy-statements.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const statements = fixture as Record<keyof typeof fixture, PolicyStatement>;
type Name = keyof typeof fixture;

function fn(policies: FunctionPolicyState[]): LambdaFunctionState {
  return { functionName: 'intake', functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:intake', policies };
}
const own = (...names: Name[]): FunctionPolicyState => ({ qualifier: null, statements: names.map((n) => statements[n]) });

describe('lambda-function-not-public', () => {
  it.each<[string, FunctionPolicyState[], Result, RegExp]>([
    ['no resource policy', [own()], 'pass', /no resource policy statement of intake grants public access \(0 statements read\)/],
    ['S3 pinned by aws:SourceAccount and aws:SourceArn (keys in IAM\'s AWS: spelling)', [own('s3WithSourceAccountAndArn')], 'pass', /\(1 statements read\)/],
    ['API Gateway pinned by a source ARN with a fixed account (wildcard path)', [own('apiGatewayWithArn')], 'pass', /grants public access/],
    ['another account named', [own('crossAccountNamed')], 'pass', /grants public access/],
    ['Principal * pinned to the organization', [own('wildcardOrgPinned')], 'pass', /grants public access/],
    ['Principal * pinned to an organization path', [own('orgPath')], 'pass', /grants public access/],
    ['a Deny to everyone', [own('publicDeny')], 'pass', /grants public access/],
    ['public function URL statement (AuthType NONE)', [own('functionUrlPublic')], 'fail', /FunctionURLAllowPublicAccess: wildcard principal/],
    ['{"AWS": "*"} with FunctionUrlAuthType AWS_IAM (every AWS account)', [own('functionUrlIamAnyAccount')], 'fail', /AnyAccountWithIam: wildcard principal/],
    ['organization id as a wildcard', [own('wildcardOrgWildcard')], 'fail', /OrgWildcard/],
    ['only a negated condition', [own('wildcardNotEquals')], 'fail', /NegatedOnly/],
    ['only an IfExists condition', [own('wildcardIfExists')], 'fail', /IfExists/],
    ['only an IP range (still anonymous)', [own('wildcardSourceIp')], 'fail', /IpOnly/],
    ['an ARN with a wildcard account', [own('wildcardAccountArn')], 'fail', /AnyRoot/],
    ['a policy variable instead of a fixed account', [own('policyVariable')], 'fail', /variable/],
    ['NotPrincipal', [own('notPrincipal')], 'fail', /NotPrincipal grants everyone/],
    ['S3 without a source condition (confused deputy)', [own('s3WithoutSource')], 'fail', /s3open: service principal s3\.amazonaws\.com without aws:SourceArn/],
    ['S3 pinned only to any bucket', [own('s3WildcardBucket')], 'fail', /s3anybucket/],
    ['API Gateway of any account', [own('apiGatewayAnyAccount')], 'fail', /apigwany/],
    ['public statement on an alias only', [own('s3WithSourceAccountAndArn'), { qualifier: 'live', statements: [statements.functionUrlPublic] }], 'fail', /FunctionURLAllowPublicAccess on alias live/],
  ])('%s -> %s', (_name, policies, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, 'intake', fn(policies));
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    expect((finding.observed.publicGrants as unknown[]).length > 0).toBe(expected === 'fail');
  });

  it('records which policies it read', () => {
    const finding = runCheck(check, snapshotOf(check, 'intake', fn([own('crossAccountNamed'), { qualifier: 'live', statements: [] }])), DEFAULT_SETTINGS);
    expect(finding.observed.policiesRead).toEqual([{ qualifier: null, statements: 1 }, { qualifier: 'live', statements: 0 }]);
  });

  it('is error when the policies were not read', () => {
    const finding = runCheck(check, snapshotOf(check, 'intake', { functionName: 'intake', functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:intake' }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
  });

  it('is not_applicable for a deleted function', () => {
    expect(runCheck(check, snapshotOf(check, 'gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error with the code when GetPolicy was denied', () => {
    const finding = runCheck(check, snapshotOf(check, 'intake', undefined, { error: accessDenied('lambda:GetPolicy', 'AccessDeniedException') }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.observed.error).toMatchObject({ code: 'ACCESS_DENIED', operation: 'lambda:GetPolicy' });
  });

  itHasValidMetadata(check, 'lambda-function-not-public', { service: 'lambda', hasConfigRule: false });
});
