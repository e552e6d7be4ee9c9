import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { eventAccount, identityOf } from '../model/cloudtrail.ts';

/** The snapshot kind of event checks: the CloudTrail record itself is the state, no API read. */
export const EVENT_CHECK_KIND = 'cloudtrail-event';

const ACCOUNT_TYPE = 'AWS::::Account';

/**
 * Turn a CloudTrail record into the snapshot an event check evaluates.
 *
 * With resourceType "AWS::::Account" (root activity) the resource is the account. Otherwise it is
 * the identity that acted (for ConsoleLogin, who signed in), as identityOf names it: an IAM user, a
 * role session (its role ARN as `arn`), the root user (the account), a SAML or OIDC provider's user,
 * an Identity Center user. An identity with no resource type of its own (an AWS service, Unknown)
 * keeps the check's type; one with no ARN has no `arn`, so the record still validates.
 *
 * @example
 * const snapshot = snapshotFromEvent(record, 'AWS::IAM::User');
 * const finding = runCheck(signinConsoleMfa, snapshot, settings);
 */
export function snapshotFromEvent(record: CloudTrailRecord, resourceType: string): Snapshot<CloudTrailRecord> {
  const account = eventAccount(record);
  const common = { kind: EVENT_CHECK_KIND, account, region: record.awsRegion, state: record, source: 'event' as const };
  if (resourceType === ACCOUNT_TYPE) {
    return { ...common, resource: { type: ACCOUNT_TYPE, id: account, arn: `arn:aws:iam::${account}:root` } };
  }
  const { resource } = identityOf(record);
  return { ...common, resource: { ...resource, type: resource.type ?? resourceType } };
}
