/** The access-event fields of whatever made us look (DESIGN.md "Evidence record"). */
export interface TriggerInfo {
  source: 'cloudtrail' | 'config-item' | 'config-compliance' | 'config-rule' | 'sweep';
  /** CloudTrail eventID, EventBridge id, Config capture id or sweep run id. */
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
