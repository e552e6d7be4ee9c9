import type { EvidenceRecord } from '../evidence/types.ts';
import { formatProblems } from '../evidence/verification-codes.ts';
import { citationText } from '../model/hipaa.ts';
import { inertText } from '../util/inert-text.ts';
import type { IntegrityStatus } from './model-types.ts';

/**
 * One evidence record as a terminal reads it (`trailproof show`): the verdict first, then who did
 * what where, then the citations, the observed facts and whether the signature holds.
 */

function yesNo(value: boolean | undefined): string {
  return value === undefined ? 'unknown' : value ? 'yes' : 'no';
}

/** The trigger as one sentence: "cloudtrail AuthorizeSecurityGroupIngress by arn:... from 203.0.113.7, MFA no". */
function triggerText(trigger: EvidenceRecord['trigger'] | undefined): string {
  if (!trigger) return '(none)';
  const parts: string[] = [trigger.source];
  if (trigger.eventName) parts.push(trigger.eventName);
  if (trigger.configRuleName) parts.push(`rule ${trigger.configRuleName}${trigger.complianceType ? ` said ${trigger.complianceType}` : ''}`);
  if (trigger.actor) parts.push(`by ${trigger.actor}`);
  if (trigger.sourceIp) parts.push(`from ${trigger.sourceIp}`);
  let text = parts.join(' ');
  if (trigger.mfaAuthenticated !== undefined) text += `, MFA ${yesNo(trigger.mfaAuthenticated)}`;
  return `${text} (event ${trigger.eventId})`;
}

/**
 * The record as aligned "label  value" lines, ending with a newline. Control characters in record
 * text are shown escaped: a record from AWS must not be able to move the cursor or recolour the
 * terminal of the auditor reading it.
 *
 * @example process.stdout.write(formatRecordText(record, { ok: true, errors: [] }, key));
 */
export function formatRecordText(record: EvidenceRecord, integrity: IntegrityStatus, key?: string): string {
  const controls = record.controls ?? { hipaa: [], hipaaProposed: [] };
  const rows: Array<[string, string]> = [
    ['Record', record.id],
    ...(key ? ([['Key', key]] as Array<[string, string]>) : []),
    ['Check', `${record.check.id}: ${record.check.title} (${record.check.family}, ${record.check.severity})`],
    ['Result', record.result.toUpperCase()],
    ['Reason', record.reason],
    ['Resource', `${record.resource.type} ${record.resource.id}${record.resource.arn ? ` (${record.resource.arn})` : ''}`],
    ['PHI-scoped', yesNo(record.resource.phiScoped)],
    ['Account', `${record.account}  ${record.region}`],
    ['Observed at', record.observedAt],
    ['Collected at', `${record.collectedAt} by ${record.collector?.function ?? '?'} ${record.collector?.version ?? ''}`.trimEnd()],
    ['Trigger', triggerText(record.trigger)],
    ['HIPAA', controls.hipaa.join(', ') || '(none)'],
    ['Proposed 2025', controls.hipaaProposed.map((c) => citationText(c, 'proposed')).join(', ') || '(none)'],
    ['Integrity', integrity.ok ? `verified (key ${record.integrity?.batch?.keyId ?? '?'})` : `FAILED: ${formatProblems(integrity.errors)}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${inertText(value)}`);
  const observed = JSON.stringify(record.observed ?? {}, null, 2)
    .split('\n')
    .map((l) => `  ${inertText(l)}`);
  return `${[...lines, 'Observed facts', ...observed].join('\n')}\n`;
}

