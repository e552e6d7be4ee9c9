/**
 * Test helper: every request a deployed function must be allowed, derived from its code (the SDK
 * calls of its bundle, code-commands.ts) and from the template (what Lambda does with the role: read
 * its queue, write its logs). A collector read counts for a function only when a check it runs
 * declares it (metadata `reads`, which is what routes a read to a function); the member role of
 * organization mode must be allowed every collector read.
 */
import { join } from 'node:path';
import { loadCheckMetadata } from '../../deploy/check-metadata.ts';
import { REPO_ROOT } from '../../deploy/generate.ts';
import { FUNCTIONS, allReadActions, readActionsFor, roleLogicalId, type FunctionName } from '../../deploy/roles.ts';
import type { SdkCall } from './code-commands.ts';
import { actionsOf, evidencePutContext, sampleArn, type Context } from './iam-requests.ts';
import {
  CENTRAL, MANAGEMENT, MEMBER, PARTITION, REGION, functionId, lambdaEnvironment, rolePrincipal, sqsArnOf, type Deployment, type Principal, type Request,
} from './simulated-deployment.ts';

const checks = loadCheckMetadata(join(REPO_ROOT, 'lib/checks'));

/** A request that must be allowed, and why it is asked. */
export interface Required extends Request {
  why: string;
}

const isCollectorRead = (call: SdkCall) => call.file.startsWith('lib/collectors/');

/** Reads of a collector on a resource of `account`; a trail read also on the management account's trails. */
async function readRequests(deployment: Deployment, principal: Principal, action: string, account: string, why: string): Promise<Required[]> {
  const resource = await sampleArn(action, { partition: PARTITION, region: REGION, account });
  const requests: Required[] = [{ principal, action, resource, resourceAccount: account, why }];
  if (resource.includes(':trail/') && deployment.stack.condition('HasManagementAccount')) {
    // CloudTrail lets a member of the organization read its organization trail by ARN; there is no
    // trail resource policy to evaluate, so the identity policy decides (asked as the caller's own resource).
    const organizationTrail = resource.replace(`:${account}:`, `:${MANAGEMENT}:`);
    requests.push({ principal, action, resource: organizationTrail, resourceAccount: account, why: `${why} (organization trail)` });
  }
  return requests;
}

/** The requests one of the function's own SDK calls makes: the evidence bucket, the signing key, its queue, the member role. */
async function ownRequests(deployment: Deployment, fn: FunctionName, principal: Principal, call: SdkCall, action: string): Promise<Required[] | string> {
  const env = lambdaEnvironment(deployment.stack, fn);
  const why = `${fn}: ${call.client} ${call.operation} (${call.file})`;
  const [service, name] = action.split(':') as [string, string];
  if (service === 's3' && ['PutObject', 'PutObjectRetention', 'GetObject', 'ListBucket'].includes(name)) {
    if (call.areas.length === 0) return `${why}: cannot tell which evidence keys it uses`;
    const lock = { mode: env.LOCK_MODE!, days: Number(env.RETENTION_DAYS) };
    const context: Context = name === 'GetObject' ? {} : await evidencePutContext(lock);
    return call.areas.map((area) =>
      name === 'ListBucket'
        ? { principal, action, resource: `arn:${PARTITION}:s3:::${env.EVIDENCE_BUCKET}`, context: { 's3:prefix': `${env.EVIDENCE_PREFIX}${area}/` }, why }
        : { principal, action, resource: `arn:${PARTITION}:s3:::${env.EVIDENCE_BUCKET}/${env.EVIDENCE_PREFIX}${area}/sample`, context, why },
    );
  }
  if (service === 'kms' && ['Sign', 'GetPublicKey'].includes(name)) {
    const context: Context = typeof call.input.SigningAlgorithm === 'string' ? { 'kms:SigningAlgorithm': call.input.SigningAlgorithm } : {};
    return [{ principal, action, resource: env.SIGNING_KEY_ARN!, context, why }];
  }
  if (action === 'sqs:SendMessage') return [{ principal, action, resource: sqsArnOf(env.SWEEP_QUEUE_URL!), why }];
  if (action === 'sts:AssumeRole') {
    // Without organization mode MEMBER_ROLE_NAME is empty and the function never assumes a role.
    return env.MEMBER_ROLE_NAME ? [{ principal, action, resource: `arn:${PARTITION}:iam::${MEMBER}:role/${env.MEMBER_ROLE_NAME}`, why }] : [];
  }
  const resource = await sampleArn(action, { partition: PARTITION, region: REGION, account: CENTRAL });
  if (resource === '*') return [{ principal, action, resource, why }];
  return `${why}: no rule says which of our resources ${action} targets: add one`;
}

