import { BatchGetAccountStatusCommand, Inspector2Client, paginateListCoverage, type AccountState, type CoveredResource, type FailedAccount } from '@aws-sdk/client-inspector2';
import type { ReadError, Snapshot } from '../model/check.ts';
import type { InspectorAccountState, InspectorCoveredResource } from '../model/states/inspector.ts';
import { accountOfEvent, accountSnapshotBase, theAccount } from './account-scoped.ts';
import { readPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'inspector-account';
const RESOURCE_TYPE = 'AWS::::Account';

/** The resources whose scans the check ages: instances, container images, functions (not repositories). */
const SCANNED_TYPES = ['AWS_EC2_INSTANCE', 'AWS_ECR_CONTAINER_IMAGE', 'AWS_LAMBDA_FUNCTION'];

/**
 * BatchGetAccountStatus answers 200 and lists an account it could not read under failedAccounts
 * (errorCode ACCESS_DENIED, ...): that is a failed read, never "not enabled".
 */
function failedRead(failed: FailedAccount): ReadError {
  const name = failed.errorCode ?? 'UNKNOWN';
  return { operation: 'BatchGetAccountStatus', code: name === 'ACCESS_DENIED' ? 'ACCESS_DENIED' : 'OTHER', name, message: failed.errorMessage ?? `account ${failed.accountId} could not be read` };
}

function scanTypesOf(account: AccountState): Record<string, string> {
  const states = account.resourceState ?? {};
  const types: Record<string, string> = {};
  for (const [type, state] of Object.entries(states) as Array<[string, { status?: string } | undefined]>) {
    if (state?.status) types[type] = state.status;
  }
  return types;
}

function coveredOf(resource: CoveredResource): InspectorCoveredResource {
  const scanned = resource.lastScannedAt as Date | string | undefined;
  return {
    resourceType: resource.resourceType ?? 'UNKNOWN',
    resourceId: resource.resourceId ?? 'unknown',
    scanStatus: resource.scanStatus?.statusCode ?? null,
    scanStatusReason: resource.scanStatus?.reason ?? null,
    lastScannedAt: scanned === undefined ? null : new Date(scanned).toISOString(),
  };
}

/** The covered resources of this account: a delegated administrator's ListCoverage lists its members' too. */
function readCoverage(ctx: CollectContext) {
  const filterCriteria = {
    accountId: [{ comparison: 'EQUALS' as const, value: ctx.account }],
    resourceType: SCANNED_TYPES.map((value) => ({ comparison: 'EQUALS' as const, value })),
  };
  const pages = paginateListCoverage({ client: ctx.clients.get(Inspector2Client) }, { filterCriteria });
  return readPages('ListCoverage', pages, (page) => (page.coveredResources ?? []).map(coveredOf));
}

/**
 * Snapshot kind "inspector-account": the account's Amazon Inspector in the context's region, id
 * = the account id. BatchGetAccountStatus gives the account's and each scan type's status; when
 * anything is enabled, ListCoverage gives every covered instance, image and function with its
 * last scan, so the check can age them against the setting. A status Inspector could not read
 * for the account (failedAccounts) is the snapshot's error.
 *
 * @example
 * const snapshot = await inspectorAccountKind.collect(ctx, ctx.account);
 * snapshot.state?.scanTypes; // { ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'DISABLED', lambdaCode: 'DISABLED' }
 */
export const inspectorAccountKind: SnapshotKind<InspectorAccountState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext): Promise<Snapshot<InspectorAccountState>> {
    const base = accountSnapshotBase(KIND, RESOURCE_TYPE, ctx);
    const client = ctx.clients.get(Inspector2Client);
    const out = await read('BatchGetAccountStatus', () => client.send(new BatchGetAccountStatusCommand({ accountIds: [ctx.account] })));
    if (isFailure(out)) return { ...base, error: out.error };
    const failed = out.failedAccounts?.find((a) => a.accountId === ctx.account);
    if (failed) return { ...base, error: failedRead(failed) };
    const account = out.accounts?.find((a) => a.accountId === ctx.account);
    if (!account?.state?.status) {
      const error: ReadError = { operation: 'BatchGetAccountStatus', code: 'MALFORMED_RESPONSE', name: 'MissingAccount', message: `no status for account ${ctx.account}` };
      return { ...base, error };
    }
    const scanTypes = scanTypesOf(account);
    const anythingOn = account.state.status === 'ENABLED' || Object.values(scanTypes).includes('ENABLED');
    // ListCoverage is refused where Inspector is off, and there is nothing to age anyway.
    const coverage = anythingOn ? await readCoverage(ctx) : null;
    if (isFailure(coverage)) return { ...base, error: coverage.error };
    return { ...base, state: { accountId: ctx.account, status: account.state.status, scanTypes, coverage } };
  },

  enumerate: theAccount,

  /** Enable, Disable and the organization settings are about the event's account. */
  idsFromEvent: accountOfEvent,
};
