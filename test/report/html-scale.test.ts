import { describe, expect, it } from 'vitest';
import type { VerificationProblem } from '../../lib/evidence/verification-codes.ts';
import { renderHtml } from '../../lib/report/html.ts';
import { buildReportModel } from '../../lib/report/model.ts';
import { CHECKS, makeRecord, makeRecords } from '../fixtures/report/records.ts';

const OPTIONS = { generatedAt: '2026-04-01T00:00:00.000Z', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', checks: CHECKS };

type Row = { r: { id: string } } | [string, number, number, number, number | string, number, string, 0 | 1];
interface PageData { entries: Row[]; t0: number; names: string[]; reasons: string[] }

function pageOf(records: ReturnType<typeof makeRecord>[]): { page: string; data: PageData } {
  const statuses = new Map(records.map((r) => [r.id, { ok: true, errors: [] as VerificationProblem[] }]));
  const page = renderHtml(buildReportModel(records, statuses, OPTIONS));
  const island = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(page)![1]!;
  return { page, data: JSON.parse(island) as PageData };
}

describe('the HTML report at scale', () => {
  // One resource: an old fail, an old pass, and its latest record (a pass).
  const oldFail = makeRecord({ seed: 'f', result: 'fail', reason: 'open to the world', observedAt: '2026-03-02T00:00:00.000Z' });
  const oldPass = makeRecord({ seed: 'p', result: 'pass', observedAt: '2026-03-03T00:00:00.000Z' });
  const latest = makeRecord({ seed: 'l', result: 'pass', observedAt: '2026-03-04T00:00:00.000Z' });

  it("carries the resource's latest record in full, an earlier fail as a short row and leaves an earlier pass out", () => {
    // Act
    const { data } = pageOf([oldFail, oldPass, latest]);

    // Assess
    expect(data.entries).toHaveLength(2);
    expect((data.entries[0] as { r: { id: string } }).r.id).toBe(latest.id);
    const brief = data.entries[1] as Extract<Row, unknown[]>;
    expect([brief[0], data.names[brief[1]], data.names[brief[2]], new Date(data.t0 + (brief[4] as number)).toISOString(), data.reasons[brief[5]]]).toEqual([
      oldFail.id, oldFail.check.id, 'fail', oldFail.observedAt, 'open to the world',
    ]);
    expect(JSON.stringify(data)).not.toContain(oldPass.id);
  });

  it('says how many records it leaves out and how to get them', () => {
    // Act
    const { page } = pageOf([oldFail, oldPass, latest]);

    // Assess
    expect(page).toContain('1 record is not in this page');
    expect(page).toContain('trailproof list --store STORE');
    expect(page).toContain('trailproof show --store STORE ID');
    expect(page).toContain('Records (2 in this page, 3 in the period)');
  });

  it('keeps 100,000 records under 10 MB (the budget at 1,000,000 is 25 MB)', () => {
    // Act
    const { page } = pageOf(makeRecords(100_000, 90));

    // Assess
    expect(Buffer.byteLength(page)).toBeLessThan(10_000_000);
  });
});
