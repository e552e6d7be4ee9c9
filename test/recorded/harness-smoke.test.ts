import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

describe('sweepRecorded', () => {
  it('sweeps a recorded account through the real pipeline and returns the signed records', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('iam/root-mfa-smoke.json'), ['iam-root-mfa']);
    // Assess
    expect(records.map((r) => [r.check.id, r.result, r.schema])).toEqual([['iam-root-mfa', 'pass', 'trailproof/evidence-record/v1']]);
    expect(records[0]!.integrity.batch.signature).toMatch(/^[A-Za-z0-9+/=]+$/);
  });
});
