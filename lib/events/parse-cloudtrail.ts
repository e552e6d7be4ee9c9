import { ParseError } from '../errors.ts';
import type { TriggerInfo } from '../model/trigger-info.ts';
import type { ParsedInput } from './types.ts';
import { identityOf, type CloudTrailRecord } from '../model/cloudtrail.ts';
import { type EnvelopeContext, isRecord, requireTimestamp, shortHash, requireAccount } from './parse-common.ts';
import { checkCloudTrailMembers } from './cloudtrail-members.ts';
import { joinPath } from '../util/json-path.ts';

/** True when a JSON object looks like a CloudTrail record (rather than an envelope or a Config item). */
export function looksLikeCloudTrailRecord(value: Record<string, unknown>): boolean {
  return typeof value.eventName === 'string' && (typeof value.eventSource === 'string' || 'userIdentity' in value || 'eventVersion' in value);
}

/** The camelCase keys CloudTrail uses inside userIdentity; some pipelines lower-case them. */
const IDENTITY_KEYS = [
  'type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'invokedBy', 'identityProvider',
  'sessionContext', 'attributes', 'mfaAuthenticated', 'creationDate', 'sessionIssuer', 'webIdFederationData',
  'sourceIdentity', 'ec2RoleDelivery', 'onBehalfOf', 'credentialId', 'inScopeOf',
];
const CANONICAL_KEY = new Map(IDENTITY_KEYS.map((key) => [key.toLowerCase(), key]));
const IDENTITY_KEY_SET = new Set(IDENTITY_KEYS);

/** Restore CloudTrail's key case in userIdentity (Panther stores `principalid`, `sessioncontext`, ...): a deep copy. */
export function canonicalIdentityKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalIdentityKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [CANONICAL_KEY.get(key.toLowerCase()) ?? key, canonicalIdentityKeys(inner)]),
  );
}

/**
 * Whether canonicalIdentityKeys would rename a key anywhere in `value`. Most records carry
 * CloudTrail's own case, and then its copy would equal the original: checking first spares the copy.
 */
function hasMiscasedIdentityKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasMiscasedIdentityKey);
  if (!isRecord(value)) return false;
  for (const key of Object.keys(value)) {
    if (!IDENTITY_KEY_SET.has(key)) {
      const canonical = CANONICAL_KEY.get(key.toLowerCase());
      if (canonical !== undefined && canonical !== key) return true;
    }
    if (hasMiscasedIdentityKey(value[key])) return true;
  }
  return false;
}

/**
 * Whether the caller used MFA: for console sign-ins additionalEventData.MFAUsed, for API calls the
 * session's mfaAuthenticated attribute. Undefined when the record does not say.
 */
export function mfaOf(record: CloudTrailRecord): boolean | undefined {
  const used = record.additionalEventData?.MFAUsed;
  if (record.eventName === 'ConsoleLogin' && typeof used === 'string') return used.toLowerCase() === 'yes';
  const attribute = record.userIdentity.sessionContext?.attributes?.mfaAuthenticated;
  if (typeof attribute === 'string') return attribute.toLowerCase() === 'true';
  if (typeof used === 'string') return used.toLowerCase() === 'yes';
  return undefined;
}

/** Failed calls changed nothing, except what the sign-in and root-activity checks evaluate anyway. */
export function failedCallReason(record: CloudTrailRecord): string | undefined {
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
  // A new object (declared members first): the record is filled in below rather than copied again.
  const parsed = checkCloudTrailMembers(value, prefix);
  if (parsed.userIdentity !== undefined && hasMiscasedIdentityKey(parsed.userIdentity)) {
    parsed.userIdentity = canonicalIdentityKeys(parsed.userIdentity) as Record<string, unknown>;
  }
  const eventTime = requireTimestamp(parsed.eventTime, joinPath(prefix, 'eventTime'));
  const identity = (parsed.userIdentity ?? {}) as CloudTrailRecord['userIdentity'];
  const region = parsed.awsRegion ?? context.region;
  if (!region) throw new ParseError(joinPath(prefix, 'awsRegion'), 'MISSING_FIELD');
  const account = parsed.recipientAccountId || identity.accountId || context.account;
  requireAccount(account, joinPath(prefix, parsed.recipientAccountId ? 'recipientAccountId' : 'userIdentity.accountId'));

  // Assigned in the order the members were once spread in, so the record's key order is unchanged.
  const record = parsed as CloudTrailRecord;
  // A record without eventID (partial exports) still needs a stable id so its evidence dedupes.
  record.eventID = parsed.eventID ?? context.eventBridgeId ?? `cloudtrail:${shortHash(JSON.stringify(value))}`;
  record.eventTime = eventTime;
  record.awsRegion = region;
  record.recipientAccountId = account;
  record.userIdentity = identity;
  const skipReason = failedCallReason(record);
  if (skipReason) return { ok: 'skipped', source, reason: skipReason };

  // Built without undefined members (records are canonicalized later, where they are noise), in TriggerInfo's order.
  const info: TriggerInfo = { source: 'cloudtrail', eventId: record.eventID, eventName: record.eventName, actor: identityOf(record).actor };
  if (record.sourceIPAddress !== undefined) info.sourceIp = record.sourceIPAddress;
  const mfaAuthenticated = mfaOf(record);
  if (mfaAuthenticated !== undefined) info.mfaAuthenticated = mfaAuthenticated;
  if (record.userAgent !== undefined) info.userAgent = record.userAgent;
  return { ok: true, source, trigger: { kind: 'cloudtrail', info, account, region, observedAt: eventTime, record } };
}

/**
 * A copy without the undefined members: records are canonicalized (RFC 8785) later, where they are
 * noise. A plain loop: Object.entries/fromEntries made two arrays per member on a hot path.
 */
export function dropUndefined<T extends object>(value: T): T {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner === undefined) continue;
    // Assigning `__proto__` would set the prototype; fromEntries defined it as a member.
    if (key === '__proto__') Object.defineProperty(kept, key, { value: inner, enumerable: true, writable: true, configurable: true });
    else kept[key] = inner;
  }
  return kept as T;
}
