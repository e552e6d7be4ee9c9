import { z } from 'zod';
import { ParseError } from '../errors.ts';
import type { ConfigItem } from '../model/config-item.ts';
import { type EnvelopeContext, isRecord, parseWith, regionFromArn, requireEncodable, requireTimestamp, requireAccount } from './parse-common.ts';
import { joinPath } from '../util/json-path.ts';

/** True when a JSON object is a configuration item (any of Config's shapes) on its own. */
export function looksLikeConfigItem(value: Record<string, unknown>): boolean {
  return typeof value.resourceType === 'string' && 'configurationItemCaptureTime' in value;
}

const itemSchema = z.looseObject({
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  resourceName: z.string().nullish(),
  configurationItemStatus: z.string().min(1),
  ARN: z.string().nullish(),
  arn: z.string().nullish(),
  awsAccountId: z.string().nullish(),
  accountId: z.string().nullish(),
  awsRegion: z.string().nullish(),
  availabilityZone: z.string().nullish(),
  configuration: z.unknown().optional(),
  supplementaryConfiguration: z.record(z.string(), z.unknown()).nullish(),
  tags: z.unknown().optional(),
});

/**
 * Decode a value Config may have serialized: the API shape stores `configuration` and every
 * supplementaryConfiguration value as a JSON string, sometimes twice (S3 AccessControlList).
 * Text that is not JSON stays text.
 */
function decodeJsonValue(value: unknown, depth = 2): unknown {
  if (typeof value !== 'string' || depth === 0) return value;
  const trimmed = value.trim();
  if (!/^[[{"]|^(true|false|null|-?\d)/.test(trimmed)) return value;
  try {
    return decodeJsonValue(JSON.parse(trimmed), depth - 1);
  } catch {
    return value;
  }
}

/** Tags as Config writes them: an object, or a list of {key, value} / {Key, Value}. */
function normalizeTags(value: unknown, field: string): Record<string, string> | undefined {
  const decoded = decodeJsonValue(value);
  if (decoded === undefined || decoded === null) return undefined;
  if (Array.isArray(decoded)) {
    const tags: Record<string, string> = {};
    decoded.forEach((entry, index) => {
      const key = isRecord(entry) ? (entry.key ?? entry.Key) : undefined;
      if (typeof key !== 'string') throw new ParseError(`${field}[${index}].key`, 'WRONG_TYPE', 'expected a tag key string');
      const tagValue = isRecord(entry) ? (entry.value ?? entry.Value) : undefined;
      tags[key] = tagValue === undefined || tagValue === null ? '' : String(tagValue);
    });
    return tags;
  }
  if (isRecord(decoded)) {
    return Object.fromEntries(Object.entries(decoded).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
  }
  throw new ParseError(field, 'WRONG_TYPE', 'expected tags as an object or a list of {key, value}');
}

/** "us-east-1b" -> "us-east-1"; Config writes "Not Applicable", "Regional", ... for others. */
function regionFromZone(zone: string | null | undefined): string | undefined {
  return zone && /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/.test(zone) ? zone.slice(0, -1) : undefined;
}

/**
 * Normalize a configuration item from any of Config's shapes into a ConfigItem: EventBridge/SNS and
 * custom-rule items (`ARN`, `awsAccountId`, `configuration` object), the API shape (`arn`,
 * `accountId`, `configuration` as a JSON string), and 1.0-1.2 items. Account and region fall back to
 * the envelope, then to the ARN or availability zone.
 *
 * @example
 * const item = normalizeConfigItem(detail.configurationItem, { path: 'detail.configurationItem', region: 'us-east-1' });
 */
export function normalizeConfigItem(value: unknown, context: EnvelopeContext): ConfigItem {
  const prefix = context.path;
  const raw = parseWith(itemSchema, value, prefix);
  const arn = raw.ARN ?? raw.arn ?? undefined;
  const awsAccountId = raw.awsAccountId ?? raw.accountId ?? context.account;
  requireAccount(awsAccountId, joinPath(prefix, 'awsAccountId'));
  const awsRegion = raw.awsRegion ?? context.region ?? regionFromArn(arn) ?? regionFromZone(raw.availabilityZone);
  if (!awsRegion) throw new ParseError(joinPath(prefix, 'awsRegion'), 'MISSING_FIELD');

  const configuration = decodeJsonValue(raw.configuration);
  if (configuration !== undefined && configuration !== null && !isRecord(configuration)) {
    throw new ParseError(joinPath(prefix, 'configuration'), 'WRONG_TYPE', 'expected an object, a JSON string of one, or null');
  }
  const supplementaryConfiguration = Object.fromEntries(
    Object.entries(raw.supplementaryConfiguration ?? {}).map(([key, inner]) => [key, decodeJsonValue(inner)]),
  );
  const tags =
    normalizeTags(raw.tags, joinPath(prefix, 'tags')) ??
    normalizeTags(supplementaryConfiguration.Tags, joinPath(prefix, 'supplementaryConfiguration.Tags')) ??
    {};
  // The members Config sends as JSON strings hold their escapes until decoded here.
  requireEncodable({ configuration, supplementaryConfiguration, tags }, prefix);

  const item: ConfigItem = {
    resourceType: raw.resourceType,
    resourceId: raw.resourceId,
    awsAccountId,
    awsRegion,
    configurationItemStatus: raw.configurationItemStatus,
    configurationItemCaptureTime: requireTimestamp(raw.configurationItemCaptureTime, joinPath(prefix, 'configurationItemCaptureTime')),
    configuration: (configuration as Record<string, unknown> | undefined) ?? null,
    supplementaryConfiguration,
    tags,
  };
  if (raw.resourceName) item.resourceName = raw.resourceName;
  if (arn) item.arn = arn;
  return item;
}

/** The trigger id of a configuration item: the same item seen through SNS or EventBridge dedupes. */
export function configItemEventId(resourceType: string, resourceId: string, captureTime: string): string {
  return `config:${resourceType}:${resourceId}:${captureTime}`;
}
