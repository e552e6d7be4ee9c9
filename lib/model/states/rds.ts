/** What the RDS checks need to know about one DB instance. */
export interface RdsInstanceState {
  identifier: string;
  engine: string | null;
  status: string | null;
  storageEncrypted: boolean;
  /** KMS key of the encrypted storage; null when unencrypted. */
  kmsKeyId: string | null;
  publiclyAccessible: boolean;
}
