import type { EvidenceRecord } from '../evidence/types.ts';
import { formatProblems } from '../evidence/verification-codes.ts';
import { COLLECTOR_VERSION } from '../model/version.ts';
import { UNCONFIRMED, isUnconfirmed } from '../model/hipaa.ts';
import { resourceKey } from './model.ts';
import type { CitationSummary, ReportEntry, ReportModel } from './model-types.ts';
import { uuidV5 } from './uuid.ts';

/**
 * The report as an OSCAL 1.1.2 assessment-results document, for GRC tools: one observation per
 * evidence record and one finding per HIPAA citation (current and 2025-proposed rules apart).
 * Every uuid is name-based, so the same evidence gives the same document.
 */

const OSCAL_VERSION = '1.1.2';
/** Namespace of our props (OSCAL requires a URI `ns` for names outside its own vocabulary). */
const OSCAL_NS = 'https://trailproof.dev/ns/oscal';

export interface OscalOptions {
  /** Where the assessment plan this result answers lives; a placeholder when there is none. */
  assessmentPlanHref?: string;
}

type Prop = { name: string; ns: string; value: string };
type Json = Record<string, unknown>;

/**
 * An OSCAL `token` for a citation: target and control ids must be tokens (start with a letter, no
 * parentheses), so `164.312(a)(2)(iv)` becomes `hipaa-164.312_a_2_iv`; the citation itself stays
 * in the finding's title and its `hipaa-citation` prop.
 *
 * @example citationToken('164.312(d)', 'proposed') // 'hipaa-proposed-164.312_d'
 */
export function citationToken(citation: string, rule: 'current' | 'proposed' = 'current'): string {
  const body = citation.replaceAll(')(', '_').replaceAll('(', '_').replaceAll(')', '').replace(/[^\p{L}\p{N}._-]/gu, '-');
  return `hipaa-${rule === 'proposed' ? 'proposed-' : ''}${body}`;
}

/** OSCAL strings may not be empty or start/end with whitespace; one-line fields hold no breaks. */
function line(text: string | undefined, fallback = '-'): string {
  const collapsed = (text ?? '').replace(/\s+/g, ' ').trim();
  return collapsed === '' ? fallback : collapsed;
}

function prop(name: string, value: string | boolean | undefined): Prop[] {
  return value === undefined ? [] : [{ name, ns: OSCAL_NS, value: line(String(value)) }];
}

/** OSCAL date-times need a time zone; a record's own text is untrusted, so it is normalized. */
function dateTime(text: string | undefined, fallback: string): string {
  const ms = Date.parse(text ?? '');
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
}

function resourceUuid(r: EvidenceRecord): string {
  return uuidV5(`resource:${r.account}:${r.region}:${r.resource.type}:${r.resource.id}`);
}

/** The deterministic uuid of the observation of one record. */
export function observationUuid(recordId: string): string {
  return uuidV5(`observation:${recordId}`);
}

function observation(entry: ReportEntry, generatedAt: string): Json {
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

function findingFor(summary: CitationSummary, latest: Map<string, string[]>, documentUuid: string): Json {
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

/**
 * The OSCAL assessment-results document of a report model (serialize with JSON.stringify).
 *
 * @example await writeFile('results.json', JSON.stringify(renderOscal(model), null, 2));
 */
export function renderOscal(model: ReportModel, options: OscalOptions = {}): { 'assessment-results': Json } {
  const generatedAt = dateTime(model.generatedAt, new Date(0).toISOString());
  const start = dateTime(model.period.from ?? model.period.firstObservedAt, generatedAt);
  const end = dateTime(model.period.to ?? model.period.lastObservedAt, generatedAt);
  const documentUuid = uuidV5(`assessment-results:${generatedAt}:${start}:${end}`);
  const citations = [...model.citations.current, ...model.citations.proposed];
  const latest = latestObservations(model.entries);
  const controlSelection: Json =
    citations.length > 0
      ? { 'include-controls': citations.map((c) => ({ 'control-id': citationToken(c.citation, c.rule) })) }
      : { 'include-all': {} };
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
      remarks: 'Placeholder: trailproof checks run continuously; point this at your assessment plan.',
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
        ...(model.entries.length > 0 ? { observations: model.entries.map((e) => observation(e, generatedAt)) } : {}),
        ...(citations.length > 0 ? { findings: citations.map((c) => findingFor(c, latest, documentUuid)) } : {}),
      },
    ],
  };
  if (resources.length > 0) document['back-matter'] = { resources };
  return { 'assessment-results': document };
}
