import type { EvidenceRecord } from '../evidence/types.ts';
import { formatProblems } from '../evidence/verification-codes.ts';
import { COLLECTOR_VERSION } from '../model/version.ts';
import { UNCONFIRMED, isUnconfirmed } from '../model/hipaa.ts';
import { resourceKey } from './model.ts';
import type { CitationSummary, ReportEntry, ReportModel } from './model-types.ts';
import { uuidV5 } from './uuid.ts';
import { citationToken, dateTime, documentFrame, line, OSCAL_VERSION, prop, type Json } from './oscal-common.ts';
import { exceptionRisks, requirementFindings } from './oscal-audit.ts';

export { citationToken } from './oscal-common.ts';
export { renderOscalPlan } from './oscal-audit.ts';

/**
 * The report as an OSCAL 1.1.2 assessment-results document, for GRC tools: one observation per
 * evidence record and one finding per HIPAA citation (current and 2025-proposed rules apart).
 * Every uuid is name-based, so the same evidence gives the same document.
 */

export interface OscalOptions {
  /** Where the assessment plan this result answers lives (the report writes it beside the results: renderOscalPlan). */
  assessmentPlanHref?: string;
}

function resourceUuid(r: EvidenceRecord): string {
  return uuidV5(`resource:${r.account}:${r.region}:${r.resource.type}:${r.resource.id}`);
}

/** The deterministic uuid of the observation of one record. */
export function observationUuid(recordId: string): string {
  return uuidV5(`observation:${recordId}`);
}

export function observation(entry: ReportEntry, generatedAt: string): Json {
  const r = entry.record;
  const integrity = entry.integrity.ok ? 'verified' : `FAILED (${formatProblems(entry.integrity.errors)})`;
  const evidence: Json = {
    description: line(`Evidence record ${r.id}, batch signed ${r.integrity?.batch?.signedAt ?? '?'} by ${r.integrity?.batch?.keyId ?? '?'}; integrity: ${integrity}`),
  };
  if (entry.key) evidence.href = entry.key;
  return {
    uuid: observationUuid(r.id),
    title: line(`${r.check.id}: ${r.result} on ${r.resource.id}`),
    description: line(r.reason),
    props: [
      ...prop('record-id', r.id),
      ...prop('check-id', r.check.id),
      ...prop('check-family', r.check.family),
      ...prop('result', r.result),
      ...prop('observed-at', r.observedAt),
      ...prop('integrity', entry.integrity.ok ? 'verified' : 'failed'),
      // An excepted fail stays a fail: the exception is named beside it (its risk is deviation-approved).
      ...prop('exception-id', entry.exception?.id),
      ...prop('stale', entry.stale ? true : undefined),
      ...prop('trigger-source', r.trigger?.source),
      ...prop('trigger-event-name', r.trigger?.eventName),
      ...prop('trigger-actor', r.trigger?.actor),
    ],
    methods: ['TEST'],
    types: r.result === 'fail' || r.result === 'error' ? ['finding'] : ['control-objective'],
    subjects: [
      {
        'subject-uuid': resourceUuid(r),
        type: 'resource',
        title: line(r.resource.id),
        props: [...prop('resource-type', r.resource.type), ...prop('resource-arn', r.resource.arn)],
      },
    ],
    'relevant-evidence': [evidence],
    collected: dateTime(r.collectedAt, generatedAt),
  };
}

function findingFor(summary: CitationSummary, latest: Map<string, string[]>, documentUuid: string, risksOf: (checks: readonly string[]) => string[]): Json {
  const token = citationToken(summary.citation, summary.rule);
  const unconfirmed = isUnconfirmed(summary.citation, summary.rule);
  const rule = summary.rule === 'proposed' ? ` (2025 proposed rule${unconfirmed ? `, ${UNCONFIRMED}` : ''})` : '';
  const c = summary.counts;
  const related = summary.checks.flatMap((check) => latest.get(check) ?? []);
  const status: Json =
    summary.state === 'satisfied'
      ? { state: 'satisfied', reason: 'pass' }
      : summary.state === 'not-satisfied'
        ? { state: 'not-satisfied', reason: 'fail' }
        : { state: 'not-satisfied', reason: 'other', remarks: 'No evidence record in the period for any mapped check.' };
  const finding: Json = {
    uuid: uuidV5(`finding:${documentUuid}:${token}`),
    title: `HIPAA 45 CFR ${summary.citation}${rule}`,
    description:
      `Checks: ${summary.checks.join(', ')}. Records in the period: ${c.total} (pass ${c.pass}, fail ${c.fail}, ` +
      `not applicable ${c.not_applicable}, error ${c.error}). Resources failing now: ${summary.failingNow}.`,
    props: [
      ...prop('hipaa-citation', summary.citation),
      ...prop('hipaa-rule', summary.rule === 'proposed' ? 'proposed-2025' : 'current'),
      // Only proposed paragraphs can be unconfirmed; the prop is there so a GRC tool can filter on it.
      ...prop('hipaa-citation-status', summary.rule === 'proposed' ? (unconfirmed ? UNCONFIRMED : 'confirmed') : undefined),
    ],
    target: { type: 'statement-id', 'target-id': token, title: `45 CFR ${summary.citation}${rule}`, status },
  };
  // The observations a citation's state rests on: each resource's latest record of a mapped check.
  if (related.length > 0) finding['related-observations'] = related.map((uuid) => ({ 'observation-uuid': uuid }));
  const risks = risksOf(summary.checks);
  if (risks.length > 0) finding['related-risks'] = risks.map((uuid) => ({ 'risk-uuid': uuid }));
  return finding;
}

