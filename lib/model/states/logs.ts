/** One CloudWatch Logs log group, as DescribeLogGroups lists it. */
export interface LogGroupState {
  logGroupName: string;
  /** The log group ARN without the trailing `:*` (the form tagging and IAM policies use). */
  arn: string;
  /** The KMS key that encrypts the group's data; null: CloudWatch Logs' own service-managed key. */
  kmsKeyId: string | null;
  /** Days events are kept; null: they never expire. */
  retentionInDays: number | null;
  /** Set when an account-level retention policy, not the group, decides `retentionInDays`. */
  retentionPolicyName?: string;
  /** "STANDARD", "INFREQUENT_ACCESS", "DELIVERY", ... (absent in older answers: STANDARD). */
  logGroupClass?: string;
  storedBytes?: number;
  /** ISO time the group was created. */
  createdAt?: string;
}
