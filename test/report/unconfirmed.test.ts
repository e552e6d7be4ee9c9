import { describe, expect, it } from 'vitest';
import type { CheckMetadata } from '../../lib/model/check.ts';
import { renderCsv } from '../../lib/report/csv.ts';
import { renderHtml } from '../../lib/report/html.ts';
import { buildReportModel, type IntegrityStatus } from '../../lib/report/model.ts';
import { ocsfFinding } from '../../lib/report/ocsf.ts';
import { renderOscal } from '../../lib/report/oscal.ts';
import { formatRecordText } from '../../lib/report/record-text.ts';
import { CHECKS, makeRecord } from '../fixtures/report/records.ts';

/**
 * Every report format marks a proposed paragraph the citation table holds as inferred (164.312(d),
 * audit trail and system log controls) as unconfirmed, and leaves a quoted one (164.312(f)(2)(ii),
 * MFA) bare.
 */

const INFERRED = '164.312(d)';
const QUOTED = '164.312(f)(2)(ii)';
const VERIFIED: IntegrityStatus = { ok: true, errors: [] };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** The fixture checks, citing today's proposed paragraphs: MFA quoted, log validation inferred. */
function checksCiting(): CheckMetadata[] {
  const proposed: Record<string, string[]> = { 'iam-user-console-mfa': [QUOTED], 'cloudtrail-log-file-validation': [INFERRED] };
  return CHECKS.map((c) => ({ ...c, hipaaProposed: proposed[c.id] ?? c.hipaaProposed }));
}

function sample() {
  const checks = checksCiting();
  const records = [
    makeRecord({ seed: 'mfa', check: 'iam-user-console-mfa', resourceId: 'alice', result: 'fail' }),
    makeRecord({ seed: 'trail', check: 'cloudtrail-log-file-validation', resourceId: 'org-trail', result: 'pass' }),
  ];
  for (const r of records) r.controls!.hipaaProposed = [...checks.find((c) => c.id === r.check.id)!.hipaaProposed];
  const statuses = new Map(records.map((r) => [r.id, VERIFIED]));
  const model = buildReportModel(records, statuses, { generatedAt: '2026-04-01T00:00:00.000Z', checks });
  return { records, model };
}

/** The header cell of a proposed citation's row in the HTML summary (the proposed table comes second). */
function proposedCitationHeader(page: string, citation: string): string {
  const start = page.indexOf(`<th scope="row" class="nowrap">${citation}`, page.indexOf('2025 proposed rule (NPRM)'));
  expect(start, citation).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</th>', start));
}

describe('unconfirmed proposed paragraphs in reports', () => {
  it('HTML: the citation summary and the check table mark the inferred paragraph only', () => {
    // Prepare
    const { model } = sample();
    // Act
    const page = renderHtml(model);
    // Assess
    expect(proposedCitationHeader(page, INFERRED)).toMatch(/\(unconfirmed\)/);
    expect(proposedCitationHeader(page, QUOTED)).not.toMatch(/unconfirmed/);
    expect(page).toContain(`proposed: ${INFERRED} (unconfirmed)`);
    expect(page).toContain(`proposed: ${QUOTED}</div>`);
  });

  it('CSV: the hipaaProposed cell carries the mark', () => {
    // Prepare
    const { model, records } = sample();
    // Act
    const lines = renderCsv(model).split('\r\n');
    // Assess
    expect(lines.find((l) => l.startsWith(records[1]!.id))).toContain(`${INFERRED} (unconfirmed)`);
    expect(lines.find((l) => l.startsWith(records[0]!.id))).not.toContain('unconfirmed');
  });

  it('text (trailproof show): the proposed line carries the mark', () => {
    // Prepare
    const { records } = sample();
    // Act
    const [mfa, trail] = records.map((r) => formatRecordText(r, VERIFIED));
    // Assess
    expect(trail).toMatch(new RegExp(`^Proposed 2025 +${INFERRED.replace(/[()]/g, '\\$&')} \\(unconfirmed\\)$`, 'm'));
    expect(mfa).not.toContain('unconfirmed');
  });

  it('OSCAL: the finding title says so and a prop states it, confirmed or not', () => {
    // Prepare
    const { model } = sample();
    // Act
    const findings = (renderOscal(model)['assessment-results'] as Json).results[0].findings as Json[];
    // Assess
    const find = (citation: string) => findings.find((f) => f.props.some((p: Json) => p.name === 'hipaa-citation' && p.value === citation) && f.title.includes('proposed'))!;
    const status = (f: Json) => f.props.find((p: Json) => p.name === 'hipaa-citation-status')?.value;
    expect(find(INFERRED).title).toBe(`HIPAA 45 CFR ${INFERRED} (2025 proposed rule, unconfirmed)`);
    expect(status(find(INFERRED))).toBe('unconfirmed');
    expect(find(QUOTED).title).toBe(`HIPAA 45 CFR ${QUOTED} (2025 proposed rule)`);
    expect(status(find(QUOTED))).toBe('confirmed');
  });

  it('OCSF: unmapped lists the unconfirmed proposed paragraphs beside all of them', () => {
    // Prepare
    const { model } = sample();
    // Act
    const [mfa, trail] = model.entries
      .slice()
      .sort((a, b) => (a.record.check.id < b.record.check.id ? 1 : -1))
      .map((e) => ocsfFinding(e, undefined, 0) as Json);
    // Assess
    expect(trail!.unmapped).toMatchObject({ hipaa_proposed: [INFERRED], hipaa_proposed_unconfirmed: [INFERRED] });
    expect(mfa!.unmapped.hipaa_proposed).toEqual([QUOTED]);
    expect(mfa!.unmapped).not.toHaveProperty('hipaa_proposed_unconfirmed');
  });
});
