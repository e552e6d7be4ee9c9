import type { CloudTrailRecord } from '../model/cloudtrail.ts';

/**
 * Which IAM user or account a CloudTrail IAM event is about. Pure functions of the record, kept
 * apart from the SDK reads in iam.ts.
 */

function stringField(object: Record<string, unknown> | null | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * The IAM user names an event is about: `requestParameters.userName` (every user, login-profile and
 * MFA call), else `responseElements.user.userName` / `responseElements.loginProfile.userName`.
 * Login-profile and MFA calls without a userName act on the caller (IAM's documented default), so
 * an IAM-user caller is the subject; a root caller acts on the root user, which is the account
 * kind's, not a user.
 *
 * DeleteVirtualMFADevice names only a device serial: IAM refuses to delete a device still assigned
 * to a user (DeactivateMFADevice, which names the user, comes first), so it changes no user's state
 * and names none.
 */
export function usersFromEvent(record: CloudTrailRecord): string[] {
  const named = stringField(record.requestParameters, 'userName');
  if (named) return [named];
  const response = record.responseElements ?? {};
  for (const key of ['user', 'loginProfile']) {
    const fromResponse = stringField(response[key] as Record<string, unknown> | undefined, 'userName');
    if (fromResponse) return [fromResponse];
  }
  if (record.eventName === 'DeleteVirtualMFADevice') return [];
  if (record.userIdentity?.type === 'IAMUser' && record.userIdentity.userName) return [record.userIdentity.userName];
  return [];
}

/**
 * The account id when a root identity changed its own credentials (MFA enable/deactivate/delete):
 * such calls carry no userName. Calls on an IAM user (userName set) say nothing about the root.
 */
export function accountFromRootEvent(record: CloudTrailRecord): string[] {
  if (record.userIdentity?.type !== 'Root') return [];
  if (stringField(record.requestParameters, 'userName')) return [];
  const account = record.recipientAccountId ?? record.userIdentity.accountId;
  return account ? [account] : [];
}
