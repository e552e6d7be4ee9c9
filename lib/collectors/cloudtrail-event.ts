import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { actorArn, eventAccount } from '../model/cloudtrail.ts';

/** The snapshot kind of event checks: the CloudTrail record itself is the state, no API read. */
export const EVENT_CHECK_KIND = 'cloudtrail-event';

const ACCOUNT_TYPE = 'AWS::::Account';

/** userIdentity.type → the resource type of the identity that acted. */
const IDENTITY_RESOURCE_TYPE: Record<string, string> = {
  IAMUser: 'AWS::IAM::User',
  Root: ACCOUNT_TYPE,
  AssumedRole: 'AWS::IAM::Role',
  FederatedUser: 'AWS::IAM::Role',
  SAMLUser: 'AWS::IAM::Role',
  WebIdentityUser: 'AWS::IAM::Role',
};

/**
 * Turn a CloudTrail record into the snapshot an event check evaluates.
 *
 * With resourceType "AWS::::Account" (root activity) the resource is the account. Otherwise it is
 * the identity that acted (for ConsoleLogin, who signed in): an IAM user, a role session (its role
 * ARN as `arn`) or the root user (the account).
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
  const identity = record.userIdentity ?? {};
  const type = IDENTITY_RESOURCE_TYPE[identity.type ?? ''] ?? resourceType;
  const id = actorArn(record);
  const arn = type === 'AWS::IAM::Role' ? (identity.sessionContext?.sessionIssuer?.arn ?? id) : id;
  return { ...common, resource: { type, id, arn } };
}
