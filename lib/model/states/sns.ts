/** What sns-topic-kms-encrypted needs to know about one SNS topic. */
export interface SnsTopicState {
  topicArn: string;
  /** The KMS key id, alias or ARN that encrypts the topic's messages; null when unencrypted. */
  kmsMasterKeyId: string | null;
}
