import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';
import { sortedVerdicts as verdicts } from '../fixtures/recorded/verdicts.ts';

const CHECKS = ['eks-cluster-endpoint-private', 'eks-cluster-secrets-encrypted'];

describe('the EKS checks on recorded EKS answers', () => {
  it('pass a private cluster whose secrets are under a KMS key, PHI-scoped by its tags', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('eks/pass.json'), CHECKS);
    // Assess
    expect(verdicts(records)).toEqual([
      ['eks-cluster-endpoint-private', 'clinical-apps', 'pass'],
      ['eks-cluster-secrets-encrypted', 'clinical-apps', 'pass'],
    ]);
    expect(records.every((r) => r.resource.phiScoped)).toBe(true);
  });

  it('fail a default cluster (public to 0.0.0.0/0, no secrets key) beside an allow-listed one', async () => {
    const records = await sweepRecorded(recordedFixture('eks/fail.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['eks-cluster-endpoint-private', 'clinical-apps', 'pass'],
      ['eks-cluster-endpoint-private', 'dev-sandbox', 'fail'],
      ['eks-cluster-secrets-encrypted', 'clinical-apps', 'pass'],
      ['eks-cluster-secrets-encrypted', 'dev-sandbox', 'fail'],
    ]);
  });

  it('record nothing in a region without clusters', async () => {
    expect(await sweepRecorded(recordedFixture('eks/disabled.json'), CHECKS)).toEqual([]);
  });

  it('record an error with ACCESS_DENIED for each check when the listing is denied', async () => {
    const records = await sweepRecorded(recordedFixture('eks/denied.json'), CHECKS);
    expect(verdicts(records)).toEqual([
      ['eks-cluster-endpoint-private', '111122223333:us-east-1', 'error'],
      ['eks-cluster-secrets-encrypted', '111122223333:us-east-1', 'error'],
    ]);
    for (const record of records) expect(record.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});
