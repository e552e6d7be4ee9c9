import { GetEventSelectorsCommand, type GetEventSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { describeTrails, readIsLogging, trailFacts } from './cloudtrail-trails.ts';
import { eventAccount } from '../model/cloudtrail.ts';
import { type TrailFacts } from '../model/states/cloudtrail.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { AccountTrail, CloudTrailAccountState, ManagementEventCoverage } from '../model/states/cloudtrail.ts';

const KIND = 'cloudtrail-account';
const RESOURCE_TYPE = 'AWS::::Account';

function merge(a: 'ReadOnly' | 'WriteOnly' | 'All' | 'None', b: 'ReadOnly' | 'WriteOnly' | 'All' | 'None') {
  if (a === b || b === 'None') return a;
  if (a === 'None') return b;
  return 'All';
}

/**
 * What management events the selectors record. Basic selectors: IncludeManagementEvents (default
 * true) with ReadWriteType. Advanced selectors: eventCategory = Management, optionally narrowed by
 * a readOnly field. Selectors are additive, so the coverage is their union.
 */
export function managementCoverage(out: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>): ManagementEventCoverage {
  let readWriteType: ManagementEventCoverage['readWriteType'] = 'None';
  const excluded = new Set<string>();
  if (out.AdvancedEventSelectors && out.AdvancedEventSelectors.length > 0) {
    for (const selector of out.AdvancedEventSelectors) {
      const fields = selector.FieldSelectors ?? [];
      if (!fields.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management'))) continue;
      const readOnly = fields.find((f) => f.Field === 'readOnly')?.Equals?.[0];
      readWriteType = merge(readWriteType, readOnly === 'true' ? 'ReadOnly' : readOnly === 'false' ? 'WriteOnly' : 'All');
      for (const f of fields) if (f.Field === 'eventSource') for (const s of f.NotEquals ?? []) excluded.add(s);
    }
    return { readWriteType, excludedSources: [...excluded], selectorKind: 'advanced' };
  }
  for (const selector of out.EventSelectors ?? []) {
    if (selector.IncludeManagementEvents === false) continue;
    readWriteType = merge(readWriteType, selector.ReadWriteType ?? 'All');
    for (const s of selector.ExcludeManagementEventSources ?? []) excluded.add(s);
  }
  return { readWriteType, excludedSources: [...excluded], selectorKind: 'basic' };
}

async function describeActivity(ctx: CollectContext, facts: TrailFacts): Promise<AccountTrail> {
  const [isLogging, selectors] = await Promise.all([
    readIsLogging(ctx, facts.arn),
    read('GetEventSelectors', () => ctx.clients.cloudtrail.send(new GetEventSelectorsCommand({ TrailName: facts.arn }))),
  ]);
  const readError = isFailure(isLogging) ? isLogging.error : isFailure(selectors) ? selectors.error : undefined;
  return {
    ...facts,
    // null from readIsLogging means the trail vanished between calls: it logs nothing.
    isLogging: isFailure(isLogging) ? null : isLogging === true,
    managementEvents: isFailure(selectors) ? null : managementCoverage(selectors),
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
    const trails = await Promise.all((described ?? []).map((t) => describeActivity(ctx, trailFacts(t, ctx.region))));
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
