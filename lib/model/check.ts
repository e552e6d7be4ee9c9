import { DEFAULT_NUMERIC_SETTINGS, type NumericSettingName, type NumericSettings } from './settings.ts';
/**
 * The check contract. A check is pure: it turns one resource snapshot into exactly one finding.
 * Everything a deploy config, a router or a report needs to know about a check is in its
 * metadata.json, never repeated elsewhere.
 */

/** The four results, in report order. The record and metadata JSON Schemas hold the same lists; a test keeps them equal. */
export const RESULTS = ['pass', 'fail', 'not_applicable', 'error'] as const;
export type Result = (typeof RESULTS)[number];
/** Check families, in report order. */
export const FAMILIES = ['mfa', 'encryption-at-rest', 'encryption-in-transit', 'segmentation', 'logging', 'credentials', 'backup', 'detection'] as const;
export type Family = (typeof FAMILIES)[number];
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A CloudTrail trigger: the events of one service that can change what a check looks at. */
export interface CloudTrailTrigger {
  /** e.g. "s3.amazonaws.com", "signin.amazonaws.com"; "*" matches any service. */
  eventSource: string;
  /** e.g. ["PutBucketEncryption"]; ["*"] matches any event of the source. */
  eventNames: string[];
  /** Only events by these userIdentity.type values, e.g. ["Root"]. */
  userIdentityTypes?: string[];
  /**
   * For events that remove what they name (DeleteFlowLogs names a flow log, DisassociateRouteTable
   * an association, the account's Block Public Access no bucket): when the event names none of the
   * check's resources, every resource of the check's kind it can have affected is re-evaluated, in
   * the event's region or across the account, up to a bound per event. A check of scope "phi"
   * records only the PHI-scoped ones then.
   */
  fanOut?: FanOutScope;
}

/** Where a fan-out looks: the event's region, or every region of the account the kind lists. */
export type FanOutScope = 'region' | 'account';

/**
 * An EventBridge trigger for service events that are not CloudTrail records (AWS Backup's
 * "Restore Job State Change"). Such an event is about a job, not a resource: every resource of the
 * check's kind in the event's region is re-evaluated, up to the fan-out bound.
 */
export interface EventBridgeTrigger {
  /** The event's `source`, e.g. "aws.backup". */
  source: string;
  /** Its `detail-type` values, e.g. ["Restore Job State Change"]. */
  detailTypes: string[];
}

export interface CheckMetadata {
  id: string;
  family: Family;
  title: string;
  severity: Severity;
  /** CloudFormation / Config resource type of what the finding is about, e.g. "AWS::S3::Bucket". */
  resourceType: string;
  /** Which collector snapshot the check reads (see lib/collectors/kinds.ts). */
  snapshotKind: string;
  /** "phi": the check only applies to PHI-scoped resources (others get not_applicable). */
  scope: 'all' | 'phi';
  triggers: {
    cloudtrail: CloudTrailTrigger[];
    /** Config resource types whose configuration items this check evaluates. */
    configResourceTypes: string[];
    /** Evaluated by the daily sweep. Event-only checks (sign-ins) say false. */
    sweep: boolean;
    /** Service events delivered by EventBridge that are not CloudTrail records. */
    eventbridge?: EventBridgeTrigger[];
  };
  /** The IAM read actions the collector makes for this check, by what they are for. */
  reads: CheckReads;
  hipaa: string[];
  hipaaProposed: string[];
  /**
   * AWS Config managed rules (identifiers) that evaluate this check's condition: their compliance
   * change is recorded as this check's verdict, so a rule is listed only when its COMPLIANT and
   * NON_COMPLIANT mean this check's pass and fail for the resource it names (default parameters;
   * PHI scope unknown, so judged by the stricter rule). A related rule that judges less or more is
   * not listed.
   */
  configRules: string[];
  /** The numeric settings the verdict is judged against (lib/model/settings.ts); records state their values. */
  settings?: NumericSettingName[];
  rationale: string;
  remediation: string;
}

/**
 * The reads behind a check, written once: the IAM policies grant their union, the collector makes
 * only the reads of the checks at hand, and runCheck knows which failures change the verdict.
 */
interface CheckReads {
  /**
   * Reads whose answer can change the verdict: when one fails the record is `error`. The one
   * exception is the tag read: unreadable tags make PHI scope unknown, and runCheck judges the
   * resource by the stricter PHI-scoped rule instead.
   */
  decide: string[];
  /**
   * Reads that only add to the record (tags when PHI scope cannot change the verdict, names, key
   * aliases, the default key id): when one fails the verdict stands and `observed.unreadable`
   * says what could not be read.
   */
  enrich: string[];
}

