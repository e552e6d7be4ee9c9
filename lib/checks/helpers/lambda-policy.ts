/**
 * Which statements of a Lambda resource-based policy open the function to anyone: an Allow to a
 * wildcard principal (`*`, `{"AWS": "*"}`, an ARN with a `*` account) without a condition that
 * pins the caller to fixed accounts, organizations, sources or networks, and an Allow to an AWS
 * service principal without a source condition (the confused deputy: without aws:SourceArn or
 * aws:SourceAccount any account's bucket, topic or API can make that service invoke the function,
 * as Lambda's AddPermission documentation warns). Pure: reads only the parsed policy.
 */
import type { FunctionPolicyState, PolicyStatement } from '../../model/states/lambda.ts';

/** One statement that grants the public (or any account, through a service) access. */
export interface PublicGrant {
  /** The alias whose policy holds it; null for the function's own policy. */
  qualifier: string | null;
  sid: string | null;
  principal: string;
  why: string;
}

/** Keys that pin who may call, whatever the principal says. lambda:FunctionUrlAuthType is not one: AWS_IAM with Principal "*" admits any AWS account. */
const CALLER_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceowner', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn', 'aws:sourcevpc', 'aws:sourcevpce', 'lambda:eventsourcetoken'];
/** Keys that pin the resource a service acts for: what a service principal needs. */
const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceowner', 'aws:sourceorgid', 'aws:sourceorgpaths', 'lambda:eventsourcetoken'];
const ARN_KEYS = ['aws:sourcearn', 'aws:principalarn'];

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `[type, value]` pairs of a Principal element: "*" is `["AWS", "*"]`. */
function principals(principal: unknown): Array<[string, string]> {
  if (principal === '*') return [['AWS', '*']];
  if (typeof principal !== 'object' || principal === null) return [];
  return Object.entries(principal).flatMap(([type, value]) => strings(value).map((v): [string, string] => [type, v]));
}

/** An ARN that pins an account: a fixed 12-digit account, or (S3, no account field) a resource without a wildcard. */
function arnIsPinned(value: string): boolean {
  const [prefix, , service, , account, ...rest] = value.split(':');
  const resource = rest.join(':');
  if (prefix !== 'arn' || !service || /[*?]/.test(service)) return false;
  if (account === '') return resource !== '' && !/[*?]/.test(resource);
  return /^\d{12}$/.test(account ?? '');
}

/**
 * A value that names fixed callers: no policy variable, no wildcard; an ARN needs only a fixed
 * account (API Gateway source ARNs end in `/*`), an organization path only its organization.
 */
function isFixed(key: string, value: string): boolean {
  if (value === '' || value.includes('${')) return false;
  if (ARN_KEYS.includes(key)) return arnIsPinned(value);
  if (key.endsWith('orgpaths')) return /^o-[a-z0-9]+\//.test(value);
  return !/[*?]/.test(value);
}

/**
 * The keys among `wanted` that the statement's conditions pin to fixed values. Negated, IfExists,
 * Null and ForAllValues operators pin nothing (they pass when the key is absent or differs).
 */
function pinnedKeys(statement: PolicyStatement, wanted: readonly string[]): string[] {
  const pinned = new Set<string>();
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (/not|ifexists$|^null$|^forallvalues:/i.test(operator) || typeof block !== 'object' || block === null) continue;
    for (const [rawKey, value] of Object.entries(block)) {
      const key = rawKey.toLowerCase();
      const values = strings(value);
      if (wanted.includes(key) && values.length > 0 && values.every((v) => isFixed(key, v))) pinned.add(key);
    }
  }
  return [...pinned];
}

function grantsOf(statement: PolicyStatement, qualifier: string | null): PublicGrant[] {
  if (statement.Effect !== 'Allow') return [];
  const sid = typeof statement.Sid === 'string' ? statement.Sid : null;
  if (statement.NotPrincipal !== undefined) return [{ qualifier, sid, principal: 'NotPrincipal', why: 'Allow with NotPrincipal grants everyone but the principals it names' }];
  const grants: PublicGrant[] = [];
  for (const [type, value] of principals(statement.Principal)) {
    if (type === 'Service') {
      if (pinnedKeys(statement, SOURCE_KEYS).length === 0) {
        grants.push({ qualifier, sid, principal: value, why: `service principal ${value} without aws:SourceArn or aws:SourceAccount: any account's resource can have it invoke the function` });
      }
    } else if (value.includes('*') && pinnedKeys(statement, CALLER_KEYS).length === 0) {
      grants.push({ qualifier, sid, principal: value === '*' ? '*' : `${type}:${value}`, why: 'wildcard principal without a condition pinning the caller\'s account, organization or source' });
    }
  }
  return grants;
}

/**
 * Every public grant in the function's and its aliases' policies.
 *
 * @example publicGrants([{ qualifier: null, statements: [{ Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl' }] }]).length // 1
 */
export function publicGrants(policies: readonly FunctionPolicyState[]): PublicGrant[] {
  return policies.flatMap((policy) => policy.statements.flatMap((statement) => grantsOf(statement, policy.qualifier)));
}
