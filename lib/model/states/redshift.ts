/** What the Redshift checks need to know about one provisioned cluster. */
export interface RedshiftClusterState {
  clusterIdentifier: string;
  /** "available", "creating", "modifying", "paused", ... */
  clusterStatus: string | null;
  encrypted: boolean;
  /** KMS key of the encrypted cluster; null when unencrypted, HSM-encrypted or not reported. */
  kmsKeyId: string | null;
  /** The HSM configuration the cluster's keys live in, when it is encrypted with an HSM. */
  hsmConfigurationIdentifier: string | null;
  publiclyAccessible: boolean;
  /** A change of PubliclyAccessible requested but not applied yet (PendingModifiedValues); null when none. */
  pendingPubliclyAccessible: boolean | null;
}
