import type { PolicyDocument, PolicyStatement } from '../../model/states/s3.ts';

/**
 * Reads a bucket policy for a statement that refuses plain-HTTP requests. Pure policy-language
 * logic, kept beside the check that uses it.
 */

const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM glob: `*` any run of characters, `?` one character; action names compare case-insensitively. */
function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** Principal "*" or {"AWS": "*"}: the Deny applies to everyone, not just some principals. */
function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  const aws = (principal as { AWS?: unknown } | undefined)?.AWS;
  return asList(aws).includes('*');
}

/** Condition is exactly Bool/BoolIfExists aws:SecureTransport = false; any other key would narrow the Deny. */
function deniesPlainHttp(condition: PolicyStatement['Condition']): boolean {
  const operators = Object.entries(condition ?? {});
  if (operators.length !== 1) return false;
  const [operator, keys] = operators[0]!;
  if (!/^(Bool|BoolIfExists)$/i.test(operator)) return false;
  const entries = Object.entries(keys ?? {});
  if (entries.length !== 1) return false;
  const [key, value] = entries[0]!;
  return key.toLowerCase() === 'aws:securetransport' && asList(value).some((v) => String(v).toLowerCase() === 'false');
}

/** The actions include every object read and write: s3:*, *, or GetObject and PutObject (or Get*, Put*). */
function coversObjectAccess(actions: string[]): boolean {
  const covered = (action: string) => actions.some((pattern) => globMatches(pattern, action, true));
  return covered('s3:GetObject') && covered('s3:PutObject');
}

export interface SecureTransportVerdict {
  /** Sids (or indexes) of the statements that deny insecure transport to everyone. */
  statements: string[];
  coversBucket: boolean;
  coversObjects: boolean;
}

/**
 * Which Deny-on-insecure-transport statements the policy has, and whether together they cover the
 * bucket ARN and every object ARN. NotPrincipal/NotAction/NotResource statements are not counted:
 * their reach depends on what they leave out.
 */
export function secureTransportCoverage(policy: PolicyDocument, bucket: string): SecureTransportVerdict {
  const bucketArn = `arn:aws:s3:::${bucket}`;
  // Any object key: a pattern that matches this one matches every key in the bucket.
  const objectArn = `${bucketArn}/trailproof-any-object-key`;
  const verdict: SecureTransportVerdict = { statements: [], coversBucket: false, coversObjects: false };
  // The collector normalizes Statement to an array; a lone object (valid policy language) is read the same.
  (asList(policy.Statement) as PolicyStatement[]).forEach((statement, index) => {
    if (statement.Effect !== 'Deny' || statement.NotPrincipal || statement.NotAction || statement.NotResource) return;
    if (!isEveryone(statement.Principal) || !deniesPlainHttp(statement.Condition)) return;
    const resources = asList(statement.Resource).map(String);
    const actions = asList(statement.Action).map(String);
    const matchesBucket = resources.some((r) => globMatches(r, bucketArn));
    const matchesObjects = resources.some((r) => globMatches(r, objectArn)) && coversObjectAccess(actions);
    if (!matchesBucket && !matchesObjects) return;
    verdict.statements.push(statement.Sid ?? `#${index}`);
    verdict.coversBucket ||= matchesBucket;
    verdict.coversObjects ||= matchesObjects;
  });
  return verdict;
}
