import { formatProblems } from '../evidence/verification-codes.ts';
import { UNCONFIRMED, UNCONFIRMED_MEANING } from '../model/hipaa.ts';
import type { AppliedException, ExceptionView, RequirementRow } from './audit-types.ts';
import { html, type SafeHtml } from './html-escape.ts';
import type { IntegrityStatus, ReportModel } from './model-types.ts';
import { resourceKey } from './model.ts';

/**
 * The audit workflow's sections of the HTML report: one row per requirement (automated, attested
 * or without evidence), the exceptions and what they except, fresh and stale evidence and silent
 * accounts, and the history of each resource's failures. Bounded by the catalog, the ledger or
 * capped (HISTORY_ROWS), whatever the number of records.
 */

/** The most resources the history table lists (longest exposure first); the CSV has every record. */
const HISTORY_ROWS = 1000;

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * A duration as people read it: `45m`, `9h 47m`, `3d 4h`.
 *
 * @example durationText(35_220_000) // '9h 47m'
 */
export function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h${minutes % 60 ? ` ${minutes % 60}m` : ''}`;
  const days = Math.floor(hours / 24);
  return `${days}d${hours % 24 ? ` ${hours % 24}h` : ''}`;
}

function verifiedBadge(status: IntegrityStatus): SafeHtml {
  return status.ok ? html`<span class="badge ok">verified</span>` : html`<span class="badge bad" title="${formatProblems(status.errors)}">FAILED</span>`;
}

/** The badge an excepted fail carries beside its `fail`: the exception's kind, its facts in the title. */
export function exceptionBadge(exception: AppliedException | undefined): SafeHtml | '' {
  if (!exception) return '';
  const until = exception.revokedAt ? `revoked ${exception.revokedAt}` : `until ${exception.expiresAt}`;
  const title = `${exception.kind}: ${exception.reason} (approved by ${exception.approver}${exception.ticket ? `, ticket ${exception.ticket}` : ''}, ${until}; exception ${exception.id})`;
  return html` <span class="badge excepted" title="${title}">excepted</span>`;
}

const STATUS_LABEL: Record<RequirementRow['status'], string> = { automated: 'automated', attested: 'attested', 'no-evidence': 'no evidence' };

function requirementEvidence(row: RequirementRow): SafeHtml {
  const checks = row.checksWithEvidence.length > 0
    ? html`<div>Checks: ${row.checksWithEvidence.map((id, i) => html`${i > 0 ? ', ' : ''}<span class="mono">${id}</span>`)}${row.failingNow > 0 ? html` · <span class="sev-critical">${fmt(row.failingNow)} failing now</span>${row.excepted > 0 ? html` (${fmt(row.excepted)} excepted)` : ''}` : ''}</div>`
    : row.checks.length > 0
      ? html`<div class="muted">Mapped checks without records in the period: ${row.checks.join(', ')}</div>`
      : '';
  const attestations = row.attestations.map(
    (a) => html`<div class="attestation${a.inForce ? '' : ' muted'}">Attested by <strong>${a.document.attestedBy}</strong> on <time>${a.document.attestedAt}</time>${a.document.expiresAt ? html`, until <time>${a.document.expiresAt}</time>` : ', no expiry'}${a.inForce ? '' : ' (not in force)'}: ${a.document.statement}${
      a.document.attachment ? html` <span class="mono muted" title="sha256 ${a.document.attachment.sha256}">[${a.document.attachment.name}, sha256 ${a.document.attachment.sha256.slice(0, 12)}…]</span>` : ''
    } ${verifiedBadge(a.integrity)}</div>`,
  );
  return html`${checks}${attestations}${row.status === 'no-evidence' && row.attestations.length === 0 && row.checksWithEvidence.length === 0 ? html`<span class="muted">No check records it and nobody attested it.</span>` : ''}`;
}

/** Every requirement with its status: the current rule's technical safeguards, then the 2025 proposal. */
export function requirementsSection(model: ReportModel): SafeHtml {
  const rows = model.audit.requirements;
  const counts = { automated: 0, attested: 0, 'no-evidence': 0 };
  for (const row of rows) counts[row.status] += 1;
  return html`<section id="requirements" aria-labelledby="requirements-h">
