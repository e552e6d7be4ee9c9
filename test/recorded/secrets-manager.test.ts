import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'secretsmanager-secret-rotation';
const STARTED_AT = new Date('2025-06-30T12:00:00Z');

const sweep = (name: string) => sweepRecorded(recordedFixture(`secrets-manager/${name}.json`), [CHECK], { startedAt: STARTED_AT });

describe('secretsmanager-secret-rotation on recorded Secrets Manager answers', () => {
  it('passes a secret its Lambda rotated 10 days ago, judged from ListSecrets alone', async () => {
    // Act
    const records = await sweep('pass');
    // Assess
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['prod/orders-db', 'pass']]);
    expect(records[0]).toMatchObject({ schema: 'trailproof/evidence-record/v2', resource: { phiScoped: true }, observed: { daysSinceRotation: 10, settings: { secretRotationMaxDays: 90 } } });
  });

  it('fails the API key that never rotates', async () => {
    const records = await sweep('fail');
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([
      ['prod/orders-db', 'pass'],
      ['partner/api-key', 'fail'],
    ]);
  });

  it('records nothing in a region without secrets', async () => {
    expect(await sweep('disabled')).toEqual([]);
  });

  it('records an error with ACCESS_DENIED when ListSecrets is denied', async () => {
    const records = await sweep('denied');
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['111122223333:us-east-1', 'error']]);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});
