import type { Result, Severity } from '../model/check.ts';
import { COLLECTOR_VERSION } from '../model/version.ts';
import { resourceKey } from './model.ts';
import { isUnconfirmed } from '../model/hipaa.ts';
import type { ReportEntry, ReportModel } from './model-types.ts';

/**
 * The records of a report as OCSF 1.3.0 Compliance Finding events (class 2003), one JSON object per
 * line, for SIEMs and security lakes (Security Lake, Splunk, Sentinel all read OCSF). 1.3.0 is the
 * version this output follows: the class's `resources` array (which we emit) arrived in 1.3.0,
 * deprecating its single `resource` (ocsf-schema events/findings/compliance_finding.json).
 */

const OCSF_VERSION = '1.3.0';
const HIPAA_STANDARD = 'HIPAA Security Rule 45 CFR 164.312';
const CLASS_UID = 2003;
const CATEGORY_UID = 2;

/** OCSF severity ids: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
const SEVERITY: Record<Severity, { id: number; name: string }> = {
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

/** OCSF compliance status ids: 0 Unknown, 1 Pass, 2 Warning, 3 Fail, 99 Other. */
const COMPLIANCE: Record<Result, { id: number; name: string }> = {
  pass: { id: 1, name: 'Pass' },
  fail: { id: 3, name: 'Fail' },
  // An error means nobody knows: Unknown, with the reason in status_detail.
  error: { id: 0, name: 'Unknown' },
  not_applicable: { id: 99, name: 'Not Applicable' },
};

const failing = (r: Result): boolean => r === 'fail' || r === 'error';

function ms(text: string | undefined, fallback: number): number {
  const t = Date.parse(text ?? '');
  return Number.isNaN(t) ? fallback : t;
}

/** `aws`, `aws-cn` or `aws-us-gov`, from an ARN; undefined without one. */
function partition(arn: string | undefined): string | undefined {
  return arn?.startsWith('arn:') ? arn.split(':')[1] || undefined : undefined;
}

/**
 * One OCSF Compliance Finding for one record. `previous` is the result of the same resource's
 * previous record in the output (undefined for its first), which makes this a Create or an Update
 * and lets a pass after a failure say Resolved.
 */
export function ocsfFinding(entry: ReportEntry, previous: Result | undefined, generatedAtMs: number): Record<string, unknown> {
  const r = entry.record;
  const activityId = previous === undefined ? 1 : 2;
  // A passing finding is informational whatever the check's severity: as Security Hub does, so a
  // SIEM does not page anyone for a control that holds.
  const severity = failing(r.result) ? (SEVERITY[r.check.severity] ?? { id: 0, name: 'Unknown' }) : { id: 1, name: 'Informational' };
  // An excepted fail is Suppressed (reviewed and accepted), never dropped: its compliance status stays Fail.
  const status = entry.exception
    ? { id: 3, name: 'Suppressed' }
    : failing(r.result)
      ? { id: 1, name: 'New' }
      : previous !== undefined && failing(previous)
        ? { id: 4, name: 'Resolved' }
        : { id: 99, name: r.result === 'pass' ? 'Compliant' : 'Not Applicable' };
  const compliance = COMPLIANCE[r.result] ?? { id: 99, name: String(r.result) };
  const cloudPartition = partition(r.resource.arn);
  const unconfirmed = (r.controls?.hipaaProposed ?? []).filter((c) => isUnconfirmed(c, 'proposed'));
  return {
    activity_id: activityId,
    activity_name: activityId === 1 ? 'Create' : 'Update',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: CLASS_UID * 100 + activityId,
    type_name: `Compliance Finding: ${activityId === 1 ? 'Create' : 'Update'}`,
    time: ms(r.observedAt, generatedAtMs),
    severity_id: severity.id,
    severity: severity.name,
    status_id: status.id,
    status: status.name,
    status_code: r.result.toUpperCase(),
    message: r.reason,
    compliance: {
      standards: [HIPAA_STANDARD],
      requirements: [...(r.controls?.hipaa ?? [])],
      control: r.check.id,
      status_id: compliance.id,
      status: compliance.name,
      status_detail: r.reason,
    },
    finding_info: {
      uid: r.id,
      title: r.check.title,
      desc: r.reason,
      created_time: ms(r.collectedAt, generatedAtMs),
      types: [r.check.family],
    },
    resources: [
      {
        uid: r.resource.arn ?? r.resource.id,
        name: r.resource.id,
        type: r.resource.type,
        region: r.region,
        ...(cloudPartition ? { cloud_partition: cloudPartition } : {}),
        labels: r.resource.phiScoped ? ['phi-scoped'] : [],
      },
    ],
    cloud: { provider: 'AWS', account: { uid: r.account, type: 'AWS Account', type_id: 10 }, region: r.region },
    metadata: {
      uid: r.id,
      version: OCSF_VERSION,
      product: { name: 'trailproof', vendor_name: 'trailproof', version: COLLECTOR_VERSION },
      profiles: ['cloud'],
    },
    // What OCSF has no place for but an auditor needs: the 2025 proposed citations (and which of
    // them are unconfirmed paragraph numbers), who did it, whether the signed record verified, the
    // exception a suppressed fail is excepted by, and whether the resource's evidence is stale.
    unmapped: {
      hipaa_proposed: [...(r.controls?.hipaaProposed ?? [])],
      ...(unconfirmed.length > 0 ? { hipaa_proposed_unconfirmed: unconfirmed } : {}),
      trigger: r.trigger,
      integrity: { verified: entry.integrity.ok, errors: entry.integrity.errors },
      ...(entry.key ? { record_key: entry.key } : {}),
      ...(entry.exception ? { exception: entry.exception } : {}),
      ...(entry.lastEvaluatedAt ? { last_evaluated_at: entry.lastEvaluatedAt, stale: entry.stale === true } : {}),
    },
  };
}

/**
 * The model's records as OCSF JSON Lines, oldest first (so each resource's Create precedes its
 * Updates). Ends with a newline when not empty.
 *
 * @example await writeFile('findings.ocsf.jsonl', renderOcsf(model));
 */
export function renderOcsf(model: Pick<ReportModel, 'entries' | 'generatedAt'>): string {
  const generatedAtMs = ms(model.generatedAt, 0);
  const previous = new Map<string, Result>();
  const lines: string[] = [];
  for (let i = model.entries.length - 1; i >= 0; i--) {
    const entry = model.entries[i]!;
    const key = resourceKey(entry.record);
    lines.push(JSON.stringify(ocsfFinding(entry, previous.get(key), generatedAtMs)));
    previous.set(key, entry.record.result);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
