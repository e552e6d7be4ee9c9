import type { ReadError } from '../check.ts';

/** What the RDS checks need to know about one DB instance. */
export interface RdsInstanceState {
  identifier: string;
  engine: string | null;
  status: string | null;
  storageEncrypted: boolean;
  /** KMS key of the encrypted storage; null when unencrypted. */
  kmsKeyId: string | null;
  publiclyAccessible: boolean;
  /** Days of automated backups (0: off). null: the source did not say (a Config item without the member). */
  backupRetentionPeriod: number | null;
  /** Log types exported to CloudWatch Logs. null: the source did not say (Config items older than the feature). */
  enabledCloudwatchLogsExports: string[] | null;
  /** The Aurora or Multi-AZ DB cluster the instance belongs to: the cluster owns its backups and log exports. */
  dbClusterIdentifier: string | null;
  /** Set on a read replica: the instance it replicates. */
  readReplicaSourceIdentifier: string | null;
}

/**
 * A database that owns automated backups and log exports: a DB instance, or an Aurora / Multi-AZ
 * DB cluster (DescribeDBClusters also answers for DocumentDB and Neptune clusters, engine
 * "docdb" / "neptune"). What rds-backup-retention and rds-log-exports read.
 */
export interface RdsDatabaseState {
  type: 'instance' | 'cluster';
  identifier: string;
  engine: string | null;
  status: string | null;
  backupRetentionPeriod: number;
  enabledCloudwatchLogsExports: string[];
  /** An instance that belongs to a cluster: its backups and exports are the cluster's. */
  clusterIdentifier: string | null;
  /** A read replica (instance) or a cross-region replica cluster: the source it replicates. */
  replicaSourceIdentifier: string | null;
}

/**
 * A DB snapshot or a DB cluster snapshot (manual ones; automated snapshots cannot be shared and
 * are encrypted exactly when their database is).
 */
export interface RdsSnapshotState {
  type: 'instance' | 'cluster';
  identifier: string;
  /** The DB instance or cluster it was taken of. */
  sourceIdentifier: string | null;
  /** "manual", "automated", "awsbackup", ... */
  snapshotType: string | null;
  engine: string | null;
  status: string | null;
  encrypted: boolean;
  kmsKeyId: string | null;
  /**
   * The values of the "restore" attribute: the account ids allowed to copy and restore the
   * snapshot, "all" when it is public. Undefined when not read (automated snapshots, or no check
   * at hand needs it), see `restoreAttributeError` for a failed read.
   */
  restoreAccounts?: string[];
  restoreAttributeError?: ReadError;
}
