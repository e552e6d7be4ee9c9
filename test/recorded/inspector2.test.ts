import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'inspector-enabled';
/** The sweep's start is the judging time: the recorded scans are aged from it. */
const startedAt = new Date('2026-06-01T00:00:00Z');

describe('inspector-enabled on recorded Inspector answers', () => {
  it('passes all scan types on and every scan within 180 days, stating the setting', async () => {
    const records = await sweepRecorded(recordedFixture('inspector2/pass.json'), [CHECK], { startedAt });
    expect(records.map((r) => [r.resource.type, r.resource.id, r.result])).toEqual([['AWS::::Account', '111122223333', 'pass']]);
    expect(records[0]!.observed).toMatchObject({ settings: { inspectorScanMaxAgeDays: 180 } });
  });

  it('fails an image not rescanned for nine months', async () => {
    const records = await sweepRecorded(recordedFixture('inspector2/fail.json'), [CHECK], { startedAt });
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['111122223333', 'fail']]);
    expect(records[0]!.reason).toMatch(/sha256:9e1d77 \(last scanned 2025-09-01/);
  });

  it('fails Inspector DISABLED in the region', async () => {
    const records = await sweepRecorded(recordedFixture('inspector2/disabled.json'), [CHECK], { startedAt });
    expect(records.map((r) => [r.resource.id, r.result, r.reason])).toEqual([['111122223333', 'fail', 'Amazon Inspector is not enabled in account 111122223333 in us-east-1 (DISABLED)']]);
  });

  it('records an error with ACCESS_DENIED when BatchGetAccountStatus is denied', async () => {
    const records = await sweepRecorded(recordedFixture('inspector2/denied.json'), [CHECK], { startedAt });
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['111122223333', 'error']]);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});
