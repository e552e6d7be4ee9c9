import type { ExceptionDocument, RevocationDocument } from '../evidence/ledger-types.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import type { AppliedException, ExceptionState, ExceptionView, LedgerInput } from './audit-types.ts';

/** An exception that counts: verified, recorded by the judging time, with the end of its window. */
interface Usable {
  document: ExceptionDocument;
  from: number;
  /** The earlier of its expiry and its revocation (a revocation recorded by the judging time). */
  end: number;
  revocation?: RevocationDocument;
}

const time = (text: string): number => Date.parse(text);

/**
 * Which fails exceptions cover, at a judging time. An exception applies to a fail of its check on
 * its resource (id or ARN, and its account and region when it names them) observed inside
 * [effectiveFrom, end), where end is its expiry or its revocation, whichever comes first; to a
 * resource's latest record only while it is in force at the judging time (an expired or revoked
 * exception no longer applies to what fails now). Only verified documents count, and only those
 * recorded by the judging time (a report as of a past day ignores later exceptions). The record's
 * verdict is never changed: callers mark the fail as excepted beside it.
 */
export class ExceptionIndex {
  readonly #byCheck = new Map<string, Usable[]>();
  readonly #judgedAt: number;
  readonly #ledger: Pick<LedgerInput, 'exceptions' | 'revocations'>;
  readonly #revocations = new Map<string, RevocationDocument>();
  readonly #counts = new Map<string, number>();

  constructor(ledger: Pick<LedgerInput, 'exceptions' | 'revocations'>, judgedAt: number) {
    this.#judgedAt = judgedAt;
    this.#ledger = ledger;
    for (const { document, integrity } of ledger.revocations) {
      // The first verified revocation recorded by the judging time ends the exception.
      if (integrity.ok && time(document.revokedAt) <= judgedAt && !this.#revocations.has(document.exception.id)) this.#revocations.set(document.exception.id, document);
    }
    const seen = new Set<string>();
    for (const { document, integrity } of ledger.exceptions) {
      if (!integrity.ok || time(document.createdAt) > judgedAt || seen.has(document.id)) continue;
      seen.add(document.id);
      const revocation = this.#revocations.get(document.id);
      const end = Math.min(time(document.expiresAt), revocation ? time(revocation.revokedAt) : Infinity);
      const list = this.#byCheck.get(document.check.id) ?? [];
      list.push({ document, from: time(document.effectiveFrom), end, ...(revocation ? { revocation } : {}) });
      this.#byCheck.set(document.check.id, list);
    }
  }

  /**
   * The exception a fail is excepted by, if any (the latest-recorded one when several cover it).
   *
   * @param latest the record is its resource's latest: the exception must also be in force at the judging time.
   */
  applied(record: EvidenceRecord, latest: boolean): AppliedException | undefined {
    if (record.result !== 'fail') return undefined;
    const observed = time(record.observedAt);
    let best: Usable | undefined;
    for (const candidate of this.#byCheck.get(record.check.id) ?? []) {
      const { resource } = candidate.document;
      if (resource.id !== record.resource.id && resource.id !== record.resource.arn) continue;
      if ((resource.account && resource.account !== record.account) || (resource.region && resource.region !== record.region)) continue;
      if (!(candidate.from <= observed && observed < candidate.end)) continue;
      if (latest && !(this.#judgedAt < candidate.end)) continue;
      if (!best || candidate.document.createdAt > best.document.createdAt) best = candidate;
    }
    if (!best) return undefined;
    this.#counts.set(best.document.id, (this.#counts.get(best.document.id) ?? 0) + 1);
    const d = best.document;
    return {
      id: d.id,
      kind: d.kind,
      reason: d.reason,
      approver: d.approver,
      ...(d.ticket ? { ticket: d.ticket } : {}),
      effectiveFrom: d.effectiveFrom,
      expiresAt: d.expiresAt,
      createdAt: d.createdAt,
      ...(best.revocation ? { revokedAt: best.revocation.revokedAt } : {}),
    };
  }

  /** Every exception of the store with its state at the judging time and the fails it excepted (call after applied()). */
  views(): ExceptionView[] {
    const seen = new Set<string>();
    const views: ExceptionView[] = [];
    for (const entry of this.#ledger.exceptions) {
      if (seen.has(entry.document.id)) continue;
      seen.add(entry.document.id);
      const revocation = this.#revocations.get(entry.document.id);
      views.push({ ...entry, state: this.#state(entry.document, entry.integrity.ok, revocation), excepted: this.#counts.get(entry.document.id) ?? 0, ...(revocation ? { revocation } : {}) });
    }
    return views.sort((a, b) => (a.document.createdAt < b.document.createdAt ? 1 : -1));
  }

  #state(document: ExceptionDocument, verified: boolean, revocation: RevocationDocument | undefined): ExceptionState {
    if (!verified) return 'unverified';
    if (revocation) return 'revoked';
    if (time(document.expiresAt) <= this.#judgedAt) return 'expired';
    return time(document.effectiveFrom) > this.#judgedAt || time(document.createdAt) > this.#judgedAt ? 'pending' : 'in-force';
  }
}