<h2 id="requirements-h">Every requirement</h2>
<p class="note">One row per citation of the current rule's technical safeguards (45 CFR 164.312) and per paragraph of the 2025 proposed rule, as of <time>${model.audit.judgedAt}</time>:
<strong>automated</strong> when a check recorded evidence in the period, <strong>attested</strong> when a signed attestation is in force, otherwise <strong>no evidence</strong>.
${fmt(counts.automated)} automated, ${fmt(counts.attested)} attested, ${fmt(counts['no-evidence'])} without evidence.</p>
<table class="requirements">
<thead><tr><th scope="col">Requirement</th><th scope="col">Rule</th><th scope="col">Status</th><th scope="col">Evidence</th></tr></thead>
<tbody>${rows.map(
    (row) => html`<tr class="req-${row.status}">
<th scope="row" class="nowrap">${row.citation}${row.unconfirmed ? html` <span class="muted" title="${UNCONFIRMED_MEANING}">(${UNCONFIRMED})</span>` : ''}${row.title ? html`<div class="muted">${row.title}</div>` : ''}</th>
<td>${row.rule === 'current' ? 'current' : '2025 proposed'}</td>
<td><span class="badge status-${row.status}">${STATUS_LABEL[row.status]}</span></td>
<td>${requirementEvidence(row)}</td>
</tr>`,
  )}</tbody>
</table>
</section>`;
}

const STATE_LABEL: Record<ExceptionView['state'], string> = { 'in-force': 'in force', pending: 'not yet in force', expired: 'expired', revoked: 'revoked', unverified: 'FAILED verification' };

/** Every exception of the store, with its state at the judging time and the fails it excepts. */
export function exceptionsSection(model: ReportModel): SafeHtml {
  const views = model.audit.exceptions;
  const body = views.length === 0
    ? html`<p class="note">No exception was recorded (trailproof except).</p>`
    : html`<table class="exceptions">
<thead><tr><th scope="col">Check</th><th scope="col">Resource</th><th scope="col">Kind</th><th scope="col">Reason</th><th scope="col">Approved by</th><th scope="col">Window</th><th scope="col">State</th><th scope="col" class="num">Fails excepted</th><th scope="col">Integrity</th></tr></thead>
<tbody>${views.map(({ document: d, state, revocation, excepted, integrity }) => html`<tr>
<td class="mono">${d.check.id}</td><td class="mono wrap">${d.resource.id}${d.resource.account ? html`<div class="muted">${d.resource.account}${d.resource.region ? ` ${d.resource.region}` : ''}</div>` : ''}</td>
<td>${d.kind}</td><td class="wrap">${d.reason}${d.ticket ? html`<div class="muted">ticket ${d.ticket}</div>` : ''}</td><td>${d.approver}</td>
<td class="mono nowrap"><time>${d.effectiveFrom}</time><br>to <time>${d.expiresAt}</time>${revocation ? html`<br>revoked <time>${revocation.revokedAt}</time>` : ''}</td>
<td><span class="badge exception-${state}">${STATE_LABEL[state]}</span></td><td class="num">${fmt(excepted)}</td><td>${verifiedBadge(integrity)}</td>
</tr>`)}</tbody>
</table>`;
  return html`<section id="exceptions" aria-labelledby="exceptions-h">
