import { declaredReads, type Check, type Settings, type Snapshot } from '../model/check.ts';
import { runCheck } from '../checks/run-check.ts';
import type { AwsClients, CollectContext, SnapshotKind } from '../collectors/types.ts';
import { kindsOfChecks, loadKinds, type KindSource } from '../collectors/lazy-kinds.ts';
import { isFailure, ReadFailure, toReadError } from '../collectors/read.ts';
import { RunMemo } from '../collectors/run-memo.ts';
import { checksForType, matchesCloudTrail, matchesServiceEvent, routeTrigger, type PlannedEvaluation } from '../events/route.ts';
import type { Trigger } from '../events/types.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { complianceResult } from '../model/config-item.ts';
import { buildRecord } from '../evidence/record.ts';
import type { UnsignedRecord } from '../evidence/types.ts';
import { fanOut, type FanOutRequest } from './fan-out.ts';

/** What the engine needs from its host (a Lambda or the CLI). */
export interface EngineDeps {
  /** SDK clients for the account and region the trigger is about (organization mode assumes a role). */
  clientsFor(account: string, region: string): AwsClients | Promise<AwsClients>;
  settings: Settings;
  checks: readonly Check[];
  /** Snapshot kinds, loaded or loaders (lib/collectors/kinds.ts): only those a trigger routes to are loaded. */
  kinds: readonly KindSource[];
  /** Which function made the records (`cloudtrail-event`, `cli`, ...). */
  functionName: string;
  now?: () => Date;
  /** At most this many resources re-evaluated by one event's fan-out (default 500, lib/pipeline/fan-out.ts). */
  fanOutLimit?: number;
}

export interface Evaluation {
  records: UnsignedRecord[];
  /** Why a matched check produced no record (e.g. the event names no resource). */
  notes: string[];
}

/**
 * parse → **route → collect → evaluate** for one trigger: every routed (check, resource) pair
 * gives exactly one unsigned record. A resource is read once per trigger however many checks
 * look at it, and only for what those checks declare (metadata `reads`); account-level facts are
 * read once per `memo` (one per run: pass the run's). A collector that throws still yields an
 * `error` record, never nothing.
 */
