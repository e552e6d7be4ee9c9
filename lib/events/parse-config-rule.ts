import { z } from 'zod';
import { ParseError } from '../errors.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { ParsedInput, Trigger } from './types.ts';
import { normalizeConfigItem } from './config-item.ts';
import { CONFIG_CHANGE, CONFIG_OVERSIZED, parseOversizedSummary } from './parse-config.ts';
import { type EnvelopeContext, isRecord, parseJsonString, parseWith, regionFromArn, requireEncodable, requireTimestamp, shortHash, requireAccount } from './parse-common.ts';
import { joinPath } from '../util/json-path.ts';

const SCHEDULED = 'ScheduledNotification';

/** True when a JSON object is an AWS Config custom-rule invocation (the config-rule Lambda's event). */
export function looksLikeRuleInvocation(value: Record<string, unknown>): boolean {
  return 'invokingEvent' in value;
}

const invocationSchema = z.looseObject({
  invokingEvent: z.union([z.string(), z.record(z.string(), z.unknown())]),
  ruleParameters: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  resultToken: z.string().min(1),
  configRuleName: z.string().min(1),
  configRuleArn: z.string().optional(),
  accountId: z.string().optional(),
  eventLeftScope: z.boolean().optional(),
});

/** Rule parameters arrive as a JSON string of an object; values are read as strings. */
function parseRuleParameters(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null || value === '') return {};
  const parsed = typeof value === 'string' ? parseJsonString(value, field) : value;
  if (!isRecord(parsed)) throw new ParseError(field, 'WRONG_TYPE', 'expected a JSON object of rule parameters');
  requireEncodable(parsed, field);
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/**
 * Parse a custom Config rule invocation (change-triggered, oversized or periodic) into a
 * `config-rule` trigger that carries the result token for PutEvaluations.
 *
 * @example
 * parseRuleInvocation(event, 'config-rule', { path: '' })
 */
export function parseRuleInvocation(value: Record<string, unknown>, source: string, context: EnvelopeContext): ParsedInput {
  const prefix = context.path;
  const invocation = parseWith(invocationSchema, value, prefix);
  const eventPath = joinPath(prefix, 'invokingEvent');
  const invokingEvent = typeof invocation.invokingEvent === 'string' ? parseJsonString(invocation.invokingEvent, eventPath) : invocation.invokingEvent;
  if (!isRecord(invokingEvent)) throw new ParseError(eventPath, 'WRONG_TYPE', 'expected a JSON object');
  // A JSON string inside the invocation: its escapes are decoded only now.
  requireEncodable(invokingEvent, eventPath);
  const messageType = invokingEvent.messageType;
  const ruleParameters = parseRuleParameters(invocation.ruleParameters, joinPath(prefix, 'ruleParameters'));
  const ruleRegion = regionFromArn(invocation.configRuleArn) ?? context.region;
  const ruleAccount = invocation.accountId ?? context.account;
  const inner: EnvelopeContext = { ...context, account: ruleAccount, region: ruleRegion };

  let item: ConfigItem | undefined;
  let oversized: { resourceType: string; resourceId: string } | undefined;
  let account: string | undefined;
  let region = ruleRegion;
  let observedAt: string;
  if (messageType === CONFIG_CHANGE) {
    item = normalizeConfigItem(invokingEvent.configurationItem, { ...inner, path: joinPath(eventPath, 'configurationItem') });
    account = item.awsAccountId;
    region = item.awsRegion;
    observedAt = item.configurationItemCaptureTime;
  } else if (messageType === CONFIG_OVERSIZED) {
    const summary = parseOversizedSummary(invokingEvent.configurationItemSummary, { ...inner, path: joinPath(eventPath, 'configurationItemSummary') });
    oversized = { resourceType: summary.resourceType, resourceId: summary.resourceId };
    account = summary.account;
    region = summary.region;
    observedAt = summary.captureTime;
  } else if (messageType === SCHEDULED) {
    account = typeof invokingEvent.awsAccountId === 'string' ? invokingEvent.awsAccountId : ruleAccount;
    observedAt = requireTimestamp(invokingEvent.notificationCreationTime, joinPath(eventPath, 'notificationCreationTime'));
  } else {
    return { ok: 'skipped', source, reason: `Config rule invocation with messageType ${String(messageType)}: nothing to evaluate` };
  }
  requireAccount(account, joinPath(prefix, 'accountId'));
  if (!region) throw new ParseError(joinPath(prefix, 'configRuleArn'), 'MISSING_FIELD', 'it names the region of the rule');

  // Change-triggered: the item's capture time names the change, so a re-delivery dedupes;
  // periodic: each run has its own result token.
  const eventId = `config-rule:${invocation.configRuleName}:${item?.configurationItemCaptureTime ?? shortHash(invocation.resultToken)}`;
  const trigger: Trigger = {
    kind: 'config-rule',
    info: { source: 'config-rule', eventId, eventName: messageType, configRuleName: invocation.configRuleName },
    account,
    region,
    observedAt,
    ruleName: invocation.configRuleName,
    resultToken: invocation.resultToken,
    messageType,
    ruleParameters,
    eventLeftScope: invocation.eventLeftScope === true,
  };
  if (item) trigger.item = item;
  if (oversized) trigger.oversized = oversized;
  return { ok: true, source, trigger };
}
