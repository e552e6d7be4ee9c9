import type { ExceptionDocument, LedgerDocument, RevocationDocument } from '../evidence/ledger-types.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import { formatProblems } from '../evidence/verification-codes.ts';
import { inertText } from '../util/inert-text.ts';
import type { AppliedException } from './audit-types.ts';
import { ExceptionIndex } from './exceptions.ts';
import { durationText } from './html-audit.ts';
import type { IntegrityStatus } from './model-types.ts';
import { resourceKey } from './model.ts';

/**
 * The audit workflow's documents as a terminal reads them (`trailproof show`, `trailproof list`):
 * one document as aligned lines, the exceptions that cover a record, and a resource's timeline.
 * Every string from the store is made inert (inertText) before it reaches the terminal.
 */

/** Does an exception name this record's check and resource (whatever its window)? */
export function exceptionNames(exception: ExceptionDocument, record: EvidenceRecord): boolean {
  const { resource } = exception;
  return exception.check.id === record.check.id && (resource.id === record.resource.id || resource.id === record.resource.arn) &&
    (!resource.account || resource.account === record.account) && (!resource.region || resource.region === record.region);
}

/** One exception as a sentence. */
export function exceptionSentence(d: ExceptionDocument | AppliedException, revokedAt?: string): string {
  const end = revokedAt ? `revoked ${revokedAt}` : `until ${d.expiresAt}`;
  return `${d.kind}: ${d.reason} (approved by ${d.approver}${d.ticket ? `, ticket ${d.ticket}` : ''}; from ${d.effectiveFrom} ${end}; exception ${d.id})`;
}

/** Aligned `label  value` lines, inert. */
function rows(pairs: Array<[string, string | undefined]>): string {
  const kept = pairs.filter((p): p is [string, string] => p[1] !== undefined);
  const width = Math.max(...kept.map(([label]) => label.length));
  return `${kept.map(([label, value]) => `${label.padEnd(width)}  ${inertText(value)}`).join('\n')}\n`;
}

/** One ledger document, readable, with its verification status (`trailproof show <id>`). */
export function formatLedgerText(document: LedgerDocument, integrity: IntegrityStatus, key?: string): string {
  const status = integrity.ok ? `verified (key ${document.integrity.batch.keyId})` : `FAILED: ${formatProblems(integrity.errors)}`;
  const head: Array<[string, string | undefined]> = [['Document', `${document.schema} ${document.id}`], ['Key', key]];
  switch (document.schema) {
    case 'trailproof/exception/v1':
      return rows([...head, ['Check', document.check.id], ['Resource', [document.resource.id, document.resource.account, document.resource.region].filter(Boolean).join('  ')], ['Kind', document.kind], ['Reason', document.reason], ['Approver', document.approver], ['Ticket', document.ticket], ['Window', `${document.effectiveFrom} to ${document.expiresAt}`], ['Recorded', document.createdAt], ['Integrity', status]]);
    case 'trailproof/exception-revocation/v1':
      return rows([...head, ['Revokes', `exception ${document.exception.id} (${document.exception.check} on ${document.exception.resource})`], ['Revoked at', document.revokedAt], ['Reason', document.reason], ['Approver', document.approver], ['Integrity', status]]);
    case 'trailproof/run/v1': {
      const judged = document.checks.reduce((n, c) => n + c.resources, 0);
      return rows([...head, ['Scope', `${document.account}  ${document.region}`], ['Ran', `${document.startedAt} to ${document.endedAt}`], ['Checks', `${document.checks.length} checks, ${judged} resources judged`], ['Errors', `${document.errors.length + (document.errorsOmitted ?? 0)}${document.errors[0] ? ` (first: ${document.errors[0].source}: ${document.errors[0].detail})` : ''}`], ['Integrity', status]]);
    }
    case 'trailproof/attestation/v1':
      return rows([...head, ['Citation', `${document.citation.id} (${document.citation.rule} rule)`], ['Statement', document.statement], ['Attested by', document.attestedBy], ['Attested at', document.attestedAt], ['Expires', document.expiresAt ?? 'never'], ['File', document.attachment && `${document.attachment.name}, ${document.attachment.bytes} bytes, attachments/sha256/${document.attachment.sha256}`], ['Integrity', status]]);
  }
}

/**
 * A resource's timeline, oldest first (`trailproof list --resource R`): each record with its
 * result (excepted fails marked, the verdict unchanged), where failures begin and how long each took
 * to fix, and the exceptions and revocations recorded for it, at their time.
 */
export function formatTimeline(records: readonly EvidenceRecord[], exceptions: readonly ExceptionDocument[], revocations: readonly RevocationDocument[], now: Date): string {
  // Browsing does not verify (verify and report do): every schema-valid document is taken as it says.
  const browsed: IntegrityStatus = { ok: true, errors: [] };
  const index = new ExceptionIndex({ exceptions: exceptions.map((document) => ({ document, integrity: browsed })), revocations: revocations.map((document) => ({ document, integrity: browsed })) }, now.getTime());
  const sorted = [...records].sort((a, b) => (a.observedAt < b.observedAt ? -1 : a.observedAt > b.observedAt ? 1 : 0));
  const latest = new Map(sorted.map((r) => [resourceKey(r), r.id]));
  const open = new Map<string, number>();
  const events: Array<{ at: string; text: string }> = [];
  for (const r of sorted) {
    const key = resourceKey(r);
    const exception = index.applied(r, latest.get(key) === r.id);
    let note = '';
    if (r.result === 'fail' && !open.has(key)) {
      open.set(key, Date.parse(r.observedAt));
      note = '  (failure begins)';
    } else if ((r.result === 'pass' || r.result === 'not_applicable') && open.has(key)) {
      note = `  (fixed after ${durationText(Date.parse(r.observedAt) - open.get(key)!)})`;
      open.delete(key);
    }
    const result = `${r.result}${exception ? ' EXCEPTED' : ''}`;
    events.push({ at: r.observedAt, text: `${result.padEnd(14)}  ${r.check.id.padEnd(34)}  ${r.resource.id}  ${r.reason}${note}${exception ? `  [${exceptionSentence(exception, exception.revokedAt)}]` : ''}` });
  }
  const named = (d: ExceptionDocument) => records.some((r) => exceptionNames(d, r));
  for (const d of exceptions.filter(named)) events.push({ at: d.createdAt, text: `${'exception'.padEnd(14)}  ${d.check.id.padEnd(34)}  ${d.resource.id}  ${exceptionSentence(d)}` });
  const ids = new Set(exceptions.filter(named).map((d) => d.id));
  for (const d of revocations.filter((r) => ids.has(r.exception.id))) events.push({ at: d.revokedAt, text: `${'revoked'.padEnd(14)}  ${d.exception.check.padEnd(34)}  ${d.exception.resource}  exception ${d.exception.id}${d.reason ? `: ${d.reason}` : ''}` });
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return events.map((e) => `${inertText(`${e.at}  ${e.text}`)}\n`).join('');
}
