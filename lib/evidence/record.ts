import { hash } from 'node:crypto';
import type { CheckMetadata, Finding, Snapshot } from '../model/check.ts';
import { ParseError } from '../errors.ts';
import { COLLECTOR_VERSION } from '../model/version.ts';
import { canonicalJson } from './canonical.ts';
import { sortNames, sortedJson } from './sorted-json.ts';
import { recordSchemaFor, type UnsignedRecord } from './types.ts';
import { type TriggerInfo } from '../model/trigger-info.ts';

/**
 * The deterministic record id: the first 32 hex characters (128 bits) of SHA-256 over the JCS of
 * `{checkId, resourceId, triggerEventId}`. A retried Lambda, a redelivered SQS message or a
 * re-run CLI produces the same id, so duplicates are recognised and counted once.
 *
 * Pass a resource id that is unique across accounts and regions: buildRecord uses
 * `<account>/<region>/<resource type>/<resource id>`, because one sweep run id spans every account
 * of an Organization and ids such as an account's root user would otherwise collide.
 *
 * @example recordId('3b5f6c1e-...', 'iam-root-mfa', '111122223333/us-east-1/AWS::IAM::User/root')
 */
export function recordId(triggerEventId: string, checkId: string, resourceId: string): string {
  // The JCS of {checkId, resourceId, triggerEventId} written out: its members are in code-unit
  // order already, and a well-formed string serializes in RFC 8785 exactly as JSON.stringify
  // writes it. A lone surrogate takes canonicalJson's path, which refuses it.
  const text = checkId.isWellFormed() && resourceId.isWellFormed() && triggerEventId.isWellFormed()
    ? `{"checkId":${JSON.stringify(checkId)},"resourceId":${JSON.stringify(resourceId)},"triggerEventId":${JSON.stringify(triggerEventId)}}`
    : canonicalJson({ checkId, resourceId, triggerEventId });
  return hash('sha256', text, 'hex').slice(0, 32);
}

/** What the pipeline knows when it turns one finding into one record. */
export interface BuildRecordInput {
  /** The check's metadata.json. */
  metadata: CheckMetadata;
  /** runCheck's result: the verdict plus whether the resource was PHI-scoped. */
  finding: Finding & { phiScoped: boolean };
  /** The snapshot the check evaluated: resource, account and region come from it. */
  snapshot: Pick<Snapshot, 'resource' | 'account' | 'region'>;
  /** The access-event fields of whatever made us look. */
  trigger: TriggerInfo;
  /** When the change happened (eventTime, configurationItemCaptureTime, sweep start). */
  observedAt: Date | string;
  /** When this record was made; defaults to now. */
  collectedAt?: Date | string;
  /** The Lambda or CLI command that made the record, e.g. `cloudtrail-event`, `cli`. */
  collectorFunction: string;
  /** Defaults to COLLECTOR_VERSION (lib/model/version.ts). */
  collectorVersion?: string;
}

/** The last time normalised per field: a trigger's records share observedAt and collectedAt, so most calls hit it. */
const lastTimes = new Map<string, { value: string; iso: string }>();

function isoTime(field: string, value: Date | string): string {
  const last = typeof value === 'string' ? lastTimes.get(field) : undefined;
  if (last?.value === value) return last.iso;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new ParseError(field, 'INVALID_TIME', `got ${String(value)}`);
  const iso = date.toISOString();
  if (typeof value === 'string') lastTimes.set(field, { value, iso });
  return iso;
}

/**
 * The RFC 8785 text of each record buildRecord made, when `JSON.stringify` of the record is that
 * text (see buildRecord). Weak: an entry goes with its record.
 */
const canonicalTexts = new WeakMap<UnsignedRecord, string>();

/**
 * The RFC 8785 text of a record as buildRecord made it (integrity excluded: it has none), or
 * undefined when the record was made elsewhere, holds what only the full canonicalizer handles,
 * or its text was taken before. The writer hashes and stores this text, so it is exactly what
 * buildRecord returned.
 *
 * @example const text = builtCanonicalText(record) ?? canonicalText(record);
 */
