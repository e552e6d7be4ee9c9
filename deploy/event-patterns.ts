/**
 * EventBridge event patterns generated from check metadata: which CloudTrail events and Config
 * notifications reach the collectors. Nothing here is written by hand per check; a new check's
 * triggers become patterns on the next `npm run generate:deploy` (deploy/generate.ts).
 */
import type { CheckMetadata } from '../lib/model/check.ts';
import { managedRuleNames } from '../lib/checks/config-rule-names.ts';
import { VERSIONED_EVENT_SOURCES } from '../lib/model/event-name.ts';

/** A rule to create: its short name (rule and logical-id suffix), which queue it feeds, its pattern. */
export interface NamedPattern {
  name: string;
  description: string;
  queue: 'cloudtrail' | 'config';
  pattern: Record<string, unknown>;
}

const API_CALL = 'AWS API Call via CloudTrail';
const CONSOLE_SIGN_IN = 'AWS Console Sign In via CloudTrail';
/** CloudTrail records of eventType AwsServiceEvent, e.g. IAM Identity Center's sign-in steps (UserAuthentication, CredentialVerification). */
const SERVICE_EVENT = 'AWS Service Event via CloudTrail';
/** The real AWS Config detail-types (EventBridge events reference, "AWS Config events"). */
const CONFIG_ITEM_CHANGE = 'Config Configuration Item Change';
const CONFIG_COMPLIANCE_CHANGE = 'Config Rules Compliance Change';
/**
 * EventBridge's default event-pattern size quota is 2048 characters (adjustable to 4096). Patterns
 * are split into several rules rather than asking every adopter for a quota increase.
 */
export const MAX_PATTERN_CHARS = 2048;

/**
 * A pattern's size as EventBridge may count it: compact JSON plus a space after every separator, so
 * the limit holds however CloudFormation serializes the pattern object.
 */
export function patternSize(pattern: Record<string, unknown>): number {
  return JSON.stringify(pattern).replace(/[,:]/g, '$& ').length;
}

const SIGNIN_SOURCE = 'signin.amazonaws.com';

/** "s3.amazonaws.com" -> "s3": the EventBridge `source` of a CloudTrail event is "aws." + this. */
function servicePrefix(eventSource: string): string {
  return eventSource.replace(/\.amazonaws\.com$/, '');
}

/**
 * Splits `values` into the fewest consecutive chunks whose pattern stays under the size quota.
 * A single value that does not fit on its own is a metadata problem worth failing loudly for.
 */
