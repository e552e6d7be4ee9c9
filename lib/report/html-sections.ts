import { formatProblems } from '../evidence/verification-codes.ts';
import { FAMILIES, RESULTS } from '../model/check.ts';
import { html, type SafeHtml } from './html-escape.ts';
import { UNCONFIRMED, UNCONFIRMED_MEANING, citationText, citationTitle, isUnconfirmed } from '../model/hipaa.ts';
import type { CheckSummary, CitationSummary, IntegrityStatus, ReportModel, ResultCounts } from './model-types.ts';
import { durationText, exceptionBadge } from './html-audit.ts';
import { inlineNote, type InlineCounts } from './html-data.ts';

/**
 * The server-rendered parts of the HTML report: bounded by the catalog size (citations, checks)
 * or capped (failing now), so they stay small whatever the number of records. The records table
 * itself is rendered by the page script from the embedded JSON.
 */

/** The most "failing now" rows written into the page; the records table filters the rest. */
export const FAILING_NOW_ROWS = 1000;

const RESULT_LABEL: Record<string, string> = { pass: 'pass', fail: 'fail', not_applicable: 'n/a', error: 'error' };
const STATE_LABEL: Record<string, string> = { satisfied: 'satisfied', 'not-satisfied': 'not satisfied', 'no-evidence': 'no evidence' };

const fmt = (n: number): string => n.toLocaleString('en-US');

function countCells(c: ResultCounts): SafeHtml {
  return html`${RESULTS.map((r) => html`<td class="num${c[r] === 0 ? ' zero' : ''}">${fmt(c[r])}</td>`)}<td class="num">${fmt(c.total)}</td>`;
}

const COUNT_HEADERS = html`<th scope="col" class="num">Pass</th><th scope="col" class="num">Fail</th><th scope="col" class="num">N/A</th><th scope="col" class="num">Error</th><th scope="col" class="num">Records</th>`;

function integrityBadge(status: IntegrityStatus): SafeHtml {
  return status.ok
    ? html`<span class="badge ok">verified</span>`
    : html`<span class="badge bad" title="${formatProblems(status.errors)}">FAILED</span>`;
}

function citationRows(citations: CitationSummary[], titles: Map<string, string>): SafeHtml {
  return html`${citations.map((c) => {
    const heading = citationTitle(c.citation, c.rule);
    const unconfirmed = isUnconfirmed(c.citation, c.rule) ? html` <span class="muted" title="${UNCONFIRMED_MEANING}">(${UNCONFIRMED})</span>` : '';
    return html`<tr>
<th scope="row" class="nowrap">${c.citation}${unconfirmed}${heading ? html`<div class="muted">${heading}</div>` : ''}</th>
<td><span class="badge state-${c.state}">${STATE_LABEL[c.state]}</span></td>
<td>${c.checks.map((id, i) => html`${i > 0 ? html`<br>` : ''}${titles.get(id) ?? id} <span class="mono muted">${id}</span>`)}</td>
${countCells(c.counts)}<td class="num${c.failingNow > 0 ? ' sev-critical' : ' zero'}">${fmt(c.failingNow)}</td>
</tr>`;
  })}`;
}

function citationTable(caption: string, citations: CitationSummary[], titles: Map<string, string>): SafeHtml {
  if (citations.length === 0) return html`<p class="note">${caption}: no citations mapped.</p>`;
  return html`<table class="citations">
<caption>${caption}</caption>
<thead><tr><th scope="col">Citation</th><th scope="col">Status</th><th scope="col">Checks</th>${COUNT_HEADERS}<th scope="col" class="num">Failing now</th></tr></thead>
<tbody>${citationRows(citations, titles)}</tbody>
</table>`;
}

/**
 * One row per check family (the catalog's order): how many checks it has, their records by result
 * and the resources failing now, so a reader sees at once which safeguard area is weak.
 */
export function familySection(model: ReportModel): SafeHtml {
  const rows = FAMILIES.map((family) => {
    const checks = model.checks.filter((c) => c.family === family);
    const counts = checks.reduce<ResultCounts>((sum, c) => {
      for (const r of RESULTS) sum[r] += c.counts[r];
      sum.total += c.counts.total;
      return sum;
    }, { pass: 0, fail: 0, not_applicable: 0, error: 0, total: 0 });
    const failingNow = checks.reduce((n, c) => n + c.failingNow, 0);
    return { family, checks: checks.length, counts, failingNow };
  }).filter((row) => row.checks > 0);
  return html`<section aria-labelledby="families-h">
<h2 id="families-h">Summary by family</h2>
<table class="families">
<thead><tr><th scope="col">Family</th><th scope="col" class="num">Checks</th>${COUNT_HEADERS}<th scope="col" class="num">Failing now</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row">${r.family}</th><td class="num">${fmt(r.checks)}</td>${countCells(r.counts)}<td class="num${r.failingNow > 0 ? ' sev-critical' : ' zero'}">${fmt(r.failingNow)}</td></tr>`)}</tbody>
</table>
</section>`;
}

/** The citation summary: current rule first, the 2025 proposed rule apart. */
export function citationSection(model: ReportModel): SafeHtml {
  const titles = new Map(model.checks.map((c) => [c.id, c.title]));
  return html`<section aria-labelledby="citations-h">
