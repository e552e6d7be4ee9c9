/** The access-event fields of whatever made us look (DESIGN.md "Evidence record"). */
export interface TriggerInfo {
  /** `eventbridge`: a service event that is not a CloudTrail record (evidence-record v2 only). */
  source: 'cloudtrail' | 'config-item' | 'config-compliance' | 'config-rule' | 'sweep' | 'eventbridge';
  /** CloudTrail eventID, EventBridge id (also of a service event), Config capture id or sweep run id. */
  eventId: string;
  eventName?: string;
  actor?: string;
  sourceIp?: string;
  mfaAuthenticated?: boolean;
  userAgent?: string;
  /** Config rule name (config-compliance / config-rule triggers). */
  configRuleName?: string;
  /** What an AWS Config managed rule said (config-compliance triggers). */
  complianceType?: string;
}
