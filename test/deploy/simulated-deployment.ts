/* eslint-disable @typescript-eslint/no-explicit-any -- resolved CloudFormation policies are untyped JSON. */
/**
 * Test helper: a packaged stack (and, in organization mode, the member-account template) as deployed
 * to fixed accounts, with every policy resolved, and one call to ask the IAM evaluator
 * (@cloud-copilot/iam-simulate) whether a principal may do an action on a resource. The evaluator
 * applies identity policies and the resource's own policy (bucket policy, key policy, queue policy,
 * role trust policy) the way AWS does, KMS key-policy trust and explicit denies included.
 */
import { join } from 'node:path';
import { runSimulation, type EvaluationResult } from '@cloud-copilot/iam-simulate';
import { loadCheckMetadata } from '../../deploy/check-metadata.ts';
import { REPO_ROOT, allPatterns } from '../../deploy/generate.ts';
import { memberAccountTemplate } from '../../deploy/member-account.ts';
import { resolveTemplate, type Resolved } from './cfn-resolve.ts';
import type { Template } from './packaged-template.ts';

export const PARTITION = 'aws';
export const REGION = 'us-east-1';
/** The account the stack runs in, a member account it reads, and the organization's management account. */
export const CENTRAL = '111122223333';
export const MEMBER = '444455556666';
export const MANAGEMENT = '999988887777';
export const ORG_ID = 'o-abc123def4';

/** A principal and the identity policies attached to it. */
export interface Principal {
  arn: string;
  account: string;
  policies: any[];
}

export interface Deployment {
  name: string;
  stack: Resolved;
  /** The member-account template deployed in MEMBER (organization mode only). */
  member?: Resolved;
  organization: boolean;
}

/** Every statement list a role holds: inline policies and AWS::IAM::Policy resources naming it. */
function rolePolicies(resolved: Resolved, roleId: string): any[] {
  const role = resolved.resources('AWS::IAM::Role').find((r) => r.id === roleId);
  if (!role) throw new Error(`no role ${roleId}`);
  const inline = (role.properties.Policies ?? []).map((p: any) => p.PolicyDocument);
  const roleName = role.properties.RoleName;
  const attached = resolved.resources('AWS::IAM::Policy').filter((p) => p.properties.Roles.includes(roleName)).map((p) => p.properties.PolicyDocument);
  return [...inline, ...attached];
}

/** A role of a deployed template as a principal. */
export function rolePrincipal(resolved: Resolved, roleId: string): Principal {
  return { arn: resolved.arnOf(roleId), account: resolved.placement.account, policies: rolePolicies(resolved, roleId) };
}

/** An AdministratorAccess role that is not the declared admin role: what the resource policies must stop. */
export function accountAdmin(account = CENTRAL, name = 'AccountAdministrator'): Principal {
  return { arn: `arn:${PARTITION}:iam::${account}:role/${name}`, account, policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }] };
}

/** The break-glass role the stack exempts (adminRoleArn, default trailproof-admin), with AdministratorAccess. */
export function breakGlassAdmin(): Principal {
  return accountAdmin(CENTRAL, 'trailproof-admin');
}

/** Deploys a packaged stack, and the member template when the stack is in organization mode. */
export function deploy(name: string, template: Template, organization: boolean): Deployment {
  const stack = resolveTemplate(template, { account: CENTRAL, region: REGION, partition: PARTITION });
  if (!organization) return { name, stack, organization };
  const checks = loadCheckMetadata(join(REPO_ROOT, 'lib/checks'));
  const env = lambdaEnvironment(stack, 'seal');
  const member = resolveTemplate(memberAccountTemplate(checks, allPatterns(checks)) as unknown as Template, {
    account: MEMBER,
    region: REGION,
    partition: PARTITION,
    parameters: {
      CentralAccountId: CENTRAL,
      CentralEventBusArn: stack.arnOf('CentralEventBus'),
      Stage: name.split('-')[0]!,
      MemberRoleName: String(env.MEMBER_ROLE_NAME),
      PrimaryRegion: REGION,
      ManagementAccountId: MANAGEMENT,
    },
  });
  return { name, stack, member, organization };
}

/** The logical id of a function's Lambda resource (osls names them e.g. PostureDashsweepLambdaFunction). */
export function functionId(stack: Resolved, fn: string): string {
  const found = stack.resources('AWS::Lambda::Function').find((f) => f.properties.FunctionName.endsWith(`-${fn}`));
  if (!found) throw new Error(`no function ${fn}`);
  return found.id;
}

/** A function's resolved environment variables. */
export function lambdaEnvironment(stack: Resolved, fn: string): Record<string, string> {
  const found = stack.resources('AWS::Lambda::Function').find((f) => f.properties.FunctionName.endsWith(`-${fn}`))!;
  return found.properties.Environment.Variables;
}

