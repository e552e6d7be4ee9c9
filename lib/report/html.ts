import { createHash } from 'node:crypto';
import { COLLECTOR_VERSION } from '../model/version.ts';
import { CLIENT_SCRIPT } from './html-client.ts';
import { html, SafeHtml } from './html-escape.ts';
import { inlineData } from './html-data.ts';
import { exceptionsSection, freshnessSection, historySection, requirementsSection } from './html-audit.ts';
import { checkSection, citationSection, failingNowSection, familySection, recordsSection } from './html-sections.ts';
import { REPORT_CSS } from './html-style.ts';
import type { ReportModel } from './model-types.ts';

/**
 * The auditor's HTML report: ONE self-contained file (inline CSS and script, no fonts, no CDN, no
 * network) that opens from a laptop or an evidence share.
 *
 * Design for 1,000,000 records: the summaries are rendered here (their size depends on the catalog,
 * not on the records); of the records the page carries each resource's latest state and every fail,
 * error or excepted record (lib/report/html-data.ts), once, as embedded JSON, and the page script
 * renders the records table 100 rows at a time. The rest are counted and the page says how to get them. The page's Content-Security-Policy allows only
 * that script (by hash) and no network at all, so even a missed escape could not run or fetch.
 */

const fmt = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many: string): string => `${fmt(n)} ${n === 1 ? one : many}`;

/** The period as asked (`from` inclusive, `to` exclusive), or as observed when it was open-ended. */
function periodText(model: ReportModel): SafeHtml {
  const { from, to, firstObservedAt, lastObservedAt } = model.period;
  const start = from ? html`from <time>${from}</time> (inclusive)` : html`from the first record, <time>${firstObservedAt ?? '-'}</time>`;
  const end = to ? html`to <time>${to}</time> (exclusive)` : html`to the last record, <time>${lastObservedAt ?? '-'}</time>`;
  return html`Records observed ${start} ${end}`;
}

function header(model: ReportModel): SafeHtml {
  const t = model.totals;
  const failingVerification = model.integrity.failed;
  const noEvidence = model.audit.requirements.filter((r) => r.status === 'no-evidence').length;
  return html`<header class="top">
<h1>HIPAA Security Rule evidence report</h1>
<p>${periodText(model)} · state as of <time>${model.audit.judgedAt}</time> · generated <time>${model.generatedAt}</time> by trailproof ${COLLECTOR_VERSION}</p>
</header>
<main>
<section aria-labelledby="overview-h">
<h2 id="overview-h">Overview</h2>
<dl class="kpis">
<div class="kpi"><dt>Records</dt><dd>${fmt(t.total)}</dd></div>
<div class="kpi"><dt>Pass</dt><dd>${fmt(t.pass)}</dd></div>
<div class="kpi${t.fail > 0 ? ' bad' : ''}"><dt>Fail</dt><dd>${fmt(t.fail)}</dd></div>
<div class="kpi"><dt>Not applicable</dt><dd>${fmt(t.not_applicable)}</dd></div>
<div class="kpi${t.error > 0 ? ' bad' : ''}"><dt>Error</dt><dd>${fmt(t.error)}</dd></div>
<div class="kpi${model.failingNow.length > 0 ? ' bad' : ''}"><dt>Failing now</dt><dd>${fmt(model.failingNow.length)}</dd></div>
<div class="kpi"><dt>of which excepted</dt><dd>${fmt(model.audit.exceptedNow)}</dd></div>
<div class="kpi${model.audit.staleNow > 0 ? ' bad' : ''}"><dt>Stale resources</dt><dd>${fmt(model.audit.staleNow)}</dd></div>
<div class="kpi${model.audit.silence.length > 0 ? ' bad' : ''}"><dt>Silent days</dt><dd>${fmt(model.audit.silence.reduce((n, s) => n + s.days, 0))}</dd></div>
<div class="kpi${noEvidence > 0 ? ' bad' : ''}"><dt>Requirements without evidence</dt><dd>${fmt(noEvidence)}</dd></div>
<div class="kpi"><dt>Signature verified</dt><dd>${fmt(model.integrity.verified)}</dd></div>
<div class="kpi${failingVerification > 0 ? ' bad' : ''}"><dt>Failed verification</dt><dd>${fmt(failingVerification)}</dd></div>
</dl>
${
  failingVerification > 0
    ? html`<p class="alert" role="alert"><strong>${plural(failingVerification, 'record', 'records')} failed verification</strong> against the pinned key: they may have been altered or
were not signed by it. They are marked FAILED below; do not rely on them.</p>`
    : ''
}
</section>`;
}

/** The CSP source of the inline script: its SHA-256, so only this exact script may run. */
function scriptHash(script: string = CLIENT_SCRIPT): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/**
 * The whole report as one HTML document.
 *
 * @example await writeFile('report.html', renderHtml(buildReportModel(records, statuses, options)));
 */
export function renderHtml(model: ReportModel): string {
  const { data, counts } = inlineData(model);
  const csp = `default-src 'none'; script-src ${scriptHash()}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  // The stylesheet and the script are our constants, not data: the only markup inserted unescaped.
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>HIPAA evidence report · trailproof</title>
<style>${new SafeHtml(REPORT_CSS)}</style>
</head>
<body>
${header(model)}
${familySection(model)}
${citationSection(model)}
${requirementsSection(model)}
${checkSection(model)}
${failingNowSection(model)}
${exceptionsSection(model)}
${freshnessSection(model)}
${historySection(model)}
${recordsSection(model, counts)}
</main>
<script type="application/json" id="report-data">${data}</script>
<script>${new SafeHtml(CLIENT_SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
