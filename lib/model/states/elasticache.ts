/**
 * What elasticache-encrypted needs to know about one cache: a node-based replication group
 * (Valkey or Redis OSS) or a serverless cache, which ElastiCache always encrypts at rest and in
 * transit, so only its identity is recorded.
 */
export type ElastiCacheState = ReplicationGroupState | ServerlessCacheState;

/** Whether the transit encryption of a replication group still accepts plaintext connections. */
type TransitEncryptionMode = 'required' | 'preferred';

export interface ReplicationGroupState {
  deployment: 'replication-group';
  replicationGroupId: string;
  /** "valkey" or "redis"; null when the API did not say (older responses). */
  engine: string | null;
  status: string | null;
  atRestEncryptionEnabled: boolean;
  /** KMS key of the at-rest encryption when a customer key was chosen; null for the service key. */
  kmsKeyId: string | null;
  transitEncryptionEnabled: boolean;
  /**
   * "preferred" accepts both TLS and plaintext clients (a migration state); "required" only TLS.
   * null when the API gave no mode: groups from before modes existed, whose TLS was always required.
   */
  transitEncryptionMode: TransitEncryptionMode | null;
}

interface ServerlessCacheState {
  deployment: 'serverless';
  serverlessCacheName: string;
  engine: string | null;
  status: string | null;
  /** A customer KMS key when one was chosen; null for the service key. */
  kmsKeyId: string | null;
}
