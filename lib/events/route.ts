import { managedRuleNames, ruleIdentifierToKebab } from '../checks/config-rule-names.ts';
import type { Check, CloudTrailTrigger, EventBridgeTrigger, FanOutScope, Result, Snapshot } from '../model/check.ts';
import { EVENT_CHECK_KIND, snapshotFromEvent } from '../collectors/cloudtrail-event.ts';
import { eventNameStem } from '../model/event-name.ts';
import type { SnapshotKind } from '../collectors/types.ts';
import { complianceResult, type ConfigItem } from '../model/config-item.ts';
import type { Trigger } from './types.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ServiceEvent } from '../model/service-event.ts';

/** The resource type of account-level kinds (IAM account summary, EBS default encryption, ...). */
const ACCOUNT_RESOURCE_TYPE = 'AWS::::Account';

/**
 * One (check, resource) pair to evaluate: with a snapshot when the trigger carried the state
 * (a Config item, the CloudTrail event), else with the resource id the pipeline collects.
 */
export interface PlannedEvaluation {
  check: Check;
  /** The snapshot kind (metadata.snapshotKind). */
  kind: string;
  resourceId?: string;
  snapshot?: Snapshot;
  /** Neither id nor snapshot: the engine resolves the ids from this related resource with reads. */
  related?: { resourceType: string; resourceId: string };
  /** Neither id nor related resource: the engine re-evaluates every resource of the kind in this scope. */
  fanOut?: FanOutScope;
}

/** A managed Config rule's verdict, recorded as evidence as it is (nothing is collected). */
interface PlannedCompliance {
  check: Check;
  ruleName: string;
  resourceType: string;
  resourceId: string;
  complianceType: string;
  /** COMPLIANT → pass, NON_COMPLIANT → fail, NOT_APPLICABLE → not_applicable, else error. */
  result: Result;
}

/** What one trigger asks for. `unrouted` says why a trigger or a matched check gave nothing. */
export interface RoutePlan {
  evaluations: PlannedEvaluation[];
  compliance: PlannedCompliance[];
  unrouted: string[];
}

/**
 * Which checks a trigger asks for, on which resources. Pure: no I/O, never throws for a kind
 * that misbehaves (its failure becomes an `unrouted` reason).
 *
 * - cloudtrail: checks whose metadata.triggers.cloudtrail match; event checks get the event as their
 *   snapshot, the others one evaluation per id the kind finds in the event, else the related
 *   resource to resolve, else (a trigger declaring `fanOut`) every resource of the kind in scope;
 * - config-item / config-rule with an item: checks listing the item's type in configResourceTypes,
 *   with the snapshot from `kind.fromConfigItem` when it gives one (no API call), else the id;
 * - config-item-oversized / oversized config-rule: the id, collected live;
 * - config-rule ScheduledNotification: every sweep check whose kind is account-level
 *   (resourceType AWS::::Account), on the account: a periodic rule is about the account, and
 *   per-resource checks are the daily sweep's job (enumerating them here would need I/O);
 * - config-compliance: checks listing the rule in metadata.configRules;
 * - eventbridge (a service event such as a finished restore job): checks whose
 *   metadata.triggers.eventbridge match its source and detail-type, each re-evaluating every
 *   resource of its kind in the event's region (the event names a job, not a resource);
 * - sweep: not routed (the sweep enumerates).
 *
 * @example
 * const plan = routeTrigger(trigger, CHECKS, SNAPSHOT_KINDS);
 * for (const e of plan.evaluations) console.log(e.check.metadata.id, e.resourceId ?? e.snapshot?.resource.id);
 */
export function routeTrigger(trigger: Trigger, checks: readonly Check[], kinds: readonly SnapshotKind[]): RoutePlan {
  const plan: RoutePlan = { evaluations: [], compliance: [], unrouted: [] };
  switch (trigger.kind) {
    case 'cloudtrail':
      routeCloudTrail(trigger.record, checks, kinds, plan);
      break;
    case 'config-item':
      routeConfigItem(trigger.item, checks, kinds, plan);
      break;
    case 'config-item-oversized':
      routeResource(trigger.resourceType, trigger.resourceId, trigger.account, checks, kinds, plan);
      break;
    case 'config-compliance':
      routeCompliance(trigger, checks, plan);
      break;
    case 'config-rule':
      if (trigger.item) routeConfigItem(trigger.item, checks, kinds, plan);
      else if (trigger.oversized) routeResource(trigger.oversized.resourceType, trigger.oversized.resourceId, trigger.account, checks, kinds, plan);
      else routeScheduled(trigger.account, checks, kinds, plan);
      break;
    case 'eventbridge':
      routeServiceEvent(trigger.event, checks, kinds, plan);
      break;
    case 'sweep':
      plan.unrouted.push('sweep triggers are not routed: the sweep enumerates every check');
      break;
  }
  return dedupe(plan);
}

/**
 * True when one of the check's CloudTrail triggers matches the record. Metadata lists event-name
 * stems, compared exactly with the record's stem: `AddPermission20150331v2` matches `AddPermission`,
 * while `CreateFunctionUrlConfig20211031`, which an EventBridge prefix `CreateFunction` lets through,
 * does not match `CreateFunction`.
 */
