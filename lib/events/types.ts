import type { ParseError } from '../errors.ts';
import type { TriggerInfo } from '../model/trigger-info.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ServiceEvent } from '../model/service-event.ts';

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
  /** An EventBridge service event that is not a CloudTrail record (a restore job that finished). */
  | (TriggerBase & { kind: 'eventbridge'; event: ServiceEvent })
  | (TriggerBase & { kind: 'sweep' });

/** One input unit (a line, an array element, an SQS message) that did or did not parse. */
export type ParsedInput =
  | { ok: true; source: string; trigger: Trigger }
  | { ok: false; source: string; error: ParseError }
  /**
   * Valid input about which no check has anything to say (e.g. a failed call, a read-only event),
   * or, with code NO_EVENTS, a container holding no event at all (`{"Records": []}`, `[]`, an empty
   * JSON Lines file): reported like any other input, never dropped.
   */
  | { ok: 'skipped'; source: string; reason: string; code?: 'NO_EVENTS' };
