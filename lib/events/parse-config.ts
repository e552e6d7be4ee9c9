import { z } from 'zod';
import { ParseError } from '../errors.ts';
import type { ParsedInput } from './types.ts';
import { configItemEventId, normalizeConfigItem } from './config-item.ts';
import { type EnvelopeContext, noEvents, parseWith, regionFromArn, requireTimestamp, requireAccount } from './parse-common.ts';
import { joinPath } from '../util/json-path.ts';
import { dropUndefined } from './parse-cloudtrail.ts';

/** Config messageTypes that say something about a resource; every other one is skipped. */
export const CONFIG_CHANGE = 'ConfigurationItemChangeNotification';
export const CONFIG_OVERSIZED = 'OversizedConfigurationItemChangeNotification';
const CONFIG_COMPLIANCE = 'ComplianceChangeNotification';

/** True when a JSON object is a Config notification body (SNS Message, EventBridge detail). */
export function looksLikeConfigMessage(value: Record<string, unknown>): boolean {
  return typeof value.messageType === 'string' && !('invokingEvent' in value);
}

const summarySchema = z.looseObject({
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  configurationItemStatus: z.string().min(1),
  awsAccountId: z.string().nullish(),
  awsRegion: z.string().nullish(),
  ARN: z.string().nullish(),
});

const complianceSchema = z.looseObject({
  configRuleName: z.string().min(1),
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  awsAccountId: z.string().nullish(),
  awsRegion: z.string().nullish(),
  newEvaluationResult: z.looseObject({ complianceType: z.string().min(1) }),
});

/**
 * Parse a Config notification body (the Message of an SNS notification, the detail of an EventBridge
 * Config event, or a bare message) into triggers. Notifications that change no resource
 * (snapshot or history delivery, ...) are skipped with the reason.
 */
export function parseConfigMessage(message: Record<string, unknown>, source: string, context: EnvelopeContext): ParsedInput[] {
  const messageType = message.messageType;
  if (messageType === CONFIG_CHANGE) return parseItemChange(message, source, context);
  if (messageType === CONFIG_OVERSIZED) return [parseOversized(message, source, context)];
  if (messageType === CONFIG_COMPLIANCE) return [parseComplianceChange(message, source, context)];
  return [{ ok: 'skipped', source, reason: `Config ${String(messageType)} notification carries no resource change to evaluate` }];
}

function parseItemChange(message: Record<string, unknown>, source: string, context: EnvelopeContext): ParsedInput[] {
  const items = message.configurationItem;
  const itemsPath = joinPath(context.path, 'configurationItem');
  if (items === undefined || items === null) throw new ParseError(itemsPath, 'MISSING_FIELD');
  // The 2014 SNS shape lists items in an array; every later shape sends one.
  if (!Array.isArray(items)) return [parseConfigItemInput(items, source, { ...context, path: itemsPath })];
  if (items.length === 0) return [noEvents(source, `${itemsPath} is an empty list`)];
  return items.map((raw, index) => {
    const path = joinPath(itemsPath, index);
    const unitSource = items.length > 1 ? `${source}#${path}` : source;
    try {
      return parseConfigItemInput(raw, unitSource, { ...context, path });
    } catch (error) {
      if (error instanceof ParseError) return { ok: false, source: unitSource, error } satisfies ParsedInput;
      throw error;
    }
  });
}

/** One configuration item (in a notification, or on its own) as a `config-item` trigger. */
export function parseConfigItemInput(value: unknown, source: string, context: EnvelopeContext): ParsedInput {
  const item = normalizeConfigItem(value, context);
  const eventId = configItemEventId(item.resourceType, item.resourceId, item.configurationItemCaptureTime);
  return {
    ok: true,
    source,
    trigger: {
      kind: 'config-item',
      info: { source: 'config-item', eventId, eventName: CONFIG_CHANGE },
      account: item.awsAccountId,
      region: item.awsRegion,
      observedAt: item.configurationItemCaptureTime,
      item,
    },
  };
}

/** The item summary of an oversized notification: what to read live instead. */
export function parseOversizedSummary(value: unknown, context: EnvelopeContext) {
  const summary = parseWith(summarySchema, value, context.path);
  const account = summary.awsAccountId ?? context.account;
  requireAccount(account, joinPath(context.path, 'awsAccountId'));
  const region = summary.awsRegion ?? context.region ?? regionFromArn(summary.ARN ?? undefined);
  if (!region) throw new ParseError(joinPath(context.path, 'awsRegion'), 'MISSING_FIELD');
  const captureTime = requireTimestamp(summary.configurationItemCaptureTime, joinPath(context.path, 'configurationItemCaptureTime'));
  return { resourceType: summary.resourceType, resourceId: summary.resourceId, status: summary.configurationItemStatus, account, region, captureTime };
}

function parseOversized(message: Record<string, unknown>, source: string, context: EnvelopeContext): ParsedInput {
  const summary = parseOversizedSummary(message.configurationItemSummary, { ...context, path: joinPath(context.path, 'configurationItemSummary') });
  return {
    ok: true,
    source,
    trigger: {
      kind: 'config-item-oversized',
      info: { source: 'config-item', eventId: configItemEventId(summary.resourceType, summary.resourceId, summary.captureTime), eventName: CONFIG_OVERSIZED },
      account: summary.account,
      region: summary.region,
      observedAt: summary.captureTime,
      resourceType: summary.resourceType,
      resourceId: summary.resourceId,
      status: summary.status,
    },
  };
}

/**
 * A managed rule's verdict changed ("Config Rules Compliance Change" detail or an SNS
 * ComplianceChangeNotification): recorded as evidence directly, nothing to collect.
 */
export function parseComplianceChange(message: Record<string, unknown>, source: string, context: EnvelopeContext): ParsedInput {
  const parsed = parseWith(complianceSchema, message, context.path);
  const account = parsed.awsAccountId ?? context.account;
  requireAccount(account, joinPath(context.path, 'awsAccountId'));
  const region = parsed.awsRegion ?? context.region;
  if (!region) throw new ParseError(joinPath(context.path, 'awsRegion'), 'MISSING_FIELD');
  const evaluation = parsed.newEvaluationResult as Record<string, unknown>;
  const ordering = (evaluation.evaluationResultIdentifier as { orderingTimestamp?: unknown } | undefined)?.orderingTimestamp;
  const when = evaluation.resultRecordedTime ?? message.notificationCreationTime ?? context.time ?? ordering;
  const observedAt = requireTimestamp(when, joinPath(context.path, 'newEvaluationResult.resultRecordedTime'));
  const complianceType = parsed.newEvaluationResult.complianceType;
  const eventId = context.eventBridgeId ?? `config-compliance:${parsed.configRuleName}:${parsed.resourceType}:${parsed.resourceId}:${observedAt}`;
  return {
    ok: true,
    source,
    trigger: {
      kind: 'config-compliance',
      info: dropUndefined({ source: 'config-compliance', eventId, eventName: CONFIG_COMPLIANCE, configRuleName: parsed.configRuleName, complianceType }),
      account,
      region,
      observedAt,
      ruleName: parsed.configRuleName,
      resourceType: parsed.resourceType,
      resourceId: parsed.resourceId,
      complianceType,
    },
  };
}
