/** What sqs-queue-encrypted needs to know about one SQS queue. */
export interface SqsQueueState {
  /** The queue URL in its service-endpoint form, the id AWS Config records it under. */
  queueUrl: string;
  queueName: string;
  /** SSE-KMS: the key id, alias or ARN the queue names; null when the queue names none. */
  kmsMasterKeyId: string | null;
  /** SSE-SQS: encryption with keys SQS owns. Never true together with a KMS key. */
  sqsManagedSseEnabled: boolean;
}
