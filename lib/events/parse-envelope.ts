import { z } from 'zod';
import { ParseError } from '../errors.ts';
import type { ParsedInput } from './types.ts';
import { parseCloudTrailRecord } from './parse-cloudtrail.ts';
import { parseComplianceChange, parseConfigMessage } from './parse-config.ts';
import { parseServiceEvent } from './parse-service-event.ts';
import { type EnvelopeContext, isRecord, normalizeTimestamp, parseJsonString, parseWith, regionFromArn } from './parse-common.ts';
import { joinPath } from '../util/json-path.ts';

/** Parses any payload found inside an envelope (an SNS Message, an SQS body). */
export type Dispatch = (value: unknown, source: string, context: EnvelopeContext) => ParsedInput[];

/** EventBridge detail-types whose detail is a CloudTrail record. */
const CLOUDTRAIL_DETAIL_TYPES = new Set([
  'AWS API Call via CloudTrail',
  'AWS Console Sign In via CloudTrail',
  'AWS Service Event via CloudTrail',
  'AWS Console Action via CloudTrail',
]);
/** The documented name, and the one real captures carry. */
const CONFIG_ITEM_DETAIL_TYPES = new Set(['Configuration Item Change', 'Config Configuration Item Change']);
const COMPLIANCE_DETAIL_TYPE = 'Config Rules Compliance Change';

export function looksLikeEventBridge(value: Record<string, unknown>): boolean {
  return 'detail-type' in value && 'detail' in value;
}

export function looksLikeSnsNotification(value: Record<string, unknown>): boolean {
  return typeof value.Type === 'string' && 'Message' in value && ('TopicArn' in value || 'MessageId' in value);
}

const eventBridgeSchema = z.looseObject({
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  detail: z.record(z.string(), z.unknown()),
  account: z.string().optional(),
  region: z.string().optional(),
  time: z.string().optional(),
});

/**
 * An EventBridge event: CloudTrail-via-EventBridge, Config item change or compliance change, or a
 * service event that is not a CloudTrail record (lib/events/parse-service-event.ts). The envelope's
 * account, region and time fill what the detail lacks. Other detail-types are skipped with the reason.
 */
export function parseEventBridge(value: Record<string, unknown>, source: string, context: EnvelopeContext): ParsedInput[] {
  const event = parseWith(eventBridgeSchema, value, context.path);
  const detailType = event['detail-type'];
  const inner: EnvelopeContext = {
    path: joinPath(context.path, 'detail'),
    eventBridgeId: event.id,
    account: event.account ?? context.account,
    region: event.region ?? context.region,
    time: (event.time && normalizeTimestamp(event.time)) || context.time,
  };
  if (CLOUDTRAIL_DETAIL_TYPES.has(detailType)) return [parseCloudTrailRecord(event.detail, source, inner)];
  if (CONFIG_ITEM_DETAIL_TYPES.has(detailType)) return parseConfigMessage(event.detail, source, inner);
  if (detailType === COMPLIANCE_DETAIL_TYPE) return [parseComplianceChange(event.detail, source, inner)];
  const serviceEvent = parseServiceEvent(detailType, { envelope: value, path: context.path, context: inner }, source);
  if (serviceEvent) return [serviceEvent];
  return [{ ok: 'skipped', source, reason: `EventBridge detail-type "${detailType}" is not an input trailproof evaluates` }];
}

/**
 * An SNS notification (Config's delivery channel topic, or any JSON message): the Message is a
 * JSON string (the AWS Config guide prints it as an object; both are read).
 */
export function parseSnsNotification(value: Record<string, unknown>, source: string, context: EnvelopeContext, dispatch: Dispatch): ParsedInput[] {
  if (value.Type !== 'Notification') {
    return [{ ok: 'skipped', source, reason: `SNS ${String(value.Type)} message is not a notification` }];
  }
  const messagePath = joinPath(context.path, 'Message');
  const message = typeof value.Message === 'string' ? parseJsonString(value.Message, messagePath) : value.Message;
  if (!isRecord(message)) throw new ParseError(messagePath, 'WRONG_TYPE', 'expected a JSON object');
  const topicArn = typeof value.TopicArn === 'string' ? value.TopicArn : undefined;
  const topicAccount = topicArn?.split(':')[4];
  return dispatch(message, source, {
    path: messagePath,
    account: context.account ?? (topicAccount || undefined),
    region: context.region ?? regionFromArn(topicArn),
    time: context.time ?? (typeof value.Timestamp === 'string' ? normalizeTimestamp(value.Timestamp) : undefined),
  });
}

/** True for one record of a Lambda SQS event ({messageId, body, eventSource: "aws:sqs"}). */
export function isSqsRecord(value: unknown): value is { messageId: string; body: string } {
  return isRecord(value) && value.eventSource === 'aws:sqs' && typeof value.body === 'string';
}

/** True for one record of a Lambda SNS event ({EventSource: "aws:sns", Sns: {...}}). */
export function isSnsLambdaRecord(value: unknown): value is { Sns: Record<string, unknown> } {
  return isRecord(value) && value.EventSource === 'aws:sns' && isRecord(value.Sns);
}
