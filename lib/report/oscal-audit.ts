import { COLLECTOR_VERSION } from '../model/version.ts';
import { UNCONFIRMED } from '../model/hipaa.ts';
import type { ExceptionView, RequirementRow } from './audit-types.ts';
import type { ReportModel } from './model-types.ts';
import { citationToken, dateTime, documentFrame, line, OSCAL_VERSION, prop, type Json } from './oscal-common.ts';
import { uuidV5 } from './uuid.ts';

/**
 * The audit workflow in OSCAL: exceptions as risks of the assessment results, a finding for every
 * requirement no check maps (attested, or without evidence), and the assessment plan the results'
 * `import-ap` points at, written beside them.
 */

const observationOf = (recordId: string) => uuidV5(`observation:${recordId}`);

/**
 * An exception's risk status: `deviation-approved` while it is approved (in force, or approved for
 * a window that has not begun); once it ended (expired or revoked), `open` while the resource
 * still fails and `closed` once it no longer does.
 */
function riskStatus(view: ExceptionView, model: Pick<ReportModel, 'failingNow'>): string {
  if (view.state === 'in-force' || view.state === 'pending') return 'deviation-approved';
  const { check, resource } = view.document;
  const failing = model.failingNow.some(({ record: r }) => r.check.id === check.id && (r.resource.id === resource.id || r.resource.arn === resource.id) && r.result === 'fail');
  return failing ? 'open' : 'closed';
}

/**
 * One risk per verified exception (an unverified one approves nothing and is left out), with the
 * observations of the fails it excepts (the model's excepted entries, or `exceptedRecords`: record
 * ids by exception id, gathered by a writer that streamed the observations), and which risks
 * concern a finding's checks.
 */
export function exceptionRisks(model: ReportModel, documentUuid: string, exceptedRecords?: ReadonlyMap<string, readonly string[]>): { risks: Json[]; risksOf: (checks: readonly string[]) => string[] } {
  const excepted = new Map<string, string[]>();
  if (exceptedRecords) for (const [id, records] of exceptedRecords) excepted.set(id, records.map(observationOf));
  else for (const { record, exception } of model.entries) if (exception) excepted.set(exception.id, [...(excepted.get(exception.id) ?? []), observationOf(record.id)]);
  const byCheck = new Map<string, string[]>();
  const risks = model.audit.exceptions
    .filter((view) => view.state !== 'unverified')
    .map((view) => {
      const d = view.document;
      const uuid = uuidV5(`risk:${documentUuid}:${d.id}`);
      byCheck.set(d.check.id, [...(byCheck.get(d.check.id) ?? []), uuid]);
      const related = excepted.get(d.id) ?? [];
      const ended = view.revocation ? ` Revoked ${view.revocation.revokedAt}${view.revocation.reason ? `: ${view.revocation.reason}` : ''}.` : '';
      return {
        uuid,
        title: line(`Exception to ${d.check.id} on ${d.resource.id}`),
        description: line(d.reason),
        statement: line(`${d.kind} approved by ${d.approver}${d.ticket ? ` (ticket ${d.ticket})` : ''} for fails observed from ${d.effectiveFrom} until ${d.expiresAt}; recorded ${d.createdAt} as signed exception ${d.id}.${ended} The evidence records keep their verdict: fail.`),
        props: [
          ...prop('exception-id', d.id),
          ...prop('exception-kind', d.kind),
          ...prop('exception-state', view.state),
          ...prop('approver', d.approver),
          ...prop('ticket', d.ticket),
          ...prop('check-id', d.check.id),
          ...prop('resource', d.resource.id),
          ...prop('integrity', view.integrity.ok ? 'verified' : 'failed'),
        ],
        status: riskStatus(view, model),
        deadline: dateTime(d.expiresAt, d.expiresAt),
        ...(related.length > 0 ? { 'related-observations': related.map((u) => ({ 'observation-uuid': u })) } : {}),
      };
    });
  return { risks, risksOf: (checks) => checks.flatMap((id) => byCheck.get(id) ?? []) };
}

/** The sentence of a requirement row's evidence. */
function rowRemarks(row: RequirementRow): string {
  const inForce = row.attestations.filter((a) => a.inForce);
  if (row.status === 'attested') {
    return inForce.map((a) => `Attested by ${a.document.attestedBy} on ${a.document.attestedAt}${a.document.expiresAt ? ` until ${a.document.expiresAt}` : ''}: ${a.document.statement}${a.document.attachment ? ` (file ${a.document.attachment.name}, sha256 ${a.document.attachment.sha256})` : ''}`).join(' ');
  }
  return 'No evidence: no check records evidence for it in the period and no verified attestation is in force.';
}

