import { citationTitle, isUnconfirmed, requirementCitations, type HipaaRule } from '../model/hipaa.ts';
import type { AttestationView, LedgerInput, RequirementRow } from './audit-types.ts';
import type { CheckSummary, CitationSummary } from './model-types.ts';

/** Is an attestation good evidence at the judging time: verified, made by then, not expired? */
function inForce(view: LedgerInput['attestations'][number], judgedAt: number): boolean {
  const { document, integrity } = view;
  return integrity.ok && Date.parse(document.attestedAt) <= judgedAt && (document.expiresAt === undefined || judgedAt < Date.parse(document.expiresAt));
}

/**
 * One row per requirement: every citation of the current rule's technical safeguards and every
 * paragraph of the 2025 proposal (lib/model/hipaa.ts), plus any other citation a check maps or an
 * attestation names. A row is `automated` when a mapped check has records in the period (which
 * checks, and how many resources fail now), else `attested` when a verified attestation is in
 * force at the judging time (by whom, until when), else `no-evidence`: a gap the auditor must see.
 * Attestations are listed on every row they name, in force or not.
 */
export function requirementRows(
  model: { citations: { current: readonly CitationSummary[]; proposed: readonly CitationSummary[] }; checks: readonly CheckSummary[] },
  attestations: LedgerInput['attestations'],
  judgedAt: number,
): RequirementRow[] {
  const { citations } = model;
  const checks = new Map(model.checks.map((c) => [c.id, c]));
  const key = (rule: HipaaRule, citation: string) => `${rule}\u0000${citation}`;
  const wanted = new Map<string, { rule: HipaaRule; citation: string }>();
  for (const r of requirementCitations()) wanted.set(key(r.rule, r.citation), r);
  for (const c of [...citations.current, ...citations.proposed]) wanted.set(key(c.rule, c.citation), { rule: c.rule, citation: c.citation });
  for (const { document } of attestations) wanted.set(key(document.citation.rule, document.citation.id), { rule: document.citation.rule, citation: document.citation.id });

  const summaries = new Map([...citations.current, ...citations.proposed].map((c) => [key(c.rule, c.citation), c]));
  const byCitation = new Map<string, AttestationView[]>();
  for (const entry of attestations) {
    const k = key(entry.document.citation.rule, entry.document.citation.id);
    byCitation.set(k, [...(byCitation.get(k) ?? []), { ...entry, inForce: inForce(entry, judgedAt) }]);
  }

  const rows = [...wanted.entries()].map(([k, { rule, citation }]): RequirementRow => {
    const summary = summaries.get(k);
    const views = (byCitation.get(k) ?? []).sort((a, b) => (a.document.attestedAt < b.document.attestedAt ? 1 : -1));
    const title = citationTitle(citation, rule);
    const automated = (summary?.counts.total ?? 0) > 0;
    return {
      citation,
      rule,
      ...(title ? { title } : {}),
      unconfirmed: isUnconfirmed(citation, rule),
      status: automated ? 'automated' : views.some((v) => v.inForce) ? 'attested' : 'no-evidence',
      checks: summary?.checks ?? [],
      checksWithEvidence: (summary?.checks ?? []).filter((id) => (checks.get(id)?.counts.total ?? 0) > 0),
      failingNow: summary?.failingNow ?? 0,
      excepted: (summary?.checks ?? []).reduce((n, id) => n + (checks.get(id)?.excepted ?? 0), 0),
      attestations: views,
    };
  });
  const order = (rule: HipaaRule) => (rule === 'current' ? 0 : 1);
  return rows.sort((a, b) => order(a.rule) - order(b.rule) || a.citation.localeCompare(b.citation, 'en', { numeric: true }));
}
