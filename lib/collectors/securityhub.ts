import { DescribeHubCommand, paginateGetEnabledStandards, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { Snapshot } from '../model/check.ts';
import type { SecurityHubState } from '../model/states/securityhub.ts';
import { accountOfEvent, accountSnapshotBase, theAccount } from './account-scoped.ts';
import { readPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'securityhub-hub';
const RESOURCE_TYPE = 'AWS::SecurityHub::Hub';

/**
 * DescribeHub's answer in a region where the account has not enabled Security Hub ("Account
 * 111122223333 is not subscribed to AWS Security Hub"). A missing permission is
 * AccessDeniedException instead, so this name alone means "not enabled", not "not allowed".
 */
const NOT_SUBSCRIBED = 'InvalidAccessException';

/**
 * Snapshot kind "securityhub-hub": the account's Security Hub in the context's region, id = the
 * account id (stable whether the hub exists or not; its ARN is arn:...:hub/default). A region
 * where the account is not subscribed is a state, `enabled: false`; any other failed read is the
 * snapshot's error, so a member account refused a read is never reported as unsubscribed.
 *
 * @example
 * const snapshot = await securityHubKind.collect(ctx, ctx.account);
 * snapshot.state?.standards.map((s) => s.status); // ['READY']
 */
export const securityHubKind: SnapshotKind<SecurityHubState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext): Promise<Snapshot<SecurityHubState>> {
    const client = ctx.clients.get(SecurityHubClient);
    const base = accountSnapshotBase(KIND, RESOURCE_TYPE, ctx);
    const hub = await read('DescribeHub', () => client.send(new DescribeHubCommand({})));
    if (isFailure(hub)) {
      if (hub.error.name !== NOT_SUBSCRIBED) return { ...base, error: hub.error };
      const state = { accountId: ctx.account, enabled: false, hubArn: null, subscribedAt: null, notEnabledMessage: hub.error.message, standards: [] };
      return { ...base, state };
    }
    const located = { ...base, resource: { ...base.resource, ...(hub.HubArn ? { arn: hub.HubArn } : {}) } };
    const subscriptions = await readPages('GetEnabledStandards', paginateGetEnabledStandards({ client }, {}), (page) => page.StandardsSubscriptions ?? []);
    if (isFailure(subscriptions)) return { ...located, error: subscriptions.error };
    const standards = subscriptions.map((s) => ({
      standardsArn: s.StandardsArn ?? s.StandardsSubscriptionArn ?? 'unknown',
      status: s.StandardsStatus ?? 'UNKNOWN',
      statusReason: s.StandardsStatusReason?.StatusReasonCode ?? null,
    }));
    return {
      ...located,
      state: { accountId: ctx.account, enabled: true, hubArn: hub.HubArn ?? null, subscribedAt: hub.SubscribedAt ?? null, notEnabledMessage: null, standards },
    };
  },

  enumerate: theAccount,

  /** EnableSecurityHub, DisableSecurityHub and the standards calls are all about the event's account. */
  idsFromEvent: accountOfEvent,
};
