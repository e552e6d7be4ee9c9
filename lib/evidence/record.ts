import { hash } from 'node:crypto';
import type { CheckMetadata, Finding, Snapshot } from '../model/check.ts';
import { ParseError } from '../errors.ts';
import { COLLECTOR_VERSION } from '../model/version.ts';
import { canonicalJson } from './canonical.ts';
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

/** Leaves out undefined members, which JSON would drop anyway, so what is validated is what is stored. */
function defined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if ((value as Record<string, unknown>)[key] !== undefined) out[key] = (value as Record<string, unknown>)[key];
  return out as T;
}

/**
 * Assembles an unsigned evidence record from a check's metadata, its finding and the trigger.
 * Times are normalised to ISO 8601 UTC with milliseconds, `observed` is passed through JSON once
 * (SDK Dates become strings, undefined members disappear) so the signed canonical bytes are exactly
 * what a reader of the stored JSON recomputes.
 *
 * @throws ParseError naming `observedAt` or `collectedAt` when a time is invalid.
 * @example
 * const finding = runCheck(check, snapshot, settings);
 * const unsigned = buildRecord({ metadata: check.metadata, finding, snapshot, trigger: trigger.info,
 *   observedAt: trigger.observedAt, collectorFunction: 'cloudtrail-event' });
 */
export function buildRecord(input: BuildRecordInput): UnsignedRecord {
  const { metadata, finding, snapshot, trigger } = input;
  const { resource } = snapshot;
  const qualifiedResource = `${snapshot.account}/${snapshot.region}/${resource.type}/${resource.id}`;
  return {
    schema: recordSchemaFor(metadata.family),
    id: recordId(trigger.eventId, metadata.id, qualifiedResource),
    check: { id: metadata.id, family: metadata.family, title: metadata.title, severity: metadata.severity },
    controls: { hipaa: [...metadata.hipaa], hipaaProposed: [...metadata.hipaaProposed] },
    result: finding.result,
    reason: finding.reason,
    resource: defined({ type: resource.type, id: resource.id, arn: resource.arn, phiScoped: finding.phiScoped }),
    account: snapshot.account,
    region: snapshot.region,
    observedAt: isoTime('observedAt', input.observedAt),
    collectedAt: isoTime('collectedAt', input.collectedAt ?? new Date()),
    trigger: defined({ ...trigger }),
    observed: JSON.parse(JSON.stringify(finding.observed ?? {})) as Record<string, unknown>,
    collector: { name: 'trailproof', version: input.collectorVersion ?? COLLECTOR_VERSION, function: input.collectorFunction },
  };
}
