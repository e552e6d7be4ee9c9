import { GetAccountSummaryCommand, GetLoginProfileCommand, GetUserCommand, paginateListMFADevices, paginateListUsers, paginateListUserTags, paginateListVirtualMFADevices, IAMClient } from '@aws-sdk/client-iam';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { deletedFromItem, isGoneItem } from './config-item-snapshot.ts';
import { accountFromRootEvent, usersFromEvent } from './iam-events.ts';
import { idsFromPages, readPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { IamAccountState, IamUserState } from '../model/states/iam.ts';

const USER_TYPE = 'AWS::IAM::User';
const ACCOUNT_TYPE = 'AWS::::Account';
/** Config's IAM user resourceId is the unique id (AIDA...), not the name GetUser needs. */
const USER_ID = /^AIDA[A-Z0-9]{12,}$/;
/** "No such user / login profile": IAM's error code (wire, recordings) and the SDK v3 class name for it. */
const NO_SUCH_ENTITY = ['NoSuchEntity', 'NoSuchEntityException'];
/** The root user's ARN in any partition (aws, aws-cn, aws-us-gov). */
const ROOT_ARN = /^arn:[a-z-]+:iam::\d{12}:root$/;

/**
 * IAM users. The user, its login profile and its MFA devices decide the console-MFA verdict, so
 * the first of them that fails is the snapshot's error; the tags only enrich it (a failed
 * ListUserTags is `tagsError`). A missing user is `deleted`.
 *
 * @example
 * const snapshot = await iamUserKind.collect(ctx, 'alice'); // snapshot.state?.hasConsolePassword
 */
export const iamUserKind: SnapshotKind<IamUserState> = {
  kind: 'iam-user',
  resourceType: USER_TYPE,
  global: true,
  collect: collectUser,
  enumerate: (ctx) => idsFromPages(paginateListUsers({ client: ctx.clients.get(IAMClient) }, {}), (page) => page.Users, (user) => user.UserName),
  fromConfigItem: userFromConfigItem,
  idsFromEvent: usersFromEvent,
};

/**
 * The account's root user: MFA on/off and root access keys from GetAccountSummary, and whether a
 * device is virtual (ListVirtualMFADevices: its failure makes the device type "unknown" and is
 * listed in `unreadable`; iam-root-mfa only records the type, iam-root-hardware-mfa cannot judge
 * without it). Runs whose checks do not declare the listing skip it.
 *
 * @example
 * const snapshot = await iamAccountKind.collect(ctx, ctx.account); // snapshot.state?.rootMfaEnabled
 */
export const iamAccountKind: SnapshotKind<IamAccountState> = {
  kind: 'iam-account',
  resourceType: ACCOUNT_TYPE,
  global: true,
  collect: collectAccount,
  async *enumerate(ctx) {
    yield ctx.account;
  },
  idsFromEvent: (record: CloudTrailRecord) => accountFromRootEvent(record),
};

async function collectUser(ctx: CollectContext, id: string): Promise<Snapshot<IamUserState>> {
  const iam = ctx.clients.get(IAMClient);
  const base = { kind: 'iam-user', account: ctx.account, region: ctx.region, source: 'api' as const };
  const resolved = USER_ID.test(id) ? await userNameForId(iam, id) : id;
  if (isFailure(resolved)) return { ...base, resource: { type: USER_TYPE, id }, error: resolved.error };
  if (resolved === undefined) return { ...base, resource: { type: USER_TYPE, id }, deleted: true };
  const userName = resolved;

  const user = await read('GetUser', () => iam.send(new GetUserCommand({ UserName: userName })));
  if (isFailure(user)) {
    const resource = { type: USER_TYPE, id: userName };
    return NO_SUCH_ENTITY.includes(user.error.name) ? { ...base, resource, deleted: true } : { ...base, resource, error: user.error };
  }
  const resource = { type: USER_TYPE, id: userName, arn: user.User?.Arn };

  const [profile, devices, tags] = await Promise.all([
    read('GetLoginProfile', () => iam.send(new GetLoginProfileCommand({ UserName: userName })), { names: NO_SUCH_ENTITY, fallback: null }),
    readPages('ListMFADevices', paginateListMFADevices({ client: iam }, { UserName: userName }), (page) => page.MFADevices ?? []),
    readPages('ListUserTags', paginateListUserTags({ client: iam }, { UserName: userName }), (page) => page.Tags ?? []),
  ]);
  // The first deciding read that failed, in a fixed order, is the snapshot's error.
  if (isFailure(profile)) return { ...base, resource, error: profile.error };
  if (isFailure(devices)) return { ...base, resource, error: devices.error };

  return {
    ...base,
    resource,
    ...(isFailure(tags) ? { tagsError: tags.error } : { tags: tagsFromList(tags) }),
    state: {
      userName,
      arn: user.User?.Arn,
      createDate: user.User?.CreateDate?.toISOString(),
      passwordLastUsed: user.User?.PasswordLastUsed?.toISOString(),
      hasConsolePassword: profile !== null,
      mfaDevices: devices.map((d) => ({ serialNumber: d.SerialNumber ?? '', enableDate: d.EnableDate?.toISOString() })),
    },
  };
}

/** The user name behind a unique id (AIDA...), or undefined when no such user exists anymore. */
async function userNameForId(iam: IAMClient, userId: string) {
  return read('ListUsers', async () => {
    for await (const page of paginateListUsers({ client: iam }, {})) {
      const match = page.Users?.find((u) => u.UserId === userId);
      if (match?.UserName) return match.UserName;
    }
    return undefined;
  });
}

/**
 * A user Config item does not say whether a login profile or an MFA device exists, so only a
 * deletion can be taken from it; anything else is read live.
 */
function userFromConfigItem(item: ConfigItem): Snapshot<IamUserState> | undefined {
  if (!isGoneItem(item)) return undefined;
  // Our user id is the name; Config's resourceId is the unique id (AIDA...).
  return deletedFromItem('iam-user', item, { resource: { type: USER_TYPE, id: item.resourceName ?? item.resourceId }, tags: null });
}

async function collectAccount(ctx: CollectContext, accountId: string): Promise<Snapshot<IamAccountState>> {
  const iam = ctx.clients.get(IAMClient);
  const base = {
    kind: 'iam-account',
    resource: { type: ACCOUNT_TYPE, id: accountId, arn: `arn:aws:iam::${accountId}:root` },
    account: ctx.account,
    region: ctx.region,
    source: 'api' as const,
  };
  const summary = await read('GetAccountSummary', () => iam.send(new GetAccountSummaryCommand({})));
  if (isFailure(summary)) return { ...base, error: summary.error };
  const rootMfaEnabled = summary.SummaryMap?.AccountMFAEnabled === 1;
  const state: IamAccountState = {
    accountId,
    rootMfaEnabled,
    rootAccessKeysPresent: (summary.SummaryMap?.AccountAccessKeysPresent ?? 0) > 0,
    rootMfaType: rootMfaEnabled ? 'unknown' : 'none',
  };
  // Only the device type needs the listing; a run of checks that do not read it (root keys) skips it.
  if (!rootMfaEnabled || (ctx.reads && !ctx.reads.has('iam:ListVirtualMFADevices'))) return { ...base, state };

  // Every assigned device of the root (it may register up to eight, of any types). The listing holds
  // only this account's devices; the device name says nothing (any user's may be "root-account-mfa-device").
  const rootSerials = await readPages(
    'ListVirtualMFADevices',
    paginateListVirtualMFADevices({ client: iam }, { AssignmentStatus: 'Assigned' }),
    (page) => (page.VirtualMFADevices ?? []).filter((d) => ROOT_ARN.test(d.User?.Arn ?? '')).map((d) => d.SerialNumber ?? ''),
  );
  if (isFailure(rootSerials)) return { ...base, state, unreadable: [rootSerials.error] };
  if (rootSerials.length === 0) state.rootMfaType = 'hardware';
  else Object.assign(state, { rootMfaType: 'virtual', rootVirtualMfaSerial: rootSerials[0], rootVirtualMfaSerials: rootSerials });
  return { ...base, state };
}