export function builtCanonicalText(record: UnsignedRecord): string | undefined {
  const text = canonicalTexts.get(record);
  // Taken once (the writer's): a weak entry would keep its text until the next full collection.
  canonicalTexts.delete(record);
  return text;
}

/** A well-formed string: JSON.stringify writes it exactly as RFC 8785 does. */
function isText(value: unknown): value is string {
  return typeof value === 'string' && value.isWellFormed();
}

/** A flat object's defined members in code-unit order; `plain` turns false when a value is not a well-formed string or a boolean. */
function sortedFlat<T extends object>(value: T, state: { plain: boolean }): T {
  const names = Object.keys(value);
  sortNames(names);
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const member = (value as Record<string, unknown>)[name];
    if (member === undefined) continue;
    if (typeof member === 'string' ? !member.isWellFormed() : typeof member !== 'boolean') state.plain = false;
    out[name] = member;
  }
  return out as T;
}

/**
 * Assembles an unsigned evidence record from a check's metadata, its finding and the trigger.
 * Times are normalised to ISO 8601 UTC with milliseconds, `observed` is passed through JSON once
 * (SDK Dates become strings, undefined members disappear) so the signed canonical bytes are exactly
 * what a reader of the stored JSON recomputes.
 *
 * Every member, at every depth, is written in RFC 8785 order (UTF-16 code units), so that
 * `JSON.stringify(record)` is the record's RFC 8785 text unless a string holds a lone surrogate or
 * an observed member name starts with a digit (sortedJson): that text is kept for the writer
 * (builtCanonicalText), which then never runs the general canonicalizer over the record.
 *
 * @throws ParseError naming `observedAt` or `collectedAt` when a time is invalid.
 * @example
 * const finding = runCheck(check, snapshot, settings);
 * const unsigned = buildRecord({ metadata: check.metadata, finding, snapshot, trigger: trigger.info,
 *   observedAt: trigger.observedAt, collectorFunction: 'cloudtrail-event' });
 */
export function buildRecord(input: BuildRecordInput): UnsignedRecord {
  const { metadata, finding, snapshot } = input;
  const { resource } = snapshot;
  const qualifiedResource = `${snapshot.account}/${snapshot.region}/${resource.type}/${resource.id}`;
  const observedAt = isoTime('observedAt', input.observedAt);
  const collectedAt = isoTime('collectedAt', input.collectedAt ?? new Date());
  const observed = sortedJson(finding.observed ?? {});
  const state = { plain: observed.canonical };
  const trigger = sortedFlat({ ...input.trigger }, state);
  // The resource's members are named in code-unit order already: only their values need looking at.
  if (!isText(resource.id) || !isText(resource.type) || (resource.arn !== undefined && !isText(resource.arn))) state.plain = false;
  // Members in code-unit order, each object too: JSON.stringify of this object is its RFC 8785 text.
  const record: UnsignedRecord = {
    account: snapshot.account,
    check: { family: metadata.family, id: metadata.id, severity: metadata.severity, title: metadata.title },
    collectedAt,
    collector: { function: input.collectorFunction, name: 'trailproof', version: input.collectorVersion ?? COLLECTOR_VERSION },
    controls: { hipaa: [...metadata.hipaa], hipaaProposed: [...metadata.hipaaProposed] },
    id: recordId(trigger.eventId, metadata.id, qualifiedResource),
    observed: observed.value as Record<string, unknown>,
    observedAt,
    reason: finding.reason,
    region: snapshot.region,
    resource: { ...(resource.arn === undefined ? {} : { arn: resource.arn }), id: resource.id, phiScoped: finding.phiScoped, type: resource.type },
    result: finding.result,
    schema: recordSchemaFor(metadata.family),
    trigger,
  };
  const plain = state.plain && typeof finding.phiScoped === 'boolean' && isText(record.account) && isText(record.region) && isText(record.reason)
    && isText(record.collector.function) && isText(record.collector.version) && isText(metadata.id) && isText(metadata.title) && isText(metadata.family)
    && isText(metadata.severity) && record.controls.hipaa.every(isText) && record.controls.hipaaProposed.every(isText);
  if (plain) {
    canonicalTexts.set(record, JSON.stringify(record));
  }
  return record;
}