export function chunkToFit<T>(values: T[], build: (chunk: T[]) => Record<string, unknown>, limit = MAX_PATTERN_CHARS): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  for (const value of values) {
    const candidate = [...current, value];
    if (patternSize(build(candidate)) <= limit) {
      current = candidate;
      continue;
    }
    if (current.length === 0) throw new RangeError(`event pattern for ${JSON.stringify(value)} alone exceeds ${limit} characters`);
    chunks.push(current);
    current = [value];
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** How a pattern selects one event name: the name itself, or `{ prefix }` for versioned names. */
type EventNameFilter = string | { prefix: string };

/**
 * The filter for a listed event name (a stem). Services that append an API version to eventName
 * (`AddPermission20150331v2`) are matched by prefix, as is any service when the trigger names none
 * ("*"): a new API version must not stop the events arriving. What a prefix lets through by accident
 * (`CreateFunction` also starts `CreateFunctionUrlConfig20211031`) the router's exact-stem comparison drops.
 */
function eventNameFilter(eventSource: string, eventName: string): EventNameFilter {
  return eventSource === '*' || VERSIONED_EVENT_SOURCES.includes(eventSource) ? { prefix: eventName } : eventName;
}

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function numbered<T>(base: string, chunks: T[][]): Array<{ name: string; chunk: T[] }> {
  return chunks.map((chunk, i) => ({ name: chunks.length === 1 ? base : `${base}-${i + 1}`, chunk }));
}

/**
 * Service-scoped CloudTrail rules: one per eventSource (split if large), matching only successful calls
 * (a call that failed changed nothing; failed calls would only cost invocations that the parser skips).
 */
function serviceRules(checks: CheckMetadata[]): NamedPattern[] {
  const bySource = new Map<string, Set<string>>();
  for (const check of checks) {
    for (const trigger of check.triggers.cloudtrail) {
      if (trigger.userIdentityTypes || trigger.eventSource === '*' || trigger.eventSource === SIGNIN_SOURCE) continue;
      const names = bySource.get(trigger.eventSource) ?? new Set<string>();
      trigger.eventNames.forEach((n) => names.add(n));
      bySource.set(trigger.eventSource, names);
    }
  }
  const rules: NamedPattern[] = [];
  for (const source of sorted(bySource.keys())) {
    const names = sorted(bySource.get(source) ?? []);
    const build = (chunk: string[]): Record<string, unknown> => ({
      source: [`aws.${servicePrefix(source)}`],
      'detail-type': [API_CALL],
      detail: {
        eventSource: [source],
        ...(names.includes('*') ? {} : { eventName: chunk.map((name) => eventNameFilter(source, name)) }),
        errorCode: [{ exists: false }],
      },
    });
    const chunks = names.includes('*') ? [names] : chunkToFit(names, build);
    for (const { name, chunk } of numbered(`ct-${servicePrefix(source)}`, chunks)) {
      rules.push({ name, description: `CloudTrail ${source} changes that trigger checks`, queue: 'cloudtrail', pattern: build(chunk) });
    }
  }
  return rules;
}

/**
 * Sign-ins (not identity-filtered): console sign-ins and IAM Identity Center's sign-in steps, which
 * CloudTrail logs as service events, both under source aws.signin.
 */
function signInRules(checks: CheckMetadata[]): NamedPattern[] {
  const names = sorted(
    checks.flatMap((c) => c.triggers.cloudtrail.filter((t) => t.eventSource === SIGNIN_SOURCE && !t.userIdentityTypes).flatMap((t) => t.eventNames)),
  );
  if (names.length === 0) return [];
  const pattern = {
    source: ['aws.signin'],
    'detail-type': [CONSOLE_SIGN_IN, SERVICE_EVENT],
    ...(names.includes('*') ? {} : { detail: { eventName: names } }),
  };
  return [{ name: 'signin', description: 'Console and Identity Center sign-ins that trigger checks', queue: 'cloudtrail', pattern }];
}

/**
 * Identity-filtered triggers (e.g. any activity by the root user): API calls and sign-ins alike, on any
 * service when eventSource is "*". Failed calls are kept: a failed root sign-in is evidence too.
 */
function identityRules(checks: CheckMetadata[]): NamedPattern[] {
  const groups = new Map<string, { types: string[]; sources: Set<string>; names: Map<string, EventNameFilter> }>();
  for (const check of checks) {
    for (const trigger of check.triggers.cloudtrail) {
      if (!trigger.userIdentityTypes) continue;
      const types = sorted(trigger.userIdentityTypes);
      const key = types.join(',');
      const group = groups.get(key) ?? { types, sources: new Set<string>(), names: new Map<string, EventNameFilter>() };
      group.sources.add(trigger.eventSource);
      for (const name of trigger.eventNames) {
        // A prefix also matches the exact name, so it wins when two triggers list the same name.
        if (typeof group.names.get(name) !== 'object') group.names.set(name, eventNameFilter(trigger.eventSource, name));
      }
      groups.set(key, group);
    }
  }
  return [...groups.values()].map(({ types, sources, names }) => {
    const anySource = sources.has('*');
    const anyName = names.has('*');
    const detail: Record<string, unknown> = { userIdentity: { type: types } };
    if (!anySource) detail.eventSource = sorted(sources);
    if (!anyName) detail.eventName = sorted(names.keys()).map((name) => names.get(name) ?? name);
    const pattern: Record<string, unknown> = { 'detail-type': [API_CALL, CONSOLE_SIGN_IN], detail };
    if (!anySource) pattern.source = sorted([...sources].map((s) => `aws.${servicePrefix(s)}`));
    const label = types.map((t) => t.toLowerCase()).join('-');
    return { name: `${label}-activity`, description: `Any activity by ${types.join('/')} identities`, queue: 'cloudtrail' as const, pattern };
  });
}

/**
 * Service events that are not CloudTrail records (metadata `triggers.eventbridge`, e.g. AWS Backup's
 * "Restore Job State Change"): one rule per source, every detail-type the checks name, delivered to
 * the CloudTrail queue, whose function parses any EventBridge envelope. States that change no
 * verdict (a restore job still RUNNING) are skipped by the parser, not filtered here: which states
 * matter is the parser's knowledge, and the metadata names only the event.
 */
export function serviceEventPatterns(checks: CheckMetadata[]): NamedPattern[] {
  const bySource = new Map<string, Set<string>>();
  for (const trigger of checks.flatMap((c) => c.triggers.eventbridge ?? [])) {
    const types = bySource.get(trigger.source) ?? new Set<string>();
    trigger.detailTypes.forEach((t) => types.add(t));
    bySource.set(trigger.source, types);
  }
  return sorted(bySource.keys()).map((source) => ({
    name: `events-${source.replace(/^aws\./, '')}`,
    description: `${source} service events that trigger checks`,
    queue: 'cloudtrail' as const,
    pattern: { source: [source], 'detail-type': sorted(bySource.get(source) ?? []) },
  }));
}

/** Every CloudTrail-derived rule, in a stable order. */
export function cloudTrailPatterns(checks: CheckMetadata[]): NamedPattern[] {
  return [...serviceRules(checks), ...signInRules(checks), ...identityRules(checks)];
}

/**
 * Config rules: item changes of the resource types checks evaluate (oversized items carry only a
 * `configurationItemSummary`, hence the "$or"), and compliance changes of the managed rules the checks
 * map to. Compliance changes are filtered by rule-name prefix rather than taken unfiltered: managed rules
 * are named after their identifier by default (console), with a suffix in conformance packs and a
 * "securityhub-" prefix under Security Hub; every other rule, including trailproof's own custom rule
 * (whose compliance we compute ourselves), would only cost an invocation the router ignores.
 */
export function configPatterns(checks: CheckMetadata[]): NamedPattern[] {
  const rules: NamedPattern[] = [];
  const types = sorted(checks.flatMap((c) => c.triggers.configResourceTypes));
  if (types.length > 0) {
    const build = (chunk: string[]): Record<string, unknown> => ({
      source: ['aws.config'],
      'detail-type': [CONFIG_ITEM_CHANGE],
      detail: { $or: [{ configurationItem: { resourceType: chunk } }, { configurationItemSummary: { resourceType: chunk } }] },
    });
    for (const { name, chunk } of numbered('config-items', chunkToFit(types, build))) {
      rules.push({ name, description: 'Config item changes of resource types checks evaluate', queue: 'config', pattern: build(chunk) });
    }
  }
  const prefixes = sorted(checks.flatMap((c) => c.configRules.flatMap(managedRuleNames))).flatMap((n) => [n, `securityhub-${n}`]);
  if (prefixes.length > 0) {
    const build = (chunk: string[]): Record<string, unknown> => ({
      source: ['aws.config'],
      'detail-type': [CONFIG_COMPLIANCE_CHANGE],
      detail: { configRuleName: chunk.map((prefix) => ({ prefix })) },
    });
    for (const { name, chunk } of numbered('config-compliance', chunkToFit(prefixes, build))) {
      rules.push({ name, description: 'Compliance changes of the managed Config rules mapped to checks', queue: 'config', pattern: build(chunk) });
    }
  }
  return rules;
}
