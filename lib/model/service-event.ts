/**
 * Service events EventBridge delivers that are not CloudTrail records, as plain data: the parser
 * (lib/events/parse-service-event.ts) makes them, the router matches them against metadata
 * `triggers.eventbridge`. Only what AWS documents for each detail-type is kept.
 */

/** The states of an AWS Backup restore job (the API's RestoreJobStatus; the CREATED event says `state`). */
export const RESTORE_JOB_STATUSES = ['CREATED', 'PENDING', 'RUNNING', 'COMPLETED', 'ABORTED', 'FAILED'] as const;
export type RestoreJobStatus = (typeof RESTORE_JOB_STATUSES)[number];

/** The states after which a restore job changes no more: the only ones that can change a verdict. */
export const FINISHED_RESTORE_STATUSES: readonly RestoreJobStatus[] = ['COMPLETED', 'ABORTED', 'FAILED'];

/**
 * AWS Backup's "Restore Job State Change" (AWS Backup developer guide, "Restore Job events"): the
 * job id and status are always there; the rest depends on the job (a restore testing plan's job
 * carries restoreTestingPlanArn, newer events the vault and recovery point).
 */
export interface RestoreJobStateChange {
  source: 'aws.backup';
  detailType: 'Restore Job State Change';
  /** The EventBridge event id. */
  id: string;
  /** The envelope's `resources`: the recovery point (or its snapshot or image) restored. */
  resources: string[];
  restoreJobId: string;
  status: RestoreJobStatus;
  creationDate?: string;
  completionDate?: string;
  resourceType?: string;
  createdResourceArn?: string;
  recoveryPointArn?: string;
  backupVaultArn?: string;
  sourceResourceArn?: string;
  restoreTestingPlanArn?: string;
  iamRoleArn?: string;
  statusMessage?: string;
}

/** Every service event trailproof reads, told apart by `source` and `detailType`. */
export type ServiceEvent = RestoreJobStateChange;
