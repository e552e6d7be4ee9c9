import { formatProblems } from '../evidence/verification-codes.ts';
import { inertStrings, inertText } from '../util/inert-text.ts';
import { html, jsonForScript, type SafeHtml } from './html-escape.ts';
import { resourceKey } from './model.ts';
import type { IntegrityStatus, ReportEntry, ReportModel } from './model-types.ts';

/**
 * What the HTML report carries of the records, so that a million of them still make a page that
 * opens in seconds: each resource's latest record and every excepted record in full (the auditor
 * opens their details), every other fail or error record as a short row (id, check, result,
 * resource, time, reason, integrity: enough to filter, sort and cite it), and nothing of the
 * remaining passes and not-applicable records but their count: the page says how to get them
 * (`trailproof list`/`show`, the CSV report, the export package).
 */

/** A record in full: the record as stored (strings inert), its integrity, key, exception, staleness. */
interface FullRow {
  r: unknown;
  i: { ok: boolean; text: string };
  k?: string;
  x?: unknown;
  s?: 1;
}

/**
 * A fail or error record that is not its resource's latest: `[id, check and result (indexes into
 * the data's names), resource index, observedAt (ms after the data's t0, or the text itself when
 * it is not a canonical ISO time), reason index, integrity problems ('' when verified), stale]`.
 * Names, resources and reasons are written once each in the data's tables: at a million records
 * a row is about 70 bytes.
 */
type BriefRow = [string, number, number, number, number | string, number, string, 0 | 1];

/** How many records of the period each part of the page data holds. */
export interface InlineCounts {
  full: number;
  brief: number;
  /** Passes and not-applicable records that are not their resource's latest state: left out. */
  omitted: number;
}

const integrityText = (status: IntegrityStatus): string => inertText(formatProblems(status.errors));

/** Index of `value` in `table`, appended when new. */
function indexIn(table: unknown[], index: Map<string, number>, key: string, value: unknown): number {
  let i = index.get(key);
  if (i === undefined) index.set(key, (i = table.push(value) - 1));
  return i;
}

function fullRow(e: ReportEntry): FullRow {
  return {
    r: inertStrings(e.record, '\n\t'),
    i: { ok: e.integrity.ok, text: integrityText(e.integrity) },
    ...(e.key ? { k: inertText(e.key) } : {}),
    ...(e.exception ? { x: inertStrings(e.exception, '\n\t') } : {}),
    ...(e.stale ? { s: 1 as const } : {}),
  };
}

/**
 * The page data and its counts, in the model's order (newest first).
 *
 * @example const { data, counts } = inlineData(model); // data goes into <script type="application/json">
 */
export function inlineData(model: Pick<ReportModel, 'entries' | 'checks' | 'totals'>): { data: SafeHtml; counts: InlineCounts } {
  const seen = new Set<string>();
  const rows: Array<FullRow | BriefRow> = [];
  const resources: unknown[] = [];
  const resourceIndex = new Map<string, number>();
  const reasons: string[] = [];
  const reasonIndex = new Map<string, number>();
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const name = (text: string): number => indexIn(names, nameIndex, text, inertText(text));
  const t0 = Date.parse(model.entries.at(-1)?.record.observedAt ?? '') || 0;
  const time = (text: string): number | string => {
    const t = Date.parse(text);
    return !Number.isNaN(t) && new Date(t).toISOString() === text ? t - t0 : inertText(text);
  };
  const counts: InlineCounts = { full: 0, brief: 0, omitted: 0 };
  for (const e of model.entries) {
    const r = e.record;
    const key = resourceKey(r);
    const latest = !seen.has(key);
    if (latest) seen.add(key);
    if (latest || e.exception) {
      rows.push(fullRow(e));
      counts.full++;
    } else if (r.result === 'fail' || r.result === 'error') {
      const resource = indexIn(resources, resourceIndex, key, inertStrings([r.resource.type, r.resource.id, r.resource.arn ?? '', r.account, r.region]));
      const reason = indexIn(reasons, reasonIndex, r.reason, inertText(r.reason, '\n\t'));
      rows.push([inertText(r.id), name(r.check.id), name(r.result), resource, time(r.observedAt), reason, e.integrity.ok ? '' : integrityText(e.integrity), e.stale ? 1 : 0]);
      counts.brief++;
    }
  }
  // The model may hold only the records the page carries (lib/report/generate.ts): the rest are counted.
  counts.omitted = model.totals.total - counts.full - counts.brief;
  const checks = Object.fromEntries(model.checks.map((c) => [c.id, inertStrings({ title: c.title, family: c.family })]));
  return { data: jsonForScript({ entries: rows, t0, names, resources, reasons, checks }), counts };
}

/** The note above the records table: what the page holds, what it leaves out and how to get that. */
export function inlineNote(counts: InlineCounts): SafeHtml {
  const fmt = (n: number): string => n.toLocaleString('en-US');
  const all = counts.full + counts.brief + counts.omitted;
  if (counts.brief === 0 && counts.omitted === 0) {
    return html`<p class="note">Every record of the period, newest first. Open <em>Details</em> for the signed record as stored.</p>`;
  }
  return html`<p class="note" id="records-scope">This page holds ${fmt(all - counts.omitted)} of the period's ${fmt(all)} records, newest first:
each resource's latest record and every excepted record in full (open <em>Details</em> for the signed record as stored), every other fail
or error record as a row (its full record: <code>trailproof show --store STORE ID</code>).
<strong>${fmt(counts.omitted)} ${counts.omitted === 1 ? 'record is' : 'records are'} not in this page</strong>: passes and not-applicable
records that are not their resource's latest state. Get them with <code>trailproof list --store STORE --from FROM --to TO</code>
(filter with <code>--check</code>, <code>--result</code>, <code>--resource</code>), <code>trailproof show --store STORE ID</code>,
the CSV report (<code>trailproof report --format csv</code>) or the export package (<code>trailproof export</code>).</p>`;
}