export function matchesCloudTrail(triggers: readonly CloudTrailTrigger[], record: CloudTrailRecord): boolean {
  return matchingTriggers(triggers, record).length > 0;
}

function matchingTriggers(triggers: readonly CloudTrailTrigger[], record: CloudTrailRecord): CloudTrailTrigger[] {
  const stem = eventNameStem(record.eventName);
  return triggers.filter(
    (t) =>
      (t.eventSource === '*' || t.eventSource === record.eventSource) &&
      (t.eventNames.includes('*') || t.eventNames.includes(stem)) &&
      (!t.userIdentityTypes || t.userIdentityTypes.includes(record.userIdentity?.type ?? '')),
  );
}

/** The widest fan-out a matching trigger declares ("account" covers "region"), if any. */
function fanOutScope(triggers: readonly CloudTrailTrigger[], record: CloudTrailRecord): FanOutScope | undefined {
  const scopes = matchingTriggers(triggers, record).map((t) => t.fanOut);
  return scopes.includes('account') ? 'account' : scopes.includes('region') ? 'region' : undefined;
}

function routeCloudTrail(record: CloudTrailRecord, checks: readonly Check[], kinds: readonly SnapshotKind[], plan: RoutePlan): void {
  const matched = checks.filter((check) => matchesCloudTrail(check.metadata.triggers.cloudtrail, record));
  if (matched.length === 0) {
    plan.unrouted.push(`no check applies to ${record.eventSource}:${record.eventName}`);
    return;
  }
  for (const check of matched) {
    const { id, snapshotKind, resourceType } = check.metadata;
    if (snapshotKind === EVENT_CHECK_KIND) {
      plan.evaluations.push({ check, kind: snapshotKind, snapshot: snapshotFromEvent(record, resourceType) as Snapshot });
      continue;
    }
    const kind = findKind(check, kinds, plan);
    if (!kind) continue;
    let ids: string[];
    try {
      ids = kind.idsFromEvent(record);
    } catch (error) {
      plan.unrouted.push(`${id}: ${kind.kind} could not read ${record.eventName}: ${(error as Error).message}`);
      continue;
    }
    const related = ids.length === 0 && kind.resolveIds ? kind.relatedFromEvent?.(record) : undefined;
    // An event that removed what it names (a flow log, an association) points at nothing left to read.
    const fanOut = ids.length === 0 && !related ? fanOutScope(check.metadata.triggers.cloudtrail, record) : undefined;
    if (related) plan.evaluations.push({ check, kind: kind.kind, related });
    else if (fanOut) plan.evaluations.push({ check, kind: kind.kind, fanOut });
    else if (ids.length === 0) plan.unrouted.push(`${id} matched ${record.eventName} but the event names no ${kind.resourceType}`);
    for (const resourceId of ids) plan.evaluations.push({ check, kind: kind.kind, resourceId });
  }
}

/** True when one of the check's EventBridge triggers names the event's source and detail-type (exactly). */
export function matchesServiceEvent(triggers: readonly EventBridgeTrigger[] | undefined, event: Pick<ServiceEvent, 'source' | 'detailType'>): boolean {
  return (triggers ?? []).some((t) => t.source === event.source && t.detailTypes.includes(event.detailType));
}

function routeServiceEvent(event: ServiceEvent, checks: readonly Check[], kinds: readonly SnapshotKind[], plan: RoutePlan): void {
  const matched = checks.filter((check) => matchesServiceEvent(check.metadata.triggers.eventbridge, event));
  if (matched.length === 0) {
    plan.unrouted.push(`no check applies to ${event.source} "${event.detailType}"`);
    return;
  }
  for (const check of matched) {
    const kind = findKind(check, kinds, plan);
    if (kind) plan.evaluations.push({ check, kind: kind.kind, fanOut: 'region' });
  }
}

/** The checks that evaluate Config items of a resource type (compared case-insensitively). */
export function checksForType(resourceType: string, checks: readonly Check[]): Check[] {
  const wanted = resourceType.toLowerCase();
  // Case-insensitive: 2014-era Config items wrote types as AWS::EC2::VOLUME.
  return checks.filter((check) => check.metadata.triggers.configResourceTypes.some((type) => type.toLowerCase() === wanted));
}

function routeConfigItem(item: ConfigItem, checks: readonly Check[], kinds: readonly SnapshotKind[], plan: RoutePlan): void {
  const matched = checksForType(item.resourceType, checks);
  if (matched.length === 0) {
    plan.unrouted.push(`no check evaluates Config items of type ${item.resourceType}`);
    return;
  }
  for (const check of matched) {
    const kind = findKind(check, kinds, plan);
    if (!kind) continue;
    let snapshot: Snapshot | undefined;
    try {
      snapshot = kind.fromConfigItem?.(item);
    } catch (error) {
      plan.unrouted.push(`${check.metadata.id}: ${kind.kind} could not read the ${item.resourceType} item (${(error as Error).message}); collecting live`);
    }
    if (snapshot) {
      plan.evaluations.push({ check, kind: kind.kind, resourceId: snapshot.resource.id, snapshot });
      continue;
    }
    const resourceId = resourceIdFor(kind, item.resourceType, item.resourceId, item.awsAccountId);
    if (resourceId === undefined && kind.resolveIds) {
      plan.evaluations.push({ check, kind: kind.kind, related: { resourceType: item.resourceType, resourceId: item.resourceId } });
      continue;
    }
    if (resourceId === undefined) {
      plan.unrouted.push(`${check.metadata.id} reads ${kind.resourceType}; a ${item.resourceType} item names none`);
      continue;
    }
    plan.evaluations.push({ check, kind: kind.kind, resourceId });
  }
}

