/** One GuardDuty protection plan as GetDetector reports it (Features, or the older DataSources). */
export interface GuardDutyFeature {
  /** S3_DATA_EVENTS, RDS_LOGIN_EVENTS, EBS_MALWARE_PROTECTION, EKS_AUDIT_LOGS, RUNTIME_MONITORING, ... */
  name: string;
  /** ENABLED or DISABLED. */
  status: string;
}

/**
 * The account's GuardDuty detector in one region. An account has at most one detector per
 * region; none means GuardDuty was never enabled there (or was disabled, which deletes it).
 */
export interface GuardDutyDetectorState {
  accountId: string;
  /** null when ListDetectors returned none. */
  detectorId: string | null;
  /** ENABLED, or DISABLED when the detector is suspended; null without a detector. */
  status: string | null;
  features: GuardDutyFeature[];
  /** When the detector's configuration last changed (GetDetector UpdatedAt). */
  updatedAt: string | null;
}
