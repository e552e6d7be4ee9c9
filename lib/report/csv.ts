import { formatProblems } from '../evidence/verification-codes.ts';
import { citationText } from '../model/hipaa.ts';
import { inertText } from '../util/inert-text.ts';
import type { CheckSummary, ReportEntry, ReportModel } from './model-types.ts';

/**
 * The records of a report as RFC 4180 CSV (CRLF line ends, a header row), one row per record, for
 * auditors who work in a spreadsheet. Record text comes from AWS and is untrusted, so cells that a
 * spreadsheet would run as a formula are defused (OWASP "CSV injection").
 */

/** What a row reads beside its entry: the remediation text of each check (from its metadata). */
interface RowContext {
  remediation: ReadonlyMap<string, string | undefined>;
}

/** An excepted fail's exception as one cell: kind, reason, approver, ticket and id. */
function exceptionText(e: ReportEntry): string | undefined {
  const x = e.exception;
  return x && `${x.kind}: ${x.reason} (approved by ${x.approver}${x.ticket ? `, ticket ${x.ticket}` : ''}; exception ${x.id})`;
}

/**
 * Column name and how to read it from an entry, in output order. The audit columns come last, so a
 * spreadsheet built on the earlier columns keeps working: `exception` and `exception_expires` for
 * an excepted fail (its result stays `fail`), `stale` and `last_evaluated_at` of its resource at the
 * judging time, the citations of both rules, and the check's remediation.
 */
const COLUMNS: ReadonlyArray<readonly [string, (e: ReportEntry, context: RowContext) => string | boolean | undefined]> = [
  ['id', (e) => e.record.id],
  ['check', (e) => e.record.check.id],
  ['family', (e) => e.record.check.family],
  ['severity', (e) => e.record.check.severity],
  ['result', (e) => e.record.result],
  ['reason', (e) => e.record.reason],
  ['resourceType', (e) => e.record.resource.type],
  ['resourceId', (e) => e.record.resource.id],
  ['resourceArn', (e) => e.record.resource.arn],
  ['phiScoped', (e) => e.record.resource.phiScoped],
  ['account', (e) => e.record.account],
  ['region', (e) => e.record.region],
  ['observedAt', (e) => e.record.observedAt],
  ['collectedAt', (e) => e.record.collectedAt],
  ['triggerSource', (e) => e.record.trigger?.source],
  ['triggerEventName', (e) => e.record.trigger?.eventName],
  ['triggerActor', (e) => e.record.trigger?.actor],
  ['triggerSourceIp', (e) => e.record.trigger?.sourceIp],
  ['triggerMfaAuthenticated', (e) => e.record.trigger?.mfaAuthenticated],
  ['hipaa', (e) => e.record.controls?.hipaa.join('; ')],
  ['hipaaProposed', (e) => e.record.controls?.hipaaProposed.map((c) => citationText(c, 'proposed')).join('; ')],
  ['integrity', (e) => (e.integrity.ok ? 'verified' : 'failed')],
  ['integrityErrors', (e) => formatProblems(e.integrity.errors)],
  ['key', (e) => e.key],
  ['exception', exceptionText],
  ['exception_expires', (e) => e.exception?.revokedAt ?? e.exception?.expiresAt],
  ['stale', (e) => e.stale === true],
  ['last_evaluated_at', (e) => e.lastEvaluatedAt],
  ['citation_current', (e) => e.record.controls?.hipaa.join('; ')],
  ['citation_proposed', (e) => e.record.controls?.hipaaProposed.map((c) => citationText(c, 'proposed')).join('; ')],
  ['remediation', (e, context) => context.remediation.get(e.record.check.id)],
];

/** The header row's column names, in order. */
export const CSV_COLUMNS: readonly string[] = COLUMNS.map(([name]) => name);

// What Excel, LibreOffice and Sheets treat as the start of a formula (tab and CR too: some
// importers strip them and then see the next character).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: formula starts defused with a leading `'`, then quoted when it holds a comma,
 * quote or line break (quotes doubled), per RFC 4180.
 *
 * @example csvCell('=HYPERLINK("http://x")') // '"\'=HYPERLINK(""http://x"")"'
 */
export function csvCell(value: string | boolean | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  // Control characters and bidi overrides escaped, so a cell printed with cat cannot drive a terminal;
  // line breaks (LF, CRLF) and tabs are kept, quoted: a lone CR, which would overwrite the line, is not.
  text = text
    .split('\r\n')
    .map((part) => inertText(part, '\n\t'))
    .join('\r\n');
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Every record of the model as CSV text, newest observedAt first (the model's order).
 *
 * @example await writeFile('report.csv', renderCsv(model));
 */
export function renderCsv(model: Pick<ReportModel, 'entries'> & Partial<Pick<ReportModel, 'checks'>>): string {
  const row = csvRows(model.checks ?? []);
  return [CSV_HEADER, ...model.entries.map(row)].join('');
}

/** The header row, with its line end. */
export const CSV_HEADER = `${CSV_COLUMNS.map(csvCell).join(',')}\r\n`;

/**
 * One entry as a CSV row with its line end, for writers that stream the rows (lib/report/stream-rows.ts).
 *
 * @example const row = csvRows(model.checks); out.write(CSV_HEADER); for (const e of entries) out.write(row(e));
 */
export function csvRows(checks: ReadonlyArray<Pick<CheckSummary, 'id' | 'remediation'>>): (entry: ReportEntry) => string {
  const context: RowContext = { remediation: new Map(checks.map((c) => [c.id, c.remediation])) };
  return (entry) => `${COLUMNS.map(([, read]) => csvCell(read(entry, context))).join(',')}\r\n`;
}
