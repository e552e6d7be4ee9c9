/** One standard the hub is subscribed to (GetEnabledStandards). */
export interface SecurityHubStandard {
  /** arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0, ... */
  standardsArn: string;
  /** PENDING, READY, INCOMPLETE, DELETING or FAILED. */
  status: string;
  /** StandardsStatusReason.StatusReasonCode when the status is not READY. */
  statusReason: string | null;
}

/** The account's Security Hub in one region. */
export interface SecurityHubState {
  accountId: string;
  /** false when DescribeHub answered that the account is not subscribed in this region. */
  enabled: boolean;
  hubArn: string | null;
  subscribedAt: string | null;
  /** What Security Hub said when the account is not subscribed (InvalidAccessException). */
  notEnabledMessage: string | null;
  standards: SecurityHubStandard[];
}
