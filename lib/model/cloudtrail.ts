/** A CloudTrail record as AWS writes it; only the fields we read are typed. */
export interface CloudTrailRecord {
  eventVersion?: string;
  eventID: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  recipientAccountId?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  userIdentity: {
    type?: string;
    arn?: string;
    accountId?: string;
    userName?: string;
    principalId?: string;
    sessionContext?: { attributes?: { mfaAuthenticated?: string }; sessionIssuer?: { arn?: string; type?: string } };
  };
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  eventType?: string;
  [key: string]: unknown;
}

/** The account the event happened in (recipientAccountId; the actor's account as a fallback). */
export function eventAccount(record: CloudTrailRecord): string {
  return record.recipientAccountId ?? record.userIdentity?.accountId ?? 'unknown';
}

/**
 * The ARN of the identity that acted. Failed sign-ins often omit `arn` (the identity is not
 * confirmed), so it is rebuilt from the user name when there is one; else the principal id.
 */
export function actorArn(record: CloudTrailRecord): string {
  const identity = record.userIdentity ?? {};
  if (identity.arn) return identity.arn;
  const account = identity.accountId ?? eventAccount(record);
  if (identity.type === 'Root') return `arn:aws:iam::${account}:root`;
  if (identity.type === 'IAMUser' && identity.userName) return `arn:aws:iam::${account}:user/${identity.userName}`;
  return identity.principalId ?? identity.userName ?? 'unknown';
}
