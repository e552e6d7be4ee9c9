import type { TriggerInfo } from '../evidence/types.ts';
import type { ConfigItem } from '../collectors/types.ts';

/** A CloudTrail record as AWS writes it; only the fields we read are typed. */
export interface CloudTrailRecord {
  eventVersion?: string;
  eventID: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  recipientAccountId?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  userIdentity: {
    type?: string;
    arn?: string;
    accountId?: string;
    userName?: string;
    principalId?: string;
    sessionContext?: { attributes?: { mfaAuthenticated?: string }; sessionIssuer?: { arn?: string; type?: string } };
  };
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  eventType?: string;
  [key: string]: unknown;
}

interface TriggerBase {
  info: TriggerInfo;
  account: string;
  region: string;
  /** When the change happened: eventTime, configurationItemCaptureTime or the sweep start. */
  observedAt: string;
}

/** One normalized reason to evaluate checks. Every input shape parses into these. */
export type Trigger =
  | (TriggerBase & { kind: 'cloudtrail'; record: CloudTrailRecord })
  | (TriggerBase & { kind: 'config-item'; item: ConfigItem })
  /** The item was too large for the event: read it (GetResourceConfigHistory) or the live resource. */
  | (TriggerBase & { kind: 'config-item-oversized'; resourceType: string; resourceId: string; status: string })
  | (TriggerBase & { kind: 'config-compliance'; ruleName: string; resourceType: string; resourceId: string; complianceType: string })
  | (TriggerBase & {
      kind: 'config-rule';
      ruleName: string;
      resultToken: string;
      messageType: 'ConfigurationItemChangeNotification' | 'OversizedConfigurationItemChangeNotification' | 'ScheduledNotification';
      item?: ConfigItem;
      oversized?: { resourceType: string; resourceId: string };
      ruleParameters: Record<string, string>;
      /** The resource left the rule's scope: Config expects NOT_APPLICABLE for it. */
      eventLeftScope?: boolean;
    })
  | (TriggerBase & { kind: 'sweep' });

/** One input unit (a line, an array element, an SQS message) that did or did not parse. */
export type ParsedInput =
  | { ok: true; source: string; trigger: Trigger }
  | { ok: false; source: string; error: Error }
  /** Valid input about which no check has anything to say (e.g. a failed call, a read-only event). */
  | { ok: 'skipped'; source: string; reason: string };
