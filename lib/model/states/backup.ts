/** What the AWS Backup checks read: selections, plans with their restores, vaults, protected data stores. */

/** One `{ ConditionKey, ConditionValue }` of a selection's tag conditions. */
export interface TagCondition {
  key: string;
  value: string;
}

/**
 * A backup selection (GetBackupSelection) with the plan it belongs to: which resources AWS Backup
 * assigns to the plan (Resources and ListOfTags combined with OR, Conditions with AND,
 * NotResources excluded; AWS Backup developer guide, "Assign resources with AWS CLI").
 */
export interface BackupSelectionDoc {
  planId: string;
  planName: string;
  selectionId: string;
  selectionName: string;
  /** ARNs, `*` wildcards allowed ("*" alone: every supported resource). */
  resources: string[];
  notResources: string[];
  /** ListOfTags (STRINGEQUALS only); keys as written, with or without `aws:ResourceTag/`. */
  listOfTags: TagCondition[];
  /** Conditions; keys are `aws:ResourceTag/<key>`. */
  conditions: { stringEquals: TagCondition[]; stringNotEquals: TagCondition[]; stringLike: TagCondition[]; stringNotLike: TagCondition[] };
}

/** A data store that must be in a backup plan, with every selection of its region. */
export interface BackupProtectedResourceState {
  arn: string;
  /** Its Config / CloudFormation type (AWS::RDS::DBInstance, AWS::EC2::Volume, ...). */
  resourceType: string;
  /** An Aurora or Multi-AZ cluster member: AWS Backup protects the cluster, not the instance. */
  clusterId: string | null;
  /** EC2 instances the volume is attached to, with their tags: an instance's backup includes its volumes. */
  attachedInstances: Array<{ arn: string; tags: Record<string, string> }>;
  selections: BackupSelectionDoc[];
  /** ListProtectedResources: the latest recovery point of the resource, if it has any. */
  lastBackup: { time: string | null; vaultArn: string | null } | null;
}

/** A completed restore job traced to the plan whose recovery point it restored. */
export interface RestoreEvidence {
  restoreJobId: string;
  completionDate: string;
  recoveryPointArn: string;
  resourceType: string | null;
  /** Set when a restore testing plan ran the job. */
  restoreTestingPlanArn: string | null;
  validationStatus: string | null;
}

/** A backup plan, its selections and the latest completed restore of a recovery point it made. */
export interface BackupPlanState {
  planId: string;
  planName: string;
  planArn: string | null;
  selections: BackupSelectionDoc[];
  latestRestore: RestoreEvidence | null;
  /** Completed restores whose recovery point could not be traced to a plan (deleted since, or no vault named). */
  untracedRestores: number;
  /** False when there were more restores than one run traces: a restore of this plan may be among the rest. */
  tracingComplete: boolean;
  /** Names of the region's restore testing plans (null when they could not be listed). */
  restoreTestingPlans: string[] | null;
}

/** A backup vault's lock and access policy (DescribeBackupVault, GetBackupVaultAccessPolicy). */
export interface BackupVaultState {
  name: string;
  arn: string | null;
  vaultType: string | null;
  locked: boolean;
  minRetentionDays: number | null;
  maxRetentionDays: number | null;
  /** When a compliance-mode lock becomes immutable; absent for governance mode. */
  lockDate: string | null;
  recoveryPoints: number | null;
  /** The vault access policy document (JSON text), null when the vault has none. */
  accessPolicy: string | null;
}