export async function evaluateTrigger(trigger: Trigger, deps: EngineDeps, memo: RunMemo = new RunMemo()): Promise<Evaluation> {
  const mayRoute = checksThatMayRoute(trigger, deps.checks);
  const kinds = await kindsFor(deps.kinds, mayRoute);
  // A CloudTrail record routes to exactly the checks whose triggers match it (routeCloudTrail
  // filters with the same matchesCloudTrail): the router need not match every check again.
  const plan = routeTrigger(trigger, trigger.kind === 'cloudtrail' ? mayRoute : deps.checks, kinds);
  const collectedAt = (deps.now?.() ?? new Date()).toISOString();
  const records: UnsignedRecord[] = [];
  const snapshots = new Map<string, Promise<Snapshot>>();

  /** What every check routed to a resource reads: its one snapshot serves them all. */
  const readsByResource = new Map<string, Set<string>>();
  const snapshotFor = (kind: SnapshotKind, resourceId: string): Promise<Snapshot> => {
    const cacheKey = `${kind.kind}\u0000${resourceId}`;
    let pending = snapshots.get(cacheKey);
    if (!pending) {
      pending = collectSafely(kind, resourceId, trigger, deps, { reads: readsByResource.get(cacheKey), memo });
      snapshots.set(cacheKey, pending);
    }
    return pending;
  };

  const resolved = new Map<string, Promise<string[] | ReadFailure>>();
  const expanded: typeof plan.evaluations = [];
  const fanOuts = fanOutRequests(plan.evaluations, kinds);
  for (const evaluation of plan.evaluations) {
    const kind = kinds.find((k) => k.kind === evaluation.kind);
    if (evaluation.fanOut && kind) continue;
    if (!evaluation.related || !kind?.resolveIds) {
      expanded.push(evaluation);
      continue;
    }
    const { related } = evaluation;
    const cacheKey = `${kind.kind}\u0000${related.resourceType}\u0000${related.resourceId}`;
    if (!resolved.has(cacheKey)) resolved.set(cacheKey, resolveSafely(kind, related, trigger, deps));
    const ids = await resolved.get(cacheKey)!;
    if (isFailure(ids)) {
      // Could not find which resources the change touched: that is an error record, not silence.
      const snapshot: Snapshot = { kind: kind.kind, resource: { type: related.resourceType, id: related.resourceId }, account: trigger.account, region: trigger.region, error: ids.error, source: 'api' };
      expanded.push({ check: evaluation.check, kind: kind.kind, snapshot });
    } else {
      if (ids.length === 0) plan.unrouted.push(`${evaluation.check.metadata.id}: ${related.resourceType} ${related.resourceId} affects no ${kind.resourceType}`);
      for (const resourceId of ids) expanded.push({ check: evaluation.check, kind: kind.kind, resourceId });
    }
  }

  for (const { kind, resourceId, check } of expanded) {
    if (resourceId === undefined) continue;
    const cacheKey = `${kind}\u0000${resourceId}`;
    const reads = readsByResource.get(cacheKey) ?? new Set<string>();
    for (const action of declaredReads(check.metadata)) reads.add(action);
    readsByResource.set(cacheKey, reads);
  }

  for (const evaluation of expanded) {
    const kind = kinds.find((k) => k.kind === evaluation.kind);
    let snapshot = evaluation.snapshot;
    if (!snapshot) {
      if (!kind || evaluation.resourceId === undefined) {
        plan.unrouted.push(`${evaluation.check.metadata.id}: no collector for snapshot kind ${evaluation.kind}`);
        continue;
      }
      snapshot = await snapshotFor(kind, evaluation.resourceId);
    }
    const finding = runCheck(evaluation.check, snapshot, deps.settings, new Date(collectedAt));
    records.push(
      buildRecord({
        metadata: evaluation.check.metadata,
        finding,
        snapshot,
        trigger: trigger.info,
        observedAt: trigger.observedAt,
        collectedAt,
        collectorFunction: deps.functionName,
      }),
    );
  }

  // What names the event in fan-out notes: a CloudTrail eventName, a service event's detail-type.
  const eventName = trigger.kind === 'cloudtrail' ? trigger.record.eventName : trigger.kind === 'eventbridge' ? trigger.event.detailType : undefined;
  if (eventName !== undefined) {
    const event = { account: trigger.account, region: trigger.region, eventName };
    for (const request of fanOuts) {
      const notes = await fanOut(request, event, { ...deps, memo, judgedAt: new Date(collectedAt) }, ({ check, snapshot, finding }) =>
        records.push(buildRecord({ metadata: check.metadata, finding, snapshot, trigger: trigger.info, observedAt: trigger.observedAt, collectedAt, collectorFunction: deps.functionName })),
      );
      plan.unrouted.push(...notes);
    }
  }

  for (const entry of plan.compliance ?? []) {
    const result = complianceResult(entry.complianceType);
    records.push(
      buildRecord({
        metadata: entry.check.metadata,
        finding: {
          result,
          reason: `AWS Config rule ${entry.ruleName} reported ${entry.complianceType} for ${entry.resourceId}`,
          // A compliance change names no tags: PHI scope is unknown (the reserved observed key says
          // so), and Config's verdict is recorded as given, so scope is not claimed.
          observed: { configRuleName: entry.ruleName, complianceType: entry.complianceType, phiScope: 'unknown' },
          phiScoped: false,
        },
        snapshot: { resource: { type: entry.resourceType, id: entry.resourceId }, account: trigger.account, region: trigger.region },
        trigger: trigger.info,
        observedAt: trigger.observedAt,
        collectedAt,
        collectorFunction: deps.functionName,
      }),
    );
  }
  return { records, notes: plan.unrouted };
}

/** Fan-out evaluations grouped by kind and scope, so one listing serves every check of the kind. */
function fanOutRequests(evaluations: readonly PlannedEvaluation[], kinds: readonly SnapshotKind[]): FanOutRequest[] {
  const requests = new Map<string, FanOutRequest & { checks: Check[] }>();
  for (const { check, kind: kindName, fanOut: scope } of evaluations) {
    const kind = kinds.find((k) => k.kind === kindName);
    if (!scope || !kind) continue;
    const key = `${kindName}\u0000${scope}`;
    const request = requests.get(key) ?? { kind, scope, checks: [] };
    request.checks.push(check);
    requests.set(key, request);
  }
  return [...requests.values()];
}