/** What Lambda does with the role: poll the function's queues, write its log group. */
function platformRequests(deployment: Deployment, fn: FunctionName, principal: Principal): Required[] {
  const { stack } = deployment;
  const id = functionId(stack, fn);
  const requests: Required[] = [];
  for (const { properties } of stack.resources('AWS::Lambda::EventSourceMapping')) {
    if (properties.FunctionName !== stack.arnOf(id) && properties.FunctionName !== stack.resolve({ Ref: id })) continue;
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']) {
      requests.push({ principal, action, resource: properties.EventSourceArn, why: `${fn}: Lambda polls its SQS event source` });
    }
  }
  const group = stack.resources('AWS::Logs::LogGroup').find((g) => g.properties.LogGroupName === `/aws/lambda/${stack.resolve({ Ref: id })}`);
  if (!group) throw new Error(`${fn} has no log group`);
  const stream = `arn:${PARTITION}:logs:${REGION}:${CENTRAL}:log-group:${group.properties.LogGroupName}:log-stream:2026/05/01/[$LATEST]sample`;
  for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) requests.push({ principal, action, resource: stream, why: `${fn}: Lambda writes its logs` });
  return requests;
}

/**
 * Every request the deployment must allow, and every problem found deriving them (a call no rule
 * targets, a collector read no check declares).
 */
export async function requiredAccess(deployment: Deployment, commands: Map<FunctionName, SdkCall[]>): Promise<{ requests: Required[]; problems: string[] }> {
  const requests: Required[] = [];
  const problems: string[] = [];
  const declared = new Set(allReadActions(checks));
  const collectorReads = new Set<string>();
  for (const fn of FUNCTIONS) {
    const principal = rolePrincipal(deployment.stack, roleLogicalId(fn));
    const routed = new Set(readActionsFor(fn, checks));
    for (const call of commands.get(fn) ?? []) {
      for (const action of actionsOf(call)) {
        if (isCollectorRead(call)) {
          if (!declared.has(action)) problems.push(`${call.file} sends ${call.operation} (${action}), which no check declares in metadata reads`);
          collectorReads.add(action);
          if (routed.has(action)) requests.push(...(await readRequests(deployment, principal, action, CENTRAL, `${fn}: ${call.operation} (${call.file})`)));
          continue;
        }
        const own = await ownRequests(deployment, fn, principal, call, action);
        if (typeof own === 'string') problems.push(own);
        else requests.push(...own);
      }
    }
    requests.push(...platformRequests(deployment, fn, principal));
  }
  if (deployment.member) {
    const memberRole = rolePrincipal(deployment.member, 'MemberReadRole');
    for (const action of [...collectorReads].sort()) requests.push(...(await readRequests(deployment, memberRole, action, MEMBER, `member role: ${action}`)));
  }
  return { requests: dedupe(requests), problems: [...new Set(problems)] };
}

/** One request per principal, action, resource and context: many call sites make the same request. */
function dedupe(requests: Required[]): Required[] {
  const seen = new Map<string, Required>();
  for (const r of requests) seen.set(JSON.stringify([r.principal.arn, r.action, r.resource, r.context ?? {}]), r);
  return [...seen.values()];
}