<h2 id="citations-h">Summary by HIPAA citation</h2>
<p class="note">A citation is <strong>not satisfied</strong> when some resource's latest record of a mapped check failed or
could not be evaluated, and shows <strong>no evidence</strong> when no mapped check produced a record in the period.</p>
${citationTable('Current rule: 45 CFR 164.312 technical safeguards', model.citations.current, titles)}
<h3>2025 proposed rule (NPRM)</h3>
<p class="note">A paragraph marked <strong>${UNCONFIRMED}</strong>: ${UNCONFIRMED_MEANING}.</p>
${citationTable('Proposed rule: 45 CFR 164.312 as proposed in 2025', model.citations.proposed, titles)}
</section>`;
}

/** Stacked daily bars, fail at the bottom so a bad day is visible even among many passes. */
function timelineSvg(check: CheckSummary, days: string[]): SafeHtml {
  const width = Math.max(days.length, 1);
  const index = new Map(days.map((d, i) => [d, i]));
  const max = Math.max(1, ...check.timeline.map((d) => d.counts.total));
  const gap = days.length <= 90 ? 0.15 : 0;
  const rects: SafeHtml[] = [];
  for (const { day, counts } of check.timeline) {
    const x = index.get(day);
    if (x === undefined) continue;
    let y = 20;
    for (const r of ['fail', 'error', 'not_applicable', 'pass'] as const) {
      if (counts[r] === 0) continue;
      const h = (counts[r] / max) * 20;
      y -= h;
      rects.push(html`<rect class="t-${r}" x="${(x + gap / 2).toFixed(3)}" y="${y.toFixed(3)}" width="${(1 - gap).toFixed(3)}" height="${h.toFixed(3)}"/>`);
    }
  }
  const c = check.counts;
  const label = days.length
    ? `Daily results of ${check.id} from ${days[0]} to ${days.at(-1)}: ${c.pass} pass, ${c.fail} fail, ${c.not_applicable} not applicable, ${c.error} error`
    : `No records of ${check.id}`;
  return html`<svg class="timeline" viewBox="0 0 ${width} 20" preserveAspectRatio="none" role="img" aria-label="${label}"><title>${label}</title>${rects}</svg>`;
}

/** Per check: counts, citations, failing resources and a daily timeline. */
export function checkSection(model: ReportModel): SafeHtml {
  const rows = model.checks.map(
    (c) => html`<tr>
<th scope="row">${c.title}<div class="mono muted">${c.id}</div></th>
<td>${c.family}</td><td class="sev-${c.severity}">${c.severity}</td>
<td class="citations-cell">${c.hipaa.join(', ')}${c.hipaaProposed.length ? html`<div class="muted">proposed: ${c.hipaaProposed.map((p) => citationText(p, 'proposed')).join(', ')}</div>` : ''}</td>
${countCells(c.counts)}<td class="num${c.failingNow > 0 ? ' sev-critical' : ' zero'}">${fmt(c.failingNow)}${c.excepted > 0 ? html`<div class="muted">${fmt(c.excepted)} excepted</div>` : ''}${c.stale > 0 ? html`<div class="muted">${fmt(c.stale)} stale</div>` : ''}</td>
<td class="nowrap">${c.medianRemediationMs === undefined ? html`<span class="muted">-</span>` : html`${durationText(c.medianRemediationMs)}<div class="muted">${fmt(c.remediated)} fixed</div>`}</td>
<td>${timelineSvg(c, model.days)}</td>
<td>${c.counts.total > 0 ? html`<button type="button" class="link" data-show-check="${c.id}">Show records</button>` : html`<span class="muted">no evidence</span>`}</td>
</tr>`,
  );
  return html`<section aria-labelledby="checks-h">