async function resolveSafely(kind: SnapshotKind, related: { resourceType: string; resourceId: string }, trigger: Trigger, deps: EngineDeps): Promise<string[] | ReadFailure> {
  try {
    const clients = await deps.clientsFor(trigger.account, trigger.region);
    return await kind.resolveIds!({ clients, account: trigger.account, region: trigger.region }, related);
  } catch (error) {
    return new ReadFailure(toReadError(`${kind.kind}.resolveIds`, error));
  }
}

async function collectSafely(kind: SnapshotKind, resourceId: string, trigger: Trigger, deps: EngineDeps, run: Pick<CollectContext, 'reads' | 'memo'>): Promise<Snapshot> {
  try {
    const clients = await deps.clientsFor(trigger.account, trigger.region);
    return await kind.collect({ clients, account: trigger.account, region: trigger.region, ...run }, resourceId);
  } catch (error) {
    // Collectors map AWS errors themselves; reaching here means an assume-role or a bug. Still evidence.
    return {
      kind: kind.kind,
      resource: { type: kind.resourceType, id: resourceId },
      account: trigger.account,
      region: trigger.region,
      error: toReadError(`${kind.kind}.collect`, error),
      source: 'api',
    };
  }
}

/**
 * The checks a trigger can route to, judged from metadata alone, so only their kinds (and SDKs)
 * are loaded: a CloudTrail record reaches checks with a matching trigger; a Config item or
 * resource reaches checks of its type. Anything else (a rule invocation without an item) may
 * reach every check.
 */
function checksThatMayRoute(trigger: Trigger, checks: readonly Check[]): readonly Check[] {
  switch (trigger.kind) {
    case 'cloudtrail':
      return cloudTrailMatches(checks, trigger.record);
    case 'config-item':
      return checksForType(trigger.item.resourceType, checks);
    case 'config-item-oversized':
      return checksForType(trigger.resourceType, checks);
    case 'config-compliance':
      return [];
    case 'eventbridge':
      return checks.filter((c) => matchesServiceEvent(c.metadata.triggers.eventbridge, trigger.event));
    default:
      return checks;
  }
}

/** Distinct (source, name, identity type) triples remembered per check list; a flood of odd names only refills it. */
const MAX_REMEMBERED_ROUTES = 1024;
const routesByChecks = new WeakMap<readonly Check[], Map<string, readonly Check[]>>();

/**
 * The checks whose CloudTrail triggers match the record, remembered per event source, event name
 * and identity type: the only fields matchesCloudTrail reads. A 10,000-event file names a handful
 * of distinct events, so each is matched against every check once, not 10,000 times.
 */
function cloudTrailMatches(checks: readonly Check[], record: CloudTrailRecord): readonly Check[] {
  let routes = routesByChecks.get(checks);
  if (!routes) routesByChecks.set(checks, (routes = new Map()));
  // JSON, not a separator: names are the sender's text, and two triples must never share a key.
  const key = JSON.stringify([record.eventSource, record.eventName, record.userIdentity?.type ?? '']);
  let matched = routes.get(key);
  if (!matched) {
    matched = checks.filter((c) => matchesCloudTrail(c.metadata.triggers.cloudtrail, record));
    if (routes.size >= MAX_REMEMBERED_ROUTES) routes.clear();
    routes.set(key, matched);
  }
  return matched;
}

const kindsByChecks = new WeakMap<readonly KindSource[], WeakMap<readonly Check[], Promise<SnapshotKind[]>>>();

/**
 * The loaded kinds of `checks`, loaded once per check list (cloudTrailMatches hands out the same
 * list for the same event): a load that fails is forgotten, so the next trigger tries again.
 */
function kindsFor(sources: readonly KindSource[], checks: readonly Check[]): Promise<SnapshotKind[]> {
  let loaded = kindsByChecks.get(sources);
  if (!loaded) kindsByChecks.set(sources, (loaded = new WeakMap()));
  let kinds = loaded.get(checks);
  if (!kinds) {
    kinds = loadKinds(sources, kindsOfChecks(checks));
    loaded.set(checks, kinds);
    kinds.catch(() => loaded.delete(checks));
  }
  return kinds;
}
