/** What kinesis-stream-encrypted needs to know about one Kinesis data stream. */
export interface KinesisStreamState {
  streamName: string;
  streamArn: string | null;
  /** "KMS" or "NONE" (DescribeStreamSummary's EncryptionType). */
  encryptionType: string;
  /** The KMS key id, alias or ARN of server-side encryption; null when none. */
  keyId: string | null;
  /** "CREATING", "DELETING", "ACTIVE", "UPDATING". */
  streamStatus: string | null;
}