function routeResource(resourceType: string, resourceId: string, account: string, checks: readonly Check[], kinds: readonly SnapshotKind[], plan: RoutePlan): void {
  const matched = checksForType(resourceType, checks);
  if (matched.length === 0) {
    plan.unrouted.push(`no check evaluates Config items of type ${resourceType}`);
    return;
  }
  for (const check of matched) {
    const kind = findKind(check, kinds, plan);
    if (!kind) continue;
    const id = resourceIdFor(kind, resourceType, resourceId, account);
    if (id === undefined && kind.resolveIds) plan.evaluations.push({ check, kind: kind.kind, related: { resourceType, resourceId } });
    else if (id === undefined) plan.unrouted.push(`${check.metadata.id} reads ${kind.resourceType}; a ${resourceType} item names none`);
    else plan.evaluations.push({ check, kind: kind.kind, resourceId: id });
  }
}

/** The item's own id when it is of the kind's type; the account for account-level kinds. */
function resourceIdFor(kind: SnapshotKind, itemType: string, itemId: string, account: string): string | undefined {
  if (kind.resourceType.toLowerCase() === itemType.toLowerCase()) return itemId;
  if (kind.resourceType === ACCOUNT_RESOURCE_TYPE) return account;
  return undefined;
}

function routeScheduled(account: string, checks: readonly Check[], kinds: readonly SnapshotKind[], plan: RoutePlan): void {
  for (const check of checks) {
    if (!check.metadata.triggers.sweep || check.metadata.snapshotKind === EVENT_CHECK_KIND) continue;
    const kind = kinds.find((k) => k.kind === check.metadata.snapshotKind);
    if (kind?.resourceType !== ACCOUNT_RESOURCE_TYPE) continue;
    plan.evaluations.push({ check, kind: kind.kind, resourceId: account });
  }
  if (plan.evaluations.length === 0) plan.unrouted.push('no account-level check to run on a periodic Config rule');
}

/**
 * The managed-rule identifier a deployed rule name carries: its AWS default name or kebab-case
 * identifier, with the prefixes and suffixes Security Hub and conformance packs add
 * ("securityhub-s3-bucket-ssl-requests-only-a1b2c3", "restricted-ssh-conformance-pack-x1y2").
 * The longest name found as whole dash-separated words wins, so "multi-region-cloudtrail-enabled"
 * is not read as "cloudtrail-enabled".
 */
export function matchRuleIdentifier(ruleName: string, identifiers: readonly string[]): string | undefined {
  const name = `-${ruleIdentifierToKebab(ruleName)}-`;
  return identifiers
    .flatMap((identifier) => managedRuleNames(identifier).map((candidate) => ({ identifier, candidate })))
    .filter(({ candidate }) => name.includes(`-${candidate}-`))
    .sort((a, b) => b.candidate.length - a.candidate.length)[0]?.identifier;
}

function routeCompliance(trigger: Extract<Trigger, { kind: 'config-compliance' }>, checks: readonly Check[], plan: RoutePlan): void {
  const identifiers = checks.flatMap((check) => check.metadata.configRules);
  const identifier = matchRuleIdentifier(trigger.ruleName, identifiers);
  const matched = identifier === undefined ? [] : checks.filter((check) => check.metadata.configRules.includes(identifier));
  if (matched.length === 0) {
    plan.unrouted.push(`no check maps to AWS Config rule ${trigger.ruleName}`);
    return;
  }
  for (const check of matched) {
    plan.compliance.push({
      check,
      ruleName: trigger.ruleName,
      resourceType: trigger.resourceType,
      resourceId: trigger.resourceId,
      complianceType: trigger.complianceType,
      result: complianceResult(trigger.complianceType),
    });
  }
}

function findKind(check: Check, kinds: readonly SnapshotKind[], plan: RoutePlan): SnapshotKind | undefined {
  const kind = kinds.find((k) => k.kind === check.metadata.snapshotKind);
  if (!kind) plan.unrouted.push(`${check.metadata.id}: snapshot kind ${check.metadata.snapshotKind} is not registered`);
  return kind;
}

/** An event naming the same resource twice (or two triggers of one check) evaluates it once. */
function dedupe(plan: RoutePlan): RoutePlan {
  const seen = new Set<string>();
  plan.evaluations = plan.evaluations.filter((e) => {
    const key = `${e.check.metadata.id}\u0000${e.resourceId ?? e.snapshot?.resource.id ?? e.fanOut ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return plan;
}
