import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'elasticache-encrypted';

describe('elasticache-encrypted on recorded ElastiCache answers', () => {
  it('passes an encrypted replication group and a serverless cache', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('elasticache/pass.json'), [CHECK]);
    // Assess
    expect(records.map((r) => [r.resource.type, r.resource.id, r.result])).toEqual([
      ['AWS::ElastiCache::ReplicationGroup', 'sessions', 'pass'],
      ['AWS::ElastiCache::ServerlessCache', 'serverlesscache:patient-cache', 'pass'],
    ]);
    expect(records.map((r) => r.resource.phiScoped)).toEqual([true, false]);
  });

  it('fails transit mode "preferred" and an unencrypted group beside a good one', async () => {
    const records = await sweepRecorded(recordedFixture('elasticache/fail.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([
      ['sessions', 'pass'],
      ['migrating', 'fail'],
      ['plain-cache', 'fail'],
    ]);
    expect(records[1]!.observed).toMatchObject({ transitEncryptionMode: 'preferred' });
  });

  it('records nothing in a region without caches', async () => {
    expect(await sweepRecorded(recordedFixture('elasticache/disabled.json'), [CHECK])).toEqual([]);
  });

  it('records an error with ACCESS_DENIED when the listing is denied', async () => {
    const records = await sweepRecorded(recordedFixture('elasticache/denied.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['111122223333:us-east-1', 'error']]);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDenied' } });
  });
});
