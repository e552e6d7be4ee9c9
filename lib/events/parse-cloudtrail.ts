import { z } from 'zod';
import { ParseError } from '../errors.ts';
import type { TriggerInfo } from '../model/trigger-info.ts';
import type { ParsedInput } from './types.ts';
import { identityOf, type CloudTrailRecord } from '../model/cloudtrail.ts';
import { type EnvelopeContext, isRecord, parseWith, requireTimestamp, shortHash, requireAccount } from './parse-common.ts';
import { joinPath } from '../util/json-path.ts';

/** True when a JSON object looks like a CloudTrail record (rather than an envelope or a Config item). */
export function looksLikeCloudTrailRecord(value: Record<string, unknown>): boolean {
  return typeof value.eventName === 'string' && (typeof value.eventSource === 'string' || 'userIdentity' in value || 'eventVersion' in value);
}

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

/** The camelCase keys CloudTrail uses inside userIdentity; some pipelines lower-case them. */
const IDENTITY_KEYS = [
  'type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'invokedBy', 'identityProvider',
  'sessionContext', 'attributes', 'mfaAuthenticated', 'creationDate', 'sessionIssuer', 'webIdFederationData',
  'sourceIdentity', 'ec2RoleDelivery', 'onBehalfOf', 'credentialId', 'inScopeOf',
];
const CANONICAL_KEY = new Map(IDENTITY_KEYS.map((key) => [key.toLowerCase(), key]));

/** Restore CloudTrail's key case in userIdentity (Panther stores `principalid`, `sessioncontext`, ...). */
function canonicalIdentityKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalIdentityKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [CANONICAL_KEY.get(key.toLowerCase()) ?? key, canonicalIdentityKeys(inner)]),
  );
}

/**
 * Whether the caller used MFA: for console sign-ins additionalEventData.MFAUsed, for API calls the
 * session's mfaAuthenticated attribute. Undefined when the record does not say.
 */
function mfaOf(record: CloudTrailRecord): boolean | undefined {
  const used = record.additionalEventData?.MFAUsed;
  if (record.eventName === 'ConsoleLogin' && typeof used === 'string') return used.toLowerCase() === 'yes';
  const attribute = record.userIdentity.sessionContext?.attributes?.mfaAuthenticated;
  if (typeof attribute === 'string') return attribute.toLowerCase() === 'true';
  if (typeof used === 'string') return used.toLowerCase() === 'yes';
  return undefined;
}

/** Failed calls changed nothing, except what the sign-in and root-activity checks evaluate anyway. */
function failedCallReason(record: CloudTrailRecord): string | undefined {
  if (!record.errorCode) return undefined;
  if (record.eventName === 'ConsoleLogin' || record.userIdentity.type === 'Root') return undefined;
  return `call failed (${record.errorCode}): no change to evaluate`;
}

/**
 * Parse one CloudTrail record (bare, in a log file, in JSON Lines or as an EventBridge `detail`)
 * into a cloudtrail trigger. Account and region come from the envelope when the record lacks them.
 *
 * @example
 * parseCloudTrailRecord(JSON.parse(line), 'events.jsonl:3', { path: '' })
 */
export function parseCloudTrailRecord(value: unknown, source: string, context: EnvelopeContext): ParsedInput {
  const prefix = context.path;
  const normalizedInput = isRecord(value) && isRecord(value.userIdentity)
    ? { ...value, userIdentity: canonicalIdentityKeys(value.userIdentity) }
    : value;
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
    // A record without eventID (partial exports) still needs a stable id so its evidence dedupes.
    eventID: parsed.eventID ?? context.eventBridgeId ?? `cloudtrail:${shortHash(JSON.stringify(value))}`,
    eventTime,
    awsRegion: region,
    recipientAccountId: account,
    userIdentity: identity,
  };
  const skipReason = failedCallReason(record);
  if (skipReason) return { ok: 'skipped', source, reason: skipReason };

  const info: TriggerInfo = {
    source: 'cloudtrail',
    eventId: record.eventID,
    eventName: record.eventName,
    actor: identityOf(record).actor,
    sourceIp: record.sourceIPAddress,
    mfaAuthenticated: mfaOf(record),
    userAgent: record.userAgent,
  };
  return { ok: true, source, trigger: { kind: 'cloudtrail', info: dropUndefined(info), account, region, observedAt: eventTime, record } };
}

/** Records are canonicalized (RFC 8785) later: undefined members are noise there. */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
