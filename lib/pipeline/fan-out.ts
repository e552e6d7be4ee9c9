/**
 * Fan-out: an event that removed what it names (DeleteFlowLogs names a flow log that can no longer
 * be described, DisassociateRouteTable an association id, an account-level Block Public Access
 * change no bucket at all) re-evaluates every resource of the check's kind it can have affected,
 * through the sweep's listing pager and up to a bound per event. Nothing is silent: a listing
 * that fails is an `error` record for the scope, and so is a bound that was reached.
 */
import { readsOfChecks, type Check, type FanOutScope, type Finding, type Settings, type Snapshot } from '../model/check.ts';
import { runCheck } from '../checks/run-check.ts';
import type { RunMemo } from '../collectors/run-memo.ts';
import type { AwsClients, CollectContext, SnapshotKind } from '../collectors/types.ts';
import { accountSnapshotChunks, failedSnapshot, snapshotChunks, type ListingBound } from './listing.ts';

/**
 * Resources one event may re-evaluate. An account-wide change in an account with 10,000 buckets
 * re-reads this many in its Lambda invocation; the daily sweep reads the rest.
 */
const DEFAULT_FAN_OUT_LIMIT = 500;

/** Resources read at once, as in the sweep: bounded so throttling stays flat. */
const FAN_OUT_CONCURRENCY = 8;

/** The checks of one kind that an event fans out to, and where. */
export interface FanOutRequest {
  kind: SnapshotKind;
  scope: FanOutScope;
  checks: readonly Check[];
}

/** What the fan-out needs from the engine. */
export interface FanOutDeps {
  clientsFor(account: string, region: string): AwsClients | Promise<AwsClients>;
  settings: Settings;
  /** At most this many resources per event (default DEFAULT_FAN_OUT_LIMIT). */
  fanOutLimit?: number;
  /** The run's account-level facts: every bucket of an account-wide fan-out shares one account Block Public Access read. */
  memo?: RunMemo;
  /** The time verdicts are judged at (the records' collectedAt); now when absent. */
  judgedAt?: Date;
}

/** One verdict: the engine turns it into one record. */
export interface FanOutVerdict {
  check: Check;
  snapshot: Pick<Snapshot, 'resource' | 'account' | 'region'>;
  finding: Finding & { phiScoped: boolean };
}

/** A resource outside a PHI-scoped check's scope: not_applicable, and not worth a record per event. */
function outsidePhiScope(check: Check, snapshot: Snapshot, finding: FanOutVerdict['finding']): boolean {
  return check.metadata.scope === 'phi' && finding.result === 'not_applicable' && finding.phiScoped === false && !snapshot.deleted;
}

/**
 * Re-evaluate each check of the request on every resource of its kind in scope (the trigger's
 * region, or the whole account when the kind can list it), handing each verdict to `emit`.
 * Returns notes for the run summary: what was re-evaluated, what a PHI-scoped check left out,
 * a bound reached, a listing that failed.
 *
 * @example
 * const notes = await fanOut({ kind: vpcKind, scope: 'region', checks: [flowLogs] }, trigger, deps, (v) => records.push(v));
 */
export async function fanOut(
  request: FanOutRequest,
  trigger: { account: string; region: string; eventName: string },
  deps: FanOutDeps,
  emit: (verdict: FanOutVerdict) => void,
): Promise<string[]> {
  const { kind, checks } = request;
  const { account, region, eventName } = trigger;
  const acrossAccount = request.scope === 'account' && kind.enumerateAccount !== undefined;
  const scopeId = acrossAccount || kind.global ? account : `${account}:${region}`;
  const ids = checks.map((c) => c.metadata.id).join(', ');
  const bound: ListingBound = { limit: deps.fanOutLimit ?? DEFAULT_FAN_OUT_LIMIT, exceeded: false };
  const contexts = new Map<string, Promise<CollectContext>>();
  // Only what these checks read: an account-wide Block Public Access change needs no bucket policy.
  const reads = readsOfChecks(checks);
  const contextIn = (where: string): Promise<CollectContext> => {
    let ctx = contexts.get(where);
    if (!ctx) {
      ctx = Promise.resolve(deps.clientsFor(account, where)).then((clients) => ({ clients, account, region: where, reads, memo: deps.memo }));
      contexts.set(where, ctx);
    }
    return ctx;
  };
  const emitAll = (snapshot: Snapshot): void => {
    for (const check of checks) emit({ check, snapshot, finding: runCheck(check, snapshot, deps.settings, deps.judgedAt) });
  };

  let evaluated = 0;
  let leftOut = 0;
  try {
    const home = await contextIn(region);
    const pages = acrossAccount
      ? accountSnapshotChunks(kind, home, contextIn, FAN_OUT_CONCURRENCY, bound)
      : snapshotChunks(kind, home, FAN_OUT_CONCURRENCY, bound);
    for await (const snapshots of pages) {
      for (const snapshot of snapshots) {
        evaluated++;
        for (const check of checks) {
          const finding = runCheck(check, snapshot, deps.settings, deps.judgedAt);
          if (outsidePhiScope(check, snapshot, finding)) leftOut++;
          else emit({ check, snapshot, finding });
        }
      }
    }
  } catch (error) {
    // What could not be listed is an error record for the scope, never silence.
    emitAll(failedSnapshot(kind, { account, region }, scopeId, `${kind.kind}.enumerate`, error));
    return [`${ids}: ${eventName} names no ${kind.resourceType}, and listing those of ${scopeId} failed after ${evaluated}`];
  }

  const notes = [`${ids}: ${eventName} names no ${kind.resourceType}; re-evaluated the ${evaluated} of ${scopeId}`];
  if (leftOut > 0) notes.push(`${ids}: ${leftOut} outside PHI scope (not_applicable) not recorded for ${eventName}`);
  if (request.scope === 'account' && !acrossAccount && !kind.global) notes.push(`${ids}: ${kind.kind} lists one region at a time; only ${region} was re-evaluated`);
  if (bound.exceeded) {
    const reason = `${eventName} can affect more than ${bound.limit} ${kind.resourceType} in ${scopeId}: the first ${bound.limit} were re-evaluated, the rest are left to the daily sweep`;
    const snapshot = { resource: { type: kind.resourceType, id: scopeId }, account, region };
    const finding = { result: 'error' as const, reason, observed: { fanOut: { event: eventName, scope: request.scope, limit: bound.limit, evaluated, complete: false } }, phiScoped: false };
    for (const check of checks) emit({ check, snapshot, finding });
    notes.push(`${ids}: ${reason}`);
  }
  return notes;
}
