import { describe, expect, it } from 'vitest';
import type { VerificationProblem } from '../../lib/evidence/verification-codes.ts';
import { renderCsv } from '../../lib/report/csv.ts';
import { renderHtml } from '../../lib/report/html.ts';
import { buildReportModel } from '../../lib/report/model.ts';
import { CHECKS, makeRecord } from '../fixtures/report/records.ts';

/** Text from evidence that would drive a terminal or reorder what is read, in every report format. */

const OPTIONS = { generatedAt: '2026-04-01T00:00:00.000Z', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', checks: CHECKS };
/** Clears the screen, returns to the line start, prints PASS, then reverses the rest (U+202E), and sets the window title. */
const HOSTILE = '\u001b[2J\rPASS \u202etneve\u001b]0;t\u0007\u0085';
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

function model() {
  const record = makeRecord({ seed: 'hostile', resourceId: `sg-1${HOSTILE}`, reason: `reason ${HOSTILE}`, result: 'fail' });
  record.observed = { [`name${HOSTILE}`]: HOSTILE };
  return buildReportModel([record], new Map([[record.id, { ok: true, errors: [] as VerificationProblem[] }]]), OPTIONS);
}

describe('report outputs show control characters and bidi overrides escaped', () => {
  it('HTML: neither the markup nor the embedded records hold one raw (the script writes the data with textContent)', () => {
    // Act
    const page = renderHtml(model());
    const data = JSON.parse(/<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(page)![1]!) as { entries: Array<{ r: { reason: string; observed: Record<string, string> } }> };
    // Assess
    expect(page).not.toMatch(RAW);
    expect(data.entries[0]!.r.reason).toBe('reason \\u001b[2J\\u000dPASS \\u202etneve\\u001b]0;t\\u0007\\u0085');
    expect(Object.keys(data.entries[0]!.r.observed)).toEqual(['name\\u001b[2J\\u000dPASS \\u202etneve\\u001b]0;t\\u0007\\u0085']);
    expect(RAW.test(JSON.stringify(data.entries[0]!.r))).toBe(false);
  });

  it('CSV: cells hold no raw control character', () => {
    // Act
    const csv = renderCsv(model());
    // Assess
    expect(csv.replaceAll('\r\n', '\n')).not.toMatch(RAW);
    expect(csv).toContain('reason \\u001b[2J\\u000dPASS \\u202etneve');
  });
});