<h2 id="exceptions-h">Exceptions</h2>
<p class="note">A fail inside an exception's window is reported as <strong>excepted</strong>, with the reason and approver: its record still says fail. An expired or revoked exception no longer applies.</p>
${body}
</section>`;
}

/** Stale resources (latest record older than the limit) and silent accounts and regions (no run record on a day). */
export function freshnessSection(model: ReportModel): SafeHtml {
  const { audit } = model;
  const seen = new Set<string>();
  // Newest first: each stale resource's first entry is its latest record.
  const stale = model.entries.filter((e) => e.stale && !seen.has(resourceKey(e.record)) && seen.add(resourceKey(e.record))).slice(0, HISTORY_ROWS);
  const judged = Date.parse(audit.judgedAt);
  const staleTable = stale.length === 0
    ? html`<p class="note">Every resource of the sweep's checks was evaluated within ${durationText(audit.staleAfterMs)} before <time>${audit.judgedAt}</time>.</p>`
    : html`<table class="stale-resources">
<caption>${fmt(audit.staleNow)} stale ${audit.staleNow === 1 ? 'resource' : 'resources'}: latest record older than ${durationText(audit.staleAfterMs)}</caption>
<thead><tr><th scope="col">Check</th><th scope="col">Resource</th><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Last evaluated</th><th scope="col">Age</th><th scope="col">Latest result</th></tr></thead>
<tbody>${stale.map(({ record: r }) => html`<tr><td class="mono">${r.check.id}</td><td class="mono wrap">${r.resource.id}</td><td class="mono">${r.account}</td><td>${r.region}</td><td class="mono nowrap">${r.observedAt}</td><td>${durationText(judged - Date.parse(r.observedAt))}</td><td><span class="badge result-${r.result}">${r.result}</span> <span class="badge stale">stale</span></td></tr>`)}</tbody>
</table>`;
  const silence = audit.silence.length === 0
    ? html`<p class="note">No expected account or region went a day without a run record${audit.runs.count === 0 ? ' (the store holds no run record: run the daily sweep, or name the accounts with --accounts)' : ''}.</p>`
    : html`<table class="silence">
<caption>Silence: expected accounts and regions that wrote no run record on a day</caption>
<thead><tr><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Silent from</th><th scope="col">to</th><th scope="col" class="num">Days</th><th scope="col">Expected because</th></tr></thead>
<tbody>${audit.silence.map((s) => html`<tr><td class="mono">${s.account}</td><td>${s.region ?? 'any region'}</td><td class="mono">${s.from}</td><td class="mono">${s.to}</td><td class="num sev-critical">${fmt(s.days)}</td><td>${s.expectedBy === 'accounts' ? 'named with --accounts' : 'it wrote run records before'}</td></tr>`)}</tbody>
</table>`;
  return html`<section id="freshness" aria-labelledby="freshness-h">
<h2 id="freshness-h">Freshness and silence</h2>
<p class="note">Judged at <time>${audit.judgedAt}</time> from ${fmt(audit.runs.count)} run ${audit.runs.count === 1 ? 'record' : 'records'} of ${fmt(audit.runs.scopes)} account/region ${audit.runs.scopes === 1 ? 'scope' : 'scopes'}${audit.runs.unverified > 0 ? html`; <strong>${fmt(audit.runs.unverified)} failed verification and count for nothing</strong>` : ''}.
A resource nobody re-evaluated is not passing: it is <strong>stale</strong>. An account that stopped reporting is a finding, not a quiet day.</p>
${staleTable}
${silence}
</section>`;
}

/** Per resource: first failure, fix time and time exposed in the period. */
export function historySection(model: ReportModel): SafeHtml {
  const rows = model.audit.history.slice(0, HISTORY_ROWS);
  const more = model.audit.history.length - rows.length;
  const body = rows.length === 0
    ? html`<p class="note">No resource failed in the period.</p>`
    : html`<table class="history">
<caption>${fmt(model.audit.history.length)} ${model.audit.history.length === 1 ? 'resource' : 'resources'} failed in the period, longest exposure first</caption>
<thead><tr><th scope="col">Check</th><th scope="col">Resource</th><th scope="col">Account</th><th scope="col">First failure</th><th scope="col">Fixed</th><th scope="col">Time exposed</th></tr></thead>
<tbody>${rows.map((h) => html`<tr><td class="mono">${h.check}</td><td class="mono wrap">${h.resourceId}</td><td class="mono">${h.account} ${h.region}</td><td class="mono nowrap">${h.firstFailure}</td><td class="mono nowrap">${h.fixedAt ?? html`<span class="sev-critical">still failing</span>`}</td><td>${durationText(h.exposedMs)}</td></tr>`)}</tbody>
</table>${more > 0 ? html`<p class="note">…and ${fmt(more)} more: the CSV report lists every record.</p>` : ''}`;
  return html`<section id="history" aria-labelledby="history-h">
<h2 id="history-h">History of failures</h2>
<p class="note">A failure begins at a fail and ends at the next pass (or not applicable); one still open is exposed until <time>${model.audit.judgedAt}</time>. The checks table gives each check's median time to remediate.</p>
${body}
</section>`;
}
