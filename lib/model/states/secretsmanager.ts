/** What the secretsmanager-secret-rotation check reads about one secret (ListSecrets / DescribeSecret). */
export interface SecretState {
  name: string;
  arn: string | null;
  rotationEnabled: boolean;
  rotationLambdaArn: string | null;
  /** RotationRules.AutomaticallyAfterDays. */
  rotationAfterDays: number | null;
  /** RotationRules.ScheduleExpression: `rate(10 days)`, `rate(12 hours)` or a `cron()` expression. */
  rotationSchedule: string | null;
  lastRotatedDate: string | null;
  nextRotationDate: string | null;
  createdDate: string | null;
  /** Set while the secret is scheduled for deletion (its recovery window). */
  deletedDate: string | null;
  /** The service that created and manages the secret (RDS for a managed master user password). */
  owningService: string | null;
}
