import type { ReadError } from '../check.ts';

/**
 * DescribeTable's SSEDescription. DynamoDB encrypts every table at rest; a table without one uses
 * the AWS owned key, which the account cannot see, audit or control.
 */
export interface DynamoDbSse {
  /** "KMS" (AWS managed or customer managed KMS key); "AES256" is an older answer for the owned key. */
  sseType: string | null;
  /** ENABLING, ENABLED, DISABLING, DISABLED or UPDATING. */
  status: string | null;
  kmsMasterKeyArn: string | null;
}

/** What the DynamoDB checks need to know about one table; each read beyond DescribeTable can fail on its own. */
export interface DynamoDbTableState {
  tableName: string;
  tableStatus: string | null;
  /** null: no SSEDescription, so the AWS owned key. */
  sse: DynamoDbSse | null;
  /**
   * KeyManager of the table's KMS key (kms:DescribeKey): "AWS" for aws/dynamodb, "CUSTOMER" for a
   * customer managed key. Undefined when not read (no KMS key, or no check at hand needs it). A key
   * of another account is "CUSTOMER" without a read: AWS managed keys live in the account using them.
   */
  kmsKeyManager?: string;
  kmsKeyError?: ReadError;
  /** PointInTimeRecoveryStatus (DescribeContinuousBackups); undefined when not read. */
  pointInTimeRecovery?: { status: string; earliestRestorableDateTime: string | null; latestRestorableDateTime: string | null; recoveryPeriodInDays: number | null };
  continuousBackupsError?: ReadError;
}
