/**
 * Whether a backup vault access policy stops recovery points from being deleted: a Deny of
 * backup:DeleteRecoveryPoint that applies to everyone, on every recovery point of the vault, at
 * most exempting named principals (AWS Backup developer guide, "Deny access to delete recovery
 * points in a backup vault"). A Deny limited by any other condition protects nothing in general.
 */

const DELETE_RECOVERY_POINT = 'backup:deleterecoverypoint';

/** Condition operators that only carve exemptions out of a Deny ("everyone but the break-glass role"). */
const EXEMPTING_OPERATORS = new Set(['stringnotequals', 'stringnotlike', 'stringnotequalsignorecase', 'arnnotequals', 'arnnotlike']);

type Statement = Record<string, unknown>;

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM action patterns: case-insensitive, `*` and `?` wildcards. */
function actionMatches(pattern: unknown, action: string): boolean {
  if (typeof pattern !== 'string') return false;
  const source = pattern.toLowerCase().split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`).test(action);
}

function appliesToEveryone(statement: Statement): boolean {
  // NotPrincipal with Deny: everyone but the named principals.
  if (statement.NotPrincipal !== undefined) return true;
  const principal = statement.Principal;
  if (principal === '*') return true;
  return typeof principal === 'object' && principal !== null && list((principal as Record<string, unknown>).AWS).includes('*');
}

function deniesDelete(statement: Statement): boolean {
  if (statement.NotAction !== undefined) return !list(statement.NotAction).some((a) => actionMatches(a, DELETE_RECOVERY_POINT));
  return list(statement.Action).some((a) => actionMatches(a, DELETE_RECOVERY_POINT));
}

function coversEveryRecoveryPoint(statement: Statement): boolean {
  if (statement.NotResource !== undefined) return false;
  return list(statement.Resource).some((r) => typeof r === 'string' && (r === '*' || r.endsWith(':*') || r.endsWith('/*')));
}

function onlyExemptions(statement: Statement): boolean {
  const condition = statement.Condition;
  if (condition === undefined) return true;
  if (typeof condition !== 'object' || condition === null) return false;
  return Object.keys(condition).every((operator) => EXEMPTING_OPERATORS.has(operator.toLowerCase().replace(/ifexists$/, '')));
}

/**
 * The Sid (or index) of the statement that denies deleting recovery points to everyone, or
 * undefined when the policy has none (or is not JSON).
 *
 * @example deleteDenyStatement('{"Statement":[{"Sid":"NoDelete","Effect":"Deny","Principal":"*","Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}') // 'NoDelete'
 */
export function deleteDenyStatement(policy: string): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    return undefined;
  }
  const statements = list((document as Record<string, unknown> | null)?.Statement);
  const index = statements.findIndex((s) => {
    if (typeof s !== 'object' || s === null) return false;
    const statement = s as Statement;
    return statement.Effect === 'Deny' && appliesToEveryone(statement) && deniesDelete(statement) && coversEveryRecoveryPoint(statement) && onlyExemptions(statement);
  });
  if (index < 0) return undefined;
  const sid = (statements[index] as Statement).Sid;
  return typeof sid === 'string' && sid !== '' ? sid : `Statement[${index}]`;
}
