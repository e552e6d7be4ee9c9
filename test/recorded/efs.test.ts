import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'efs-file-system-encrypted';

describe('efs-file-system-encrypted on recorded EFS answers', () => {
  it('passes an encrypted file system', async () => {
    const records = await sweepRecorded(recordedFixture('efs/pass.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['fs-0a1b2c3d4e5f60718', 'pass']]);
    expect(records[0]!.resource.phiScoped).toBe(true);
  });

  it('fails the unencrypted one of two', async () => {
    const records = await sweepRecorded(recordedFixture('efs/fail.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([
      ['fs-0a1b2c3d4e5f60718', 'pass'],
      ['fs-0f1e2d3c4b5a69788', 'fail'],
    ]);
  });

  it('records nothing in a region without file systems', async () => {
    expect(await sweepRecorded(recordedFixture('efs/disabled.json'), [CHECK])).toEqual([]);
  });

  it('records an error with ACCESS_DENIED when the listing is denied', async () => {
    const records = await sweepRecorded(recordedFixture('efs/denied.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([['111122223333:us-east-1', 'error']]);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});
