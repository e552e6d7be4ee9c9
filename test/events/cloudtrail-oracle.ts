/**
 * CloudTrail parsing as it was before the hand-written member check (the zod recordSchema, the
 * userIdentity copy on every record, the encodability walk of every unit, the regex and Date for
 * every time), kept only as the oracle the equivalence property compares the faster parser against.
 * Only what the JSON Lines and log-file paths do for a CloudTrail-like unit; the helpers that did
 * not change (mfaOf, failedCallReason, canonicalIdentityKeys, anyTimestamp) are the library's own.
 */
import { z } from 'zod';
import { ParseError } from '../../lib/errors.ts';
import type { TriggerInfo } from '../../lib/model/trigger-info.ts';
import type { ParsedInput } from '../../lib/events/types.ts';
import { identityOf, type CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { canonicalIdentityKeys, failedCallReason, looksLikeCloudTrailRecord, mfaOf } from '../../lib/events/parse-cloudtrail.ts';
import { anyTimestamp, type EnvelopeContext, failed, isRecord, parseWith, requireAccount, requireEncodable, shortHash } from '../../lib/events/parse-common.ts';
import { joinPath } from '../../lib/util/json-path.ts';

const objectOrNull = z.union([z.record(z.string(), z.unknown()), z.null()]).optional();

const recordSchema = z.looseObject({
  eventVersion: z.string().optional(),
  eventID: z.string().min(1).optional(),
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  awsRegion: z.string().min(1).optional(),
  recipientAccountId: z.string().optional(),
  sourceIPAddress: z.string().optional(),
  userAgent: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  readOnly: z.union([z.boolean(), z.string()]).optional(),
  userIdentity: z.record(z.string(), z.unknown()).optional(),
  requestParameters: objectOrNull,
  responseElements: objectOrNull,
  additionalEventData: z.record(z.string(), z.unknown()).optional(),
});

function requireTimestamp(value: unknown, field: string): string {
  if (value === undefined || value === null) throw new ParseError(field, 'MISSING_FIELD');
  const iso = typeof value === 'string' ? anyTimestamp(value) : undefined;
  if (!iso) throw new ParseError(field, 'INVALID_TIME', `expected an ISO 8601 timestamp, got ${JSON.stringify(value).slice(0, 60)}`);
  return iso;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function oldParseCloudTrailRecord(value: unknown, source: string, context: EnvelopeContext): ParsedInput {
  const prefix = context.path;
  const normalizedInput = isRecord(value) && isRecord(value.userIdentity) ? { ...value, userIdentity: canonicalIdentityKeys(value.userIdentity) } : value;
  const parsed = parseWith(recordSchema, normalizedInput, prefix);
  const eventTime = requireTimestamp(parsed.eventTime, joinPath(prefix, 'eventTime'));
  const identity = (parsed.userIdentity ?? {}) as CloudTrailRecord['userIdentity'];
  const region = parsed.awsRegion ?? context.region;
  if (!region) throw new ParseError(joinPath(prefix, 'awsRegion'), 'MISSING_FIELD');
  const account = parsed.recipientAccountId || identity.accountId || context.account;
  requireAccount(account, joinPath(prefix, parsed.recipientAccountId ? 'recipientAccountId' : 'userIdentity.accountId'));
  const record: CloudTrailRecord = {
    ...parsed,
    eventSource: parsed.eventSource,
    eventName: parsed.eventName,
    eventID: parsed.eventID ?? context.eventBridgeId ?? `cloudtrail:${shortHash(JSON.stringify(value))}`,
    eventTime,
    awsRegion: region,
    recipientAccountId: account,
    userIdentity: identity,
  };
  const skipReason = failedCallReason(record);
  if (skipReason) return { ok: 'skipped', source, reason: skipReason };
  const info: TriggerInfo = {
    source: 'cloudtrail', eventId: record.eventID, eventName: record.eventName, actor: identityOf(record).actor,
    sourceIp: record.sourceIPAddress, mfaAuthenticated: mfaOf(record), userAgent: record.userAgent,
  };
  return { ok: true, source, trigger: { kind: 'cloudtrail', info: dropUndefined(info), account, region, observedAt: eventTime, record } };
}

/**
 * What parseInput's parseValue did with one unit that is no container and no envelope: the walk,
 * then the CloudTrail record (or UNKNOWN_SHAPE), any throw as a failed unit.
 */
export function oldParseUnit(value: unknown, source: string, path: string): ParsedInput {
  try {
    if (!isRecord(value)) throw new ParseError(path || '$', 'WRONG_TYPE', `expected a JSON object, got ${value === null ? 'null' : typeof value}`);
    requireEncodable(value, path);
    const partial = ['eventName', 'eventSource', 'eventTime', 'eventID', 'userIdentity'].some((key) => key in value);
    if (looksLikeCloudTrailRecord(value) || partial) return oldParseCloudTrailRecord(value, source, { path });
    throw new ParseError(path || '$', 'UNKNOWN_SHAPE');
  } catch (error) {
    return failed(source, error);
  }
}
