/** One resource Inspector covers (ListCoverage), with when it was last scanned. */
export interface InspectorCoveredResource {
  /** AWS_EC2_INSTANCE, AWS_ECR_CONTAINER_IMAGE or AWS_LAMBDA_FUNCTION. */
  resourceType: string;
  resourceId: string;
  /** ACTIVE (being scanned) or INACTIVE; null when Inspector did not say. */
  scanStatus: string | null;
  /** Why: SUCCESSFUL, PENDING_INITIAL_SCAN, EC2_INSTANCE_STOPPED, UNMANAGED_EC2_INSTANCE, ... */
  scanStatusReason: string | null;
  /** ISO time of the last scan; null when never scanned. */
  lastScannedAt: string | null;
}

/** The account's Amazon Inspector (v2) in one region. */
export interface InspectorAccountState {
  accountId: string;
  /** The account's Inspector status: ENABLED, ENABLING, DISABLED, DISABLING, SUSPENDED, SUSPENDING. */
  status: string;
  /** The status of each scan type (ec2, ecr, lambda, lambdaCode) as BatchGetAccountStatus reports it. */
  scanTypes: Record<string, string>;
  /**
   * The covered EC2 instances, ECR images and Lambda functions of this account; null when
   * coverage was not read because Inspector is not enabled.
   */
  coverage: InspectorCoveredResource[] | null;
}