/** Findings for the requirements no mapped check has records for: attested (satisfied) or without evidence (a gap). */
export function requirementFindings(model: ReportModel, documentUuid: string): Array<{ token: string; finding: Json }> {
  const mapped = new Set([...model.citations.current, ...model.citations.proposed].map((c) => `${c.rule}:${c.citation}`));
  return model.audit.requirements
    .filter((row) => !mapped.has(`${row.rule}:${row.citation}`))
    .map((row) => {
      const token = citationToken(row.citation, row.rule);
      const rule = row.rule === 'proposed' ? ` (2025 proposed rule${row.unconfirmed ? `, ${UNCONFIRMED}` : ''})` : '';
      const status = row.status === 'attested' ? { state: 'satisfied', reason: 'pass', remarks: line(rowRemarks(row)) } : { state: 'not-satisfied', reason: 'other', remarks: line(rowRemarks(row)) };
      const finding: Json = {
        uuid: uuidV5(`finding:${documentUuid}:${token}`),
        title: `HIPAA 45 CFR ${row.citation}${rule}`,
        description: line(`${row.title ?? row.citation}: ${row.status === 'attested' ? 'attested' : 'no evidence'}. ${rowRemarks(row)}`),
        props: [...prop('hipaa-citation', row.citation), ...prop('hipaa-rule', row.rule === 'proposed' ? 'proposed-2025' : 'current'), ...prop('evidence', row.status)],
        target: { type: 'statement-id', 'target-id': token, title: `45 CFR ${row.citation}${rule}`, status },
      };
      return { token, finding };
    });
}

/**
 * The OSCAL assessment plan the results name in `import-ap`: the requirements reviewed (every
 * requirement row) and how they are assessed (trailproof's automated checks, continuously, and
 * signed attestations for what no check automates). The system security plan is the
 * organization's: `import-ssp` points at a back-matter resource saying so, never at a missing file.
 *
 * @example await writeFile('assessment-plan.json', JSON.stringify(renderOscalPlan(model), null, 2));
 */
export function renderOscalPlan(model: ReportModel): { 'assessment-plan': Json } {
  const { generatedAt, start, end, documentUuid } = documentFrame(model);
  const planUuid = uuidV5(`assessment-plan:${documentUuid}`);
  const sspUuid = uuidV5(`system-security-plan:${documentUuid}`);
  const tokens = model.audit.requirements.map((row) => ({ 'control-id': citationToken(row.citation, row.rule) }));
  const checks = model.checks.map((c) => c.id);
  return {
    'assessment-plan': {
      uuid: planUuid,
      metadata: {
        title: `HIPAA Security Rule technical safeguards: trailproof assessment plan ${start} to ${end}`,
        'last-modified': generatedAt,
        version: generatedAt,
        'oscal-version': OSCAL_VERSION,
        props: [...prop('generator', `trailproof ${COLLECTOR_VERSION}`)],
      },
      'import-ssp': { href: `#${sspUuid}`, remarks: 'The system security plan is the organization\'s own; trailproof does not hold it.' },
      'local-definitions': {
        activities: [
          {
            uuid: uuidV5(`activity:${planUuid}:checks`),
            title: 'Automated checks',
            description: line(`trailproof evaluates ${checks.length} checks on every change (CloudTrail, AWS Config) and in a daily sweep of every resource; each verdict is a signed, sealed evidence record.`),
            props: [...prop('method', 'TEST')],
          },
          {
            uuid: uuidV5(`activity:${planUuid}:attestations`),
            title: 'Signed attestations',
            description: 'Requirements no check automates (a penetration test, a risk analysis) are evidenced by signed attestations with their files, each in force until it expires.',
            props: [...prop('method', 'EXAMINE')],
          },
        ],
      },
      'reviewed-controls': {
        'control-selections': [{ description: 'Every HIPAA requirement of the report: the current rule\'s technical safeguards and the 2025 proposal\'s paragraphs.', ...(tokens.length > 0 ? { 'include-controls': tokens } : { 'include-all': {} }) }],
      },
      'back-matter': {
        resources: [{ uuid: sspUuid, title: 'System security plan', description: 'Held by the organization that operates the AWS accounts assessed; not part of trailproof\'s evidence.' }],
      },
    },
  };
}
