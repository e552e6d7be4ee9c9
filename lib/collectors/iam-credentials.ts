/**
 * IAM users' credentials, one snapshot per user (id = user name), from the credential report: the
 * sweep builds every user's snapshot from one report read once per run and shared by both kinds.
 * The root row is no IAM user and is left out (root keys are the account kind's, iam.ts).
 *
 * - "iam-user-credentials": the whole row (password and key use), for iam-unused-credentials;
 * - "iam-user-access-keys": the keys only, for iam-access-key-rotated. An access-key event is judged
 *   on a live ListAccessKeys instead: IAM serves a report up to four hours old, so a key just
 *   deactivated or deleted would still look active in it.
 */
import { IAMClient, paginateListAccessKeys } from '@aws-sdk/client-iam';
import type { ReadError, Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { IamUserAccessKeysState, IamUserCredentialsState } from '../model/states/iam.ts';
import { credentialReportOf, DEFAULT_POLLING, type CredentialReport, type CredentialReportPolling } from './iam-credential-report.ts';
import type { CredentialReportUser } from './iam-credential-csv.ts';
import { usersFromEvent } from './iam-events.ts';
import { readPages } from './pages.ts';
import { isFailure, type ReadFailure } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const USER_TYPE = 'AWS::IAM::User';
/** IAM's error code on the wire and in recordings, and the SDK's class name for it. */
const NO_SUCH_ENTITY = new Set(['NoSuchEntity', 'NoSuchEntityException']);

type Base = Pick<Snapshot, 'kind' | 'account' | 'region' | 'source'>;

/**
 * Both credential kinds, reading the report with `polling` (tests pass a sleep that never waits).
 *
 * @example
 * const { accessKeys } = iamCredentialKinds({ ...DEFAULT_POLLING, sleep: async () => {} });
 */
export function iamCredentialKinds(polling: CredentialReportPolling = DEFAULT_POLLING): {
  credentials: SnapshotKind<IamUserCredentialsState>;
  accessKeys: SnapshotKind<IamUserAccessKeysState>;
} {
  const report = (ctx: CollectContext) => credentialReportOf(ctx, polling);
  return {
    credentials: reportKind<IamUserCredentialsState>('iam-user-credentials', report, (state) => state, {
      // No event changes whether a credential goes unused; a lone user is read from the report too.
      collect: async (ctx, userName) => fromReport(ctx, await report(ctx), userName, 'iam-user-credentials', (state) => state),
      idsFromEvent: () => [],
    }),
    accessKeys: reportKind<IamUserAccessKeysState>('iam-user-access-keys', report, keysOnly, {
      collect: liveAccessKeys,
      idsFromEvent: accessKeyUsersFromEvent,
    }),
  };
}

const DEFAULT_KINDS = iamCredentialKinds();
/** The kind serving iam-unused-credentials. */
export const iamUserCredentialsKind = DEFAULT_KINDS.credentials;
/** The kind serving iam-access-key-rotated. */
export const iamUserAccessKeysKind = DEFAULT_KINDS.accessKeys;

function keysOnly({ userName, arn, accessKeys, from }: IamUserCredentialsState): IamUserAccessKeysState {
  return { userName, ...(arn ? { arn } : {}), accessKeys, from };
}

function reportKind<S>(
  kind: string,
  report: (ctx: CollectContext) => Promise<CredentialReport | ReadFailure>,
  stateOf: (state: IamUserCredentialsState) => S,
  own: Pick<SnapshotKind<S>, 'collect' | 'idsFromEvent'>,
): SnapshotKind<S> {
  return {
    kind,
    resourceType: USER_TYPE,
    global: true,
    ...own,
    async *enumerate(ctx) {
      const read = await report(ctx);
      if (isFailure(read)) throw Object.assign(new Error(read.error.message), { name: read.error.name });
      for (const user of read.users) yield user.userName;
    },
    async *snapshotsFromListing(ctx) {
      const read = await report(ctx);
      const base = baseOf(ctx, kind);
      // A report that cannot be had is one error for every user of the account: its exact code, never silence.
      if (isFailure(read)) {
        yield { ...base, resource: { type: USER_TYPE, id: `${ctx.account}:${ctx.region}` }, error: read.error };
        return;
      }
      for (const user of read.users) yield userSnapshot(base, user, stateOf);
    },
  };
}

function baseOf(ctx: CollectContext, kind: string): Base {
  return { kind, account: ctx.account, region: ctx.region, source: 'api' };
}

function userSnapshot<S>(base: Base, user: CredentialReportUser, stateOf: (state: IamUserCredentialsState) => S): Snapshot<S> {
  const resource = { type: USER_TYPE, id: user.userName, ...(user.arn ? { arn: user.arn } : {}) };
  if ('error' in user) return { ...base, resource, error: { operation: 'GetCredentialReport', code: 'MALFORMED_RESPONSE', name: 'ParseError', message: user.error.message } };
  return { ...base, resource, state: stateOf(user.state) };
}

function fromReport<S>(ctx: CollectContext, read: CredentialReport | ReadFailure, userName: string, kind: string, stateOf: (state: IamUserCredentialsState) => S): Snapshot<S> {
  const base = baseOf(ctx, kind);
  if (isFailure(read)) return { ...base, resource: { type: USER_TYPE, id: userName }, error: read.error };
  const user = read.users.find((u) => u.userName === userName);
  if (user) return userSnapshot(base, user, stateOf);
  // Created after the report, or deleted: the report cannot tell which.
  const error: ReadError = { operation: 'GetCredentialReport', code: 'NOT_FOUND', name: 'UserNotInReport', message: `${userName} is not in the credential report generated at ${read.generatedTime}` };
  return { ...base, resource: { type: USER_TYPE, id: userName }, error };
}

/** One user's keys as IAM has them now (ListAccessKeys); a user that no longer exists is deleted. */
async function liveAccessKeys(ctx: CollectContext, userName: string): Promise<Snapshot<IamUserAccessKeysState>> {
  const base = baseOf(ctx, 'iam-user-access-keys');
  const resource = { type: USER_TYPE, id: userName };
  const keys = await readPages('ListAccessKeys', paginateListAccessKeys({ client: ctx.clients.get(IAMClient) }, { UserName: userName }), (page) => page.AccessKeyMetadata ?? []);
  if (isFailure(keys)) return NO_SUCH_ENTITY.has(keys.error.name) ? { ...base, resource, deleted: true } : { ...base, resource, error: keys.error };
  const accessKeys = keys.map((k) => ({
    key: k.AccessKeyId ?? 'unknown',
    active: k.Status === 'Active',
    ...(k.CreateDate ? { lastRotated: new Date(k.CreateDate).toISOString() } : {}),
  }));
  return { ...base, resource, state: { userName, accessKeys, from: { source: 'ListAccessKeys' } } };
}

/**
 * The user an access-key event is about: requestParameters.userName, else the caller when an IAM
 * user acts on its own keys, else responseElements.accessKey.userName (CreateAccessKey). A root
 * caller without a userName acts on the root's keys: no IAM user (the account kind's).
 */
function accessKeyUsersFromEvent(record: CloudTrailRecord): string[] {
  const named = usersFromEvent(record);
  if (named.length > 0 || record.userIdentity?.type === 'Root') return named;
  const accessKey = record.responseElements?.accessKey as { userName?: unknown } | undefined;
  return typeof accessKey?.userName === 'string' && accessKey.userName ? [accessKey.userName] : [];
}