/** The resource policy AWS would evaluate with a request on `resource`, if the resource has one. */
function resourcePolicyOf(deployment: Deployment, resource: string): { policy: any; account: string } | undefined {
  const { stack, member } = deployment;
  for (const { properties } of stack.resources('AWS::S3::BucketPolicy')) {
    const bucket = `arn:${PARTITION}:s3:::${properties.Bucket}`;
    if (resource === bucket || resource.startsWith(`${bucket}/`)) return { policy: properties.PolicyDocument, account: CENTRAL };
  }
  for (const { id, properties } of stack.resources('AWS::KMS::Key')) if (resource === stack.arnOf(id)) return { policy: properties.KeyPolicy, account: CENTRAL };
  // Any other key (one a check reads) has KMS's default key policy: the account may use IAM for it.
  const otherKey = /^arn:[^:]+:kms:[^:]+:(\d{12}):key\//.exec(resource);
  if (otherKey) return { policy: defaultKeyPolicy(otherKey[1]!), account: otherKey[1]! };
  for (const { properties } of stack.resources('AWS::SQS::QueuePolicy')) {
    const arns = (properties.Queues as string[]).map((url) => sqsArnOf(url));
    if (arns.includes(resource)) return { policy: properties.PolicyDocument, account: CENTRAL };
  }
  if (member) {
    for (const { id, properties } of member.resources('AWS::IAM::Role')) {
      if (resource === member.arnOf(id)) return { policy: properties.AssumeRolePolicyDocument, account: MEMBER };
    }
  }
  return undefined;
}

/** The default key policy KMS gives a key created without one: the account's IAM policies decide. */
function defaultKeyPolicy(account: string): unknown {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:${PARTITION}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] };
}

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` as the queue's ARN. */
export function sqsArnOf(url: string): string {
  const m = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/(.+)$/.exec(url);
  if (!m) throw new Error(`not a queue URL: ${url}`);
  return `arn:${PARTITION}:sqs:${m[1]}:${m[2]}:${m[3]}`;
}

/** The account that owns a resource: the one in its ARN, or (for S3 ARNs, which name none) `fallback`. */
function ownerOf(resource: string, fallback: string): string {
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(resource)?.[1] ?? fallback;
}

/** One request for the evaluator. `resourceAccount` overrides the owner (S3 buckets of another account). */
export interface Request {
  principal: Principal;
  action: string;
  resource: string;
  context?: Record<string, string>;
  resourceAccount?: string;
  /** Ask the identity policies alone, as if the resource had no policy: do they deny it on their own? */
  identityOnly?: boolean;
}

/**
 * The evaluator's decision on one request, or `error: ...` when it refuses the request (an unknown
 * action, a resource ARN that does not fit the action, an invalid policy): those must fail a test too.
 */
export async function decide(deployment: Deployment, request: Request): Promise<EvaluationResult | `error: ${string}`> {
  const { principal, action, resource } = request;
  const found = resource === '*' || request.identityOnly ? undefined : resourcePolicyOf(deployment, resource);
  const resourceAccount = request.resourceAccount ?? found?.account ?? ownerOf(resource, principal.account);
  const result = await runSimulation(
    {
      request: {
        principal: principal.arn,
        action,
        resource: { resource, accountId: resourceAccount },
        contextVariables: {
          'aws:PrincipalArn': principal.arn,
          'aws:PrincipalAccount': principal.account,
          'aws:SecureTransport': 'true',
          ...(deployment.organization ? { 'aws:PrincipalOrgID': ORG_ID } : {}),
          ...(action.startsWith('kms:') ? { 'kms:CallerAccount': principal.account } : {}),
          ...request.context,
        },
      },
      identityPolicies: principal.policies.map((policy, i) => ({ name: `policy-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(found ? { resourcePolicy: found.policy } : {}),
    },
    { simulationMode: 'Strict' },
  );
  if (result.resultType === 'error' && AMBIGUOUS_IN_EVALUATOR.has(action) && JSON.stringify(result.errors).includes('multiple.resource.types')) {
    return byStatementMatch(principal, action, resource);
  }
  return result.resultType === 'error' ? `error: ${JSON.stringify(result.errors)}` : result.overallResult;
}

/**
 * Actions whose every ARN the evaluator cannot type: AWS Backup's recovery point ARN format
 * (`arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}`) matches a backup
 * plan's or vault's ARN as well, so iam-simulate refuses the request ("multiple.resource.types")
 * though IAM itself only matches policy resources against the ARN.
 */
const AMBIGUOUS_IN_EVALUATOR = new Set(['backup:ListTags']);

/** IAM's wildcard match of a policy string (`*` any run, `?` one character), case-sensitive like ARNs. */
function wildcardMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.split('?').map((p) => p.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('.')).join('.*')}$`);
  return regex.test(value);
}

/**
 * The decision of the identity policies alone by matching their statements, for the few requests
 * the evaluator cannot type: explicitly denied by any matching Deny, allowed by a matching Allow
 * without conditions, implicitly denied otherwise. Conditions are not evaluated, so a conditional
 * Allow never counts (the stricter answer).
 */
function byStatementMatch(principal: Principal, action: string, resource: string): EvaluationResult {
  const statements = principal.policies.flatMap((policy) => [policy.Statement].flat());
  const matching = statements.filter(
    (s) =>
      [s.Action ?? []].flat().some((a: string) => wildcardMatch(a.toLowerCase(), action.toLowerCase())) &&
      [s.Resource ?? []].flat().some((r: string) => wildcardMatch(r, resource)),
  );
  if (matching.some((s) => s.Effect === 'Deny')) return 'ExplicitlyDenied';
  return matching.some((s) => s.Effect === 'Allow' && !s.Condition) ? 'Allowed' : 'ImplicitlyDenied';
}
