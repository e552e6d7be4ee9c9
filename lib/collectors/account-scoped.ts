/**
 * What the per-account, per-region kinds share (GuardDuty's detector, Security Hub, Inspector):
 * one resource per account and region, named by the account id whether the service is on or not,
 * so the history of "enabled" and "not enabled" lines up under one resource.
 */
import { eventAccount, type CloudTrailRecord } from '../model/cloudtrail.ts';
import type { CollectContext } from './types.ts';

/** The snapshot fields of the account's resource in the context's region, before its state or error. */
export function accountSnapshotBase(kind: string, resourceType: string, ctx: CollectContext) {
  return { kind, resource: { type: resourceType, id: ctx.account }, account: ctx.account, region: ctx.region, source: 'api' as const };
}

/** `enumerate` of an account-scoped kind: the account, once per region. */
export async function* theAccount(ctx: CollectContext): AsyncIterable<string> {
  yield ctx.account;
}

/** `idsFromEvent` of an account-scoped kind: every trigger event is about the account it happened in. */
export function accountOfEvent(record: CloudTrailRecord): string[] {
  const account = eventAccount(record);
  return account === 'unknown' ? [] : [account];
}
