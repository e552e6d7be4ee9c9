import type { ReportModel } from './model-types.ts';
import { uuidV5 } from './uuid.ts';

/**
 * What the OSCAL documents (assessment-results in lib/report/oscal.ts, its assessment plan and
 * risks in lib/report/oscal-audit.ts) write the same way: datatypes, props, tokens and the
 * document's identity.
 */

export const OSCAL_VERSION = '1.1.2';
/** Namespace of our props (OSCAL requires a URI `ns` for names outside its own vocabulary). */
const OSCAL_NS = 'https://trailproof.dev/ns/oscal';

export type Prop = { name: string; ns: string; value: string };
export type Json = Record<string, unknown>;

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
export function line(text: string | undefined, fallback = '-'): string {
  const collapsed = (text ?? '').replace(/\s+/g, ' ').trim();
  return collapsed === '' ? fallback : collapsed;
}

export function prop(name: string, value: string | boolean | undefined): Prop[] {
  return value === undefined ? [] : [{ name, ns: OSCAL_NS, value: line(String(value)) }];
}

/** OSCAL date-times need a time zone; a record's own text is untrusted, so it is normalized. */
export function dateTime(text: string | undefined, fallback: string): string {
  const ms = Date.parse(text ?? '');
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
}

/** The document's generation time, period and uuid: the same evidence gives the same uuids. */
export function documentFrame(model: Pick<ReportModel, 'generatedAt' | 'period'>): { generatedAt: string; start: string; end: string; documentUuid: string } {
  const generatedAt = dateTime(model.generatedAt, new Date(0).toISOString());
  const start = dateTime(model.period.from ?? model.period.firstObservedAt, generatedAt);
  const end = dateTime(model.period.to ?? model.period.lastObservedAt, generatedAt);
  return { generatedAt, start, end, documentUuid: uuidV5(`assessment-results:${generatedAt}:${start}:${end}`) };
}