/** Every IAM read action a check declares, deciding reads first: what its collector role needs. */
export function declaredReads(metadata: Pick<CheckMetadata, 'reads'>): string[] {
  return [...metadata.reads.decide, ...metadata.reads.enrich];
}

/** The reads a set of checks declares: what a collector serving them all must make (CollectContext.reads). */
export function readsOfChecks(checks: readonly { metadata: Pick<CheckMetadata, 'reads'> }[]): ReadonlySet<string> {
  return new Set(checks.flatMap((check) => declaredReads(check.metadata)));
}

/** Where the tag-based PHI scope and other knobs come from; the numeric ones are lib/model/settings.ts. */
export interface Settings extends NumericSettings {
  phiTagKey: string;
  phiTagValues: string[];
  /** Ports that must never be open to the internet (ssh, rdp, databases). */
  adminPorts: number[];
  /** Minimum TLS for ELBv2 listener policies. */
  minTlsVersion: '1.2' | '1.3';
}

export const DEFAULT_SETTINGS: Settings = {
  phiTagKey: 'data-classification',
  phiTagValues: ['ephi', 'phi'],
  adminPorts: [22, 3389, 1433, 1521, 3306, 5432, 5439, 6379, 9200, 11211, 27017],
  minTlsVersion: '1.2',
  ...DEFAULT_NUMERIC_SETTINGS,
};

export interface ResourceRef {
  type: string;
  id: string;
  arn?: string;
}

/**
 * Why a read failed, as a stable code: what error records carry (`observed.error.code`), what
 * auditors filter on and what reason texts are made from. Each code says how it reads in a reason.
 */
const READ_ERROR_CODES = {
  ACCESS_DENIED: 'was denied',
  NOT_FOUND: 'found no such resource',
  THROTTLED: 'was throttled',
  TIMEOUT: 'timed out',
  MISSING_RECORDING: 'has no recorded response',
  MALFORMED_RESPONSE: 'returned an answer that could not be read',
  OTHER: 'failed',
} as const satisfies Record<string, string>;

export type ReadErrorCode = keyof typeof READ_ERROR_CODES;

/** A failed read: the API operation, its stable code, and the service's own error name and text. */
export interface ReadError {
  operation: string;
  code: ReadErrorCode;
  /** The service's error code as thrown (AccessDenied, UnauthorizedOperation, NoSuchEntity, ...). */
  name: string;
  message: string;
}

/**
 * The reason text of a failed read, made from its code; `subject` says what it was about.
 *
 * @example readErrorReason(error, 'bucket scans') // "ACCESS_DENIED: GetBucketPolicy was denied for bucket scans (AccessDenied: Access Denied)"
 */
export function readErrorReason(error: ReadError, subject?: string): string {
  const about = subject ? ` for ${subject}` : '';
  return `${error.code}: ${error.operation} ${READ_ERROR_CODES[error.code]}${about} (${error.name}: ${error.message})`;
}

/** What a collector (or a Config item, or the event itself) says about one resource. */
export interface Snapshot<S = unknown> {
  kind: string;
  resource: ResourceRef;
  account: string;
  region: string;
  /** Resource tags when known; PHI scope is decided on them (runCheck). */
  tags?: Record<string, string>;
  /**
   * The tag read failed (`tags` then holds only what is known, if anything): unless the known tags
   * already decide, PHI scope is unknown and runCheck judges a scope-dependent verdict by the
   * stricter PHI-scoped rule.
   */
  tagsError?: ReadError;
  /** Undefined when a deciding read failed (then `error` says why) or the resource is deleted. */
  state?: S;
  /** A read the verdict rests on failed: the finding is `error`. */
  error?: ReadError;
  /**
   * Reads that only enrich the record and failed (names, key aliases, the default key id): the
   * verdict stands, and the record lists them in `observed.unreadable`.
   */
  unreadable?: ReadError[];
  deleted?: boolean;
  source: 'api' | 'config-item' | 'event';
}

/** The verdict of one check on one resource. */
export interface Finding {
  result: Result;
  reason: string;
  /** The facts the verdict rests on, small and readable. */
  observed: Record<string, unknown>;
}

/** A check body: only called with a present state; error/deleted/scope are handled by runCheck. */
export interface Check<S = unknown> {
  metadata: CheckMetadata;
  /** `now`: the time the verdict is judged at (the record's collectedAt), for checks of age and freshness. */
  evaluate(state: S, context: { snapshot: Snapshot<S>; settings: Settings; phiScoped: boolean; now: Date }): Finding;
}