<h2 id="checks-h">Checks</h2>
<p class="note legend">Timeline: records per day (${model.days[0] ?? '-'} to ${model.days.at(-1) ?? '-'})
<span class="l-pass">pass</span><span class="l-fail">fail</span><span class="l-na">n/a</span><span class="l-error">error</span></p>
<table class="checks">
<caption>Result counts per check in the period</caption>
<thead><tr><th scope="col">Check</th><th scope="col">Family</th><th scope="col">Severity</th><th scope="col">HIPAA</th>${COUNT_HEADERS}<th scope="col" class="num">Failing now</th><th scope="col">Median time to fix</th><th scope="col">Timeline</th><th scope="col"><span class="muted">Records</span></th></tr></thead>
<tbody>${rows}</tbody>
</table>
</section>`;
}

/** Each (check, resource) whose latest record in the period is fail or error. */
export function failingNowSection(model: ReportModel): SafeHtml {
  const shown = model.failingNow.slice(0, FAILING_NOW_ROWS);
  const more = model.failingNow.length - shown.length;
  const body =
    shown.length === 0
      ? html`<p class="note">No resource is failing at the end of the period.</p>`
      : html`<table class="failing">
<caption>${fmt(model.failingNow.length)} ${model.failingNow.length === 1 ? 'resource' : 'resources'} whose latest record is fail or error</caption>
<thead><tr><th scope="col">Check</th><th scope="col">Result</th><th scope="col">Resource</th><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Latest observed</th><th scope="col">Reason</th><th scope="col">Integrity</th><th scope="col"><span class="muted">Record</span></th></tr></thead>
<tbody>${shown.map(
          ({ record: r, integrity, exception, stale }) => html`<tr>
<td class="mono">${r.check.id}</td><td class="nowrap"><span class="badge result-${r.result}">${RESULT_LABEL[r.result] ?? r.result}</span>${exceptionBadge(exception)}${stale ? html` <span class="badge stale">stale</span>` : ''}</td>
<td class="mono wrap" title="${r.resource.arn ?? ''}">${r.resource.id}</td><td class="mono">${r.account}</td><td>${r.region}</td>
<td class="mono nowrap">${r.observedAt}</td><td class="wrap">${r.reason}</td><td>${integrityBadge(integrity)}</td>
<td><button type="button" class="link" data-record="${r.id}" aria-label="Details of record ${r.id}">Details</button></td>
</tr>`,
        )}</tbody>
</table>${more > 0 ? html`<p class="note">…and ${fmt(more)} more: filter the records below by result.</p>` : ''}`;
  return html`<section aria-labelledby="failing-h">
<h2 id="failing-h">Failing now</h2>
${body}
</section>`;
}

function options(values: readonly string[], labels: (v: string) => string): SafeHtml {
  return html`${values.map((v) => html`<option value="${v}">${labels(v)}</option>`)}`;
}

/** Filters, counter, the (script-rendered) records table and its pager. */
export function recordsSection(model: ReportModel, inline: InlineCounts): SafeHtml {
  const total = inline.full + inline.brief;
  return html`<section id="records" aria-labelledby="records-h">
<h2 id="records-h">Evidence records</h2>
${inlineNote(inline)}
<div class="filters" role="search">
<label for="filter-check">Check<select id="filter-check"><option value="">All checks</option>${options(
    model.checks.filter((c) => c.counts.total > 0).map((c) => c.id),
    (v) => v,
  )}</select></label>
<label for="filter-result">Result<select id="filter-result"><option value="">All results</option>${options(RESULTS, (v) => RESULT_LABEL[v] ?? v)}</select></label>
<label for="filter-family">Family<select id="filter-family"><option value="">All families</option>${options(FAMILIES, (v) => v)}</select></label>
<label for="filter-integrity">Integrity<select id="filter-integrity"><option value="">Any</option><option value="verified">verified</option><option value="failed">failed verification</option></select></label>
<label for="filter-resource">Resource contains<input id="filter-resource" type="search" placeholder="id or ARN" autocomplete="off"></label>
<button type="button" class="plain" id="filter-reset">Reset</button>
<span id="records-counter" role="status" aria-live="polite">${fmt(total)} of ${fmt(total)} records</span>
</div>
<table class="records">
<caption class="muted">Records (${fmt(total)} in this page, ${fmt(total + inline.omitted)} in the period)</caption>
<thead><tr><th scope="col">Check</th><th scope="col">Result</th><th scope="col">Resource</th><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Observed</th><th scope="col">Reason</th><th scope="col">Integrity</th><th scope="col"><span class="muted">Record</span></th></tr></thead>
<tbody id="records-body"><tr class="nojs"><td colspan="9">This table needs JavaScript; the CSV report lists the same records.</td></tr></tbody>
</table>
<div class="pager"><button type="button" class="plain" id="page-prev">Previous</button><span id="page-info"></span><button type="button" class="plain" id="page-next">Next</button></div>
</section>
<dialog id="record-dialog" aria-labelledby="record-dialog-title">
<div class="head"><h2 id="record-dialog-title">Record</h2><button type="button" class="plain" id="record-dialog-close">Close</button></div>
<div class="body"><dl id="record-dialog-meta"></dl><pre id="record-dialog-json" tabindex="0" aria-label="Record JSON"></pre></div>
</dialog>`;
}
