import { describe, expect, it } from 'vitest';
import type { VerificationProblem } from '../../lib/evidence/verification-codes.ts';
import { CSV_COLUMNS } from '../../lib/report/csv.ts';
import { generateReport, writeReport } from '../../lib/report/generate.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { CHECKS, makeRecord } from '../fixtures/report/records.ts';

const VERIFIED = { ok: true, errors: [] as VerificationProblem[] };
const OPTIONS = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', generatedAt: '2026-04-01T00:00:00Z', checks: CHECKS };

/** One security group failing twice, then passing: three records, one resource. */
async function storeOfOneResource(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const days = ['2026-03-02', '2026-03-03', '2026-03-04'];
  for (const [i, day] of days.entries()) {
    const record = makeRecord({ seed: `s${i}`, result: i < 2 ? 'fail' : 'pass', observedAt: `${day}T00:00:00.000Z` });
    await store.put(`records/v1/${day.replaceAll('-', '/')}/00/${record.id}.json`, JSON.stringify(record));
  }
  return store;
}

describe('writeReport (the CLI path)', () => {
  it.each(['csv', 'ocsf'] as const)('writes every record as %s while its model keeps only the latest', async (format) => {
    // Prepare
    const store = await storeOfOneResource();
    const chunks: string[] = [];

    // Act
    const { model } = await writeReport(store, () => VERIFIED, { ...OPTIONS, format }, (chunk) => void chunks.push(chunk));

    // Assess
    expect(model.entries).toHaveLength(1);
    expect(model.totals).toMatchObject({ total: 3, fail: 2, pass: 1 });
    expect(model.audit.history).toMatchObject([{ firstFailure: '2026-03-02T00:00:00.000Z', fixedAt: '2026-03-04T00:00:00.000Z', remediated: 1 }]);
    const lines = chunks.join('').split(/\r?\n/).filter(Boolean);
    expect(lines).toHaveLength(format === 'csv' ? 4 : 3);
  });

  it('writes OSCAL whose observations are every record and whose findings match the whole-model document', async () => {
    // Prepare
    const store = await storeOfOneResource();
    const chunks: string[] = [];
    type Results = { 'assessment-results': { results: Array<{ observations: Array<{ uuid: string }>; findings: unknown[] }>; 'back-matter': unknown } };

    // Act
    await writeReport(store, () => VERIFIED, { ...OPTIONS, format: 'oscal' }, (chunk) => void chunks.push(chunk));
    const whole = await generateReport(store, () => VERIFIED, { ...OPTIONS, format: 'oscal' });

    // Assess
    const streamed = (JSON.parse(chunks.join('')) as Results)['assessment-results'];
    const expected = (JSON.parse(whole.content) as Results)['assessment-results'];
    expect(streamed.results[0]!.observations.map((o) => o.uuid).sort()).toEqual(expected.results[0]!.observations.map((o) => o.uuid).sort());
    expect(streamed.results[0]!.findings).toEqual(expected.results[0]!.findings);
    expect(streamed['back-matter']).toEqual(expected['back-matter']);
  });

  it("gives each streamed CSV row its resource's last evaluation, as the whole-model CSV does", async () => {
    // Prepare
    const store = await storeOfOneResource();
    const chunks: string[] = [];
    const column = CSV_COLUMNS.indexOf('last_evaluated_at');
    const cells = (csv: string) => csv.split('\r\n').filter(Boolean).slice(1).map((row) => row.split(',')[column]).sort();

    // Act
    await writeReport(store, () => VERIFIED, { ...OPTIONS, format: 'csv' }, (chunk) => void chunks.push(chunk));
    const whole = await generateReport(store, () => VERIFIED, { ...OPTIONS, format: 'csv' });

    // Assess
    expect(cells(chunks.join(''))).toEqual(cells(whole.content));
    expect(cells(whole.content)).toEqual(Array(3).fill('2026-03-04T00:00:00.000Z'));
  });
});