/** Per check, the observation uuids of each resource's latest record in the period. */
function latestObservations(entries: readonly ReportEntry[]): Map<string, string[]> {
  const seen = new Set<string>();
  const byCheck = new Map<string, string[]>();
  for (const { record } of entries) {
    const key = resourceKey(record);
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byCheck.get(record.check.id) ?? [];
    list.push(observationUuid(record.id));
    byCheck.set(record.check.id, list);
  }
  return byCheck;
}

function backMatterResources(entries: readonly ReportEntry[]): Json[] {
  const resources = new Map<string, Json>();
  for (const { record: r } of entries) {
    const uuid = resourceUuid(r);
    if (resources.has(uuid)) continue;
    resources.set(uuid, {
      uuid,
      title: line(r.resource.id),
      props: [
        ...prop('resource-type', r.resource.type),
        ...prop('resource-arn', r.resource.arn),
        ...prop('account', r.account),
        ...prop('region', r.region),
        ...prop('phi-scoped', r.resource.phiScoped),
      ],
    });
  }
  return [...resources.values()];
}

/** For a writer that streams the observations (lib/report/stream-rows.ts): what stands in for them. */
interface StreamedObservations {
  /** A string the observations array holds instead of the observations, where the writer splices them. */
  observationsPlaceholder?: string;
  /** Record ids by exception id: the excepted fails the writer met while streaming. */
  exceptedRecords?: ReadonlyMap<string, readonly string[]>;
}

/**
 * The OSCAL assessment-results document of a report model (serialize with JSON.stringify).
 *
 * @example await writeFile('results.json', JSON.stringify(renderOscal(model), null, 2));
 */
export function renderOscal(model: ReportModel, options: OscalOptions & StreamedObservations = {}): { 'assessment-results': Json } {
  const { generatedAt, start, end, documentUuid } = documentFrame(model);
  const citations = [...model.citations.current, ...model.citations.proposed];
  const latest = latestObservations(model.entries);
  const { risks, risksOf } = exceptionRisks(model, documentUuid, options.exceptedRecords);
  // Requirements no check maps (attested, or without evidence) are findings too: every requirement has one.
  const requirements = requirementFindings(model, documentUuid);
  const tokens = [...citations.map((c) => citationToken(c.citation, c.rule)), ...requirements.map((r) => r.token)];
  const controlSelection: Json = tokens.length > 0 ? { 'include-controls': tokens.map((token) => ({ 'control-id': token })) } : { 'include-all': {} };
  const findings = [...citations.map((c) => findingFor(c, latest, documentUuid, risksOf)), ...requirements.map((r) => r.finding)];
  const resources = backMatterResources(model.entries);
  const document: Json = {
    uuid: documentUuid,
    metadata: {
      title: `HIPAA Security Rule technical safeguards: trailproof evidence ${start} to ${end}`,
      'last-modified': generatedAt,
      version: generatedAt,
      'oscal-version': OSCAL_VERSION,
      props: [...prop('generator', `trailproof ${COLLECTOR_VERSION}`)],
    },
    'import-ap': {
      href: options.assessmentPlanHref ?? './assessment-plan.json',
      remarks: 'The assessment plan trailproof writes beside these results (trailproof report --format oscal): the requirements reviewed and how each is assessed.',
    },
    results: [
      {
        uuid: uuidV5(`result:${documentUuid}`),
        title: `Automated checks of HIPAA 45 CFR 164.312 safeguards, ${start} to ${end}`,
        description:
          `${model.totals.total} signed evidence records observed from ${start} (inclusive) to ${end} (exclusive); ` +
          `${model.integrity.verified} verified, ${model.integrity.failed} failed verification.`,
        start,
        end,
        'reviewed-controls': {
          'control-selections': [{ description: 'HIPAA citations mapped to trailproof checks (current rule and 2025 proposal).', ...controlSelection }],
        },
        ...(options.observationsPlaceholder !== undefined
          ? { observations: [options.observationsPlaceholder] }
          : model.entries.length > 0
            ? { observations: model.entries.map((e) => observation(e, generatedAt)) }
            : {}),
        ...(findings.length > 0 ? { findings } : {}),
        ...(risks.length > 0 ? { risks } : {}),
      },
    ],
  };
  if (resources.length > 0) document['back-matter'] = { resources };
  return { 'assessment-results': document };
}
