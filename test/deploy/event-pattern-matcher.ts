/**
 * A small EventBridge event-pattern matcher for tests: exact values, `prefix`, `exists`, `wildcard`
 * and `$or`, with arrays in the event matching when any element matches. Enough to prove that the
 * generated patterns select (and reject) real CloudTrail and Config events without AWS.
 */
type Pattern = Record<string, unknown>;

/**
 * EventBridge's "begins with" filter: `{ "prefix": "us-" }` (case-sensitive) or
 * `{ "prefix": { "equals-ignore-case": "eventb" } }`. It applies to string values only: a number,
 * boolean or object never matches, whatever its text.
 */
function matchesPrefix(prefix: unknown, value: unknown): boolean {
  const ignoreCase = typeof prefix === 'object' && prefix !== null ? (prefix as Record<string, unknown>)['equals-ignore-case'] : undefined;
  if (typeof prefix === 'string') return typeof value === 'string' && value.startsWith(prefix);
  if (typeof ignoreCase === 'string') return typeof value === 'string' && value.toLowerCase().startsWith(ignoreCase.toLowerCase());
  throw new Error(`matcher does not support prefix ${JSON.stringify(prefix)}`);
}

function matchesValue(rule: unknown, value: unknown, present: boolean): boolean {
  const values = Array.isArray(value) ? value : [value];
  if (rule !== null && typeof rule === 'object') {
    const r = rule as Record<string, unknown>;
    if ('exists' in r) return r.exists === present;
    if (!present) return false;
    if ('prefix' in r) return values.some((v) => matchesPrefix(r.prefix, v));
    if (typeof r.wildcard === 'string') {
      const re = new RegExp(`^${(r.wildcard as string).split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      return values.some((v) => typeof v === 'string' && re.test(v));
    }
    throw new Error(`matcher does not support ${JSON.stringify(rule)}`);
  }
  return present && values.some((v) => v === rule);
}

/** True when `event` matches `pattern` as EventBridge would decide. */
export function matchesPattern(pattern: Pattern, event: unknown): boolean {
  const object = (event ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') return (rule as Pattern[]).some((alternative) => matchesPattern(alternative, object));
    const present = Object.hasOwn(object, key) && object[key] !== undefined;
    if (Array.isArray(rule)) return rule.some((r) => matchesValue(r, object[key], present));
    if (!present || typeof object[key] !== 'object') return false;
    return matchesPattern(rule as Pattern, object[key]);
  });
}

/**
 * The detail-type EventBridge gives a CloudTrail record, by its eventType (EventBridge User Guide,
 * "AWS service events delivered via AWS CloudTrail"): console sign-ins, service events (Identity
 * Center sign-in steps are AwsServiceEvent records), API calls.
 */
function detailTypeOf(record: Record<string, unknown>): string {
  if (record.eventType === 'AwsConsoleSignIn' || record.eventName === 'ConsoleLogin') return 'AWS Console Sign In via CloudTrail';
  // AWS sign-in logs nothing but console sign-ins and service events (Identity Center's sign-in steps).
  if (record.eventType === 'AwsServiceEvent' || record.eventSource === 'signin.amazonaws.com') return 'AWS Service Event via CloudTrail';
  return 'AWS API Call via CloudTrail';
}

/** Wraps a CloudTrail record the way EventBridge delivers it. */
export function cloudTrailEnvelope(record: Record<string, unknown>): Record<string, unknown> {
  const source = String(record.eventSource ?? '').replace(/\.amazonaws\.com$/, '');
  return {
    version: '0',
    id: 'test',
    'detail-type': detailTypeOf(record),
    source: `aws.${source}`,
    account: '111122223333',
    region: 'us-east-1',
    detail: record,
  };
}
