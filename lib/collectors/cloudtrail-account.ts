import { GetEventSelectorsCommand, type GetEventSelectorsCommandOutput, type Trail, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { describeTrails, readIsLogging, trailFacts } from './cloudtrail-trails.ts';
import { eventAccount } from '../model/cloudtrail.ts';
import { type TrailFacts } from '../model/states/cloudtrail.ts';
import { isFailure, read, type ReadFailure } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { AccountTrail, CloudTrailAccountState, ManagementEventCoverage } from '../model/states/cloudtrail.ts';

const KIND = 'cloudtrail-account';
const RESOURCE_TYPE = 'AWS::::Account';

type ReadWriteType = ManagementEventCoverage['readWriteType'];
type AdvancedSelector = NonNullable<GetEventSelectorsCommandOutput['AdvancedEventSelectors']>[number];
type FieldSelector = NonNullable<AdvancedSelector['FieldSelectors']>[number];

/** What AWS documents for a trail without selectors of its own: all read and write management events. */
const DEFAULT_COVERAGE: ManagementEventCoverage = { readWriteType: 'All', excludedSources: [], selectorKind: 'default' };

function merge(a: ReadWriteType, b: ReadWriteType): ReadWriteType {
  if (a === b || b === 'None') return a;
  if (a === 'None') return b;
  return 'All';
}

/**
 * The readOnly field of an advanced selector (management or data events). Equals ["true"] logs only
 * reads, Equals ["false"] only writes (NotEquals the other way round); no field, or both values, logs all.
 */
export function readOnlyFilter(field: FieldSelector | undefined): ReadWriteType {
  const values = (list: string[] | undefined) => new Set(list ?? []);
  const equals = values(field?.Equals);
  const notEquals = values(field?.NotEquals);
  const logsReads = (equals.size === 0 || equals.has('true')) && !notEquals.has('true');
  const logsWrites = (equals.size === 0 || equals.has('false')) && !notEquals.has('false');
  return logsReads && logsWrites ? 'All' : logsReads ? 'ReadOnly' : logsWrites ? 'WriteOnly' : 'None';
}

/** A filter the check can measure: eventCategory, readOnly, and eventSource NotEquals (the documented exclusions). */
function isMeasured(field: FieldSelector): boolean {
  if (field.Field === 'eventCategory' || field.Field === 'readOnly') return true;
  return field.Field === 'eventSource' && !field.Equals && !field.StartsWith && !field.EndsWith && !field.NotStartsWith && !field.NotEndsWith;
}

function advancedCoverage(selectors: AdvancedSelector[]): ManagementEventCoverage {
  let readWriteType: ReadWriteType = 'None';
  const excluded = new Set<string>();
  const unmeasured = new Set<string>();
  for (const selector of selectors) {
    const fields = selector.FieldSelectors ?? [];
    if (!fields.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management'))) continue;
    const narrowing = fields.filter((f) => !isMeasured(f));
    // A selector narrowed by a filter we cannot measure may leave out any event: it is not counted.
    if (narrowing.length > 0) {
      for (const f of narrowing) unmeasured.add(f.Field ?? 'unnamed field');
      continue;
    }
    readWriteType = merge(readWriteType, readOnlyFilter(fields.find((f) => f.Field === 'readOnly')));
    for (const f of fields) if (f.Field === 'eventSource') for (const s of f.NotEquals ?? []) excluded.add(s);
  }
  return { readWriteType, excludedSources: [...excluded], selectorKind: 'advanced', ...(unmeasured.size > 0 ? { unmeasuredFields: [...unmeasured] } : {}) };
}

/**
 * What management events the selectors record. Basic selectors: IncludeManagementEvents (default
 * true) with ReadWriteType (default All). Advanced selectors: eventCategory = Management,
 * optionally narrowed by readOnly and by eventSource NotEquals (kms / rdsdata exclusions). A trail
 * uses one kind or the other; selectors are additive, so the coverage is their union. A response
 * with neither is a trail without selectors of its own: all management events, as documented.
 */
export function managementCoverage(out: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>): ManagementEventCoverage {
  if (out.AdvancedEventSelectors && out.AdvancedEventSelectors.length > 0) return advancedCoverage(out.AdvancedEventSelectors);
  if (!out.EventSelectors || out.EventSelectors.length === 0) return DEFAULT_COVERAGE;
  let readWriteType: ReadWriteType = 'None';
  const excluded = new Set<string>();
  for (const selector of out.EventSelectors) {
    if (selector.IncludeManagementEvents === false) continue;
    readWriteType = merge(readWriteType, selector.ReadWriteType ?? 'All');
    for (const s of selector.ExcludeManagementEventSources ?? []) excluded.add(s);
  }
  return { readWriteType, excludedSources: [...excluded], selectorKind: 'basic' };
}

/**
 * The selectors of one trail. A trail DescribeTrails reports without custom selectors logs the
 * default (all management events), so GetEventSelectors is not called: one read fewer, and one a
 * member account may be refused on its organization trail.
 */
function readCoverage(ctx: CollectContext, trail: Trail, facts: TrailFacts): Promise<ManagementEventCoverage | ReadFailure> {
  if (trail.HasCustomEventSelectors === false) return Promise.resolve(DEFAULT_COVERAGE);
  return read('GetEventSelectors', async () => managementCoverage(await ctx.clients.get(CloudTrailClient).send(new GetEventSelectorsCommand({ TrailName: facts.arn }))));
}

async function describeActivity(ctx: CollectContext, trail: Trail): Promise<AccountTrail> {
  const facts = trailFacts(trail, ctx.region);
  const [isLogging, coverage] = await Promise.all([readIsLogging(ctx, facts), readCoverage(ctx, trail, facts)]);
  const readError = isFailure(isLogging) ? isLogging.error : isFailure(coverage) ? coverage.error : undefined;
  return {
    ...facts,
    // null from readIsLogging means the trail vanished between calls: it logs nothing.
    isLogging: isFailure(isLogging) ? null : isLogging === true,
    managementEvents: isFailure(coverage) ? null : coverage,
    ...(readError ? { readError } : {}),
  };
}

/**
 * Snapshot kind "cloudtrail-account": every trail that applies to the account in the context's
 * region, with logging status and event selectors. id = account id.
 *
 * @example
 * const snapshot = await cloudTrailAccountKind.collect(ctx, '111122223333');
 * snapshot.state?.trails.filter((t) => t.isMultiRegion && t.isLogging);
 */
export const cloudTrailAccountKind: SnapshotKind<CloudTrailAccountState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext, id: string): Promise<Snapshot<CloudTrailAccountState>> {
    const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id }, account: ctx.account, region: ctx.region, source: 'api' as const };
    const described = await describeTrails(ctx);
    if (isFailure(described)) return { ...base, error: described.error };
    const trails = await Promise.all((described ?? []).map((t) => describeActivity(ctx, t)));
    return { ...base, state: { trails } };
  },

  async *enumerate(ctx: CollectContext): AsyncIterable<string> {
    yield ctx.account;
  },

  idsFromEvent(record: CloudTrailRecord): string[] {
    // Any trail change can change the account's coverage, whichever trail the event names.
    const account = eventAccount(record);
    return account ? [account] : [];
  },
};
