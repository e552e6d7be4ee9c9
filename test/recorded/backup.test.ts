import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECKS = ['backup-resource-protected', 'backup-vault-locked', 'backup-restore-tested'];
const STARTED_AT = new Date('2025-06-30T12:00:00Z');
const PLAN = '8ae3c1f2-5d4b-4c2a-9e1f-0a1b2c3d4e5f';

async function sweep(name: string) {
  const records = await sweepRecorded(recordedFixture(`backup/${name}.json`), CHECKS, { startedAt: STARTED_AT });
  return records;
}

const verdicts = (records: Awaited<ReturnType<typeof sweep>>) => records.map((r) => [r.check.id, r.resource.id, r.result]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));

describe('the AWS Backup checks on recorded answers', () => {
  it('pass: PHI stores assigned by tag, a locked vault, a plan restored 10 days ago', async () => {
    // Act
    const records = await sweep('pass');
    // Assess
    expect(verdicts(records)).toEqual([
      ['backup-resource-protected', 'orders', 'pass'],
      ['backup-resource-protected', 'orders-db', 'pass'],
      ['backup-restore-tested', PLAN, 'pass'],
      ['backup-vault-locked', 'phi-vault', 'pass'],
    ]);
    expect(records.every((r) => r.schema === 'trailproof/evidence-record/v2')).toBe(true);
    expect(records.find((r) => r.check.id === 'backup-restore-tested')?.observed).toMatchObject({ daysSinceRestore: 10, settings: { restoreTestMaxAgeDays: 365 } });
  });

  it('fail: a PHI table no selection assigns, an unlocked vault, a plan never restored', async () => {
    // Act
    const records = await sweep('fail');
    // Assess
    expect(verdicts(records)).toEqual([
      ['backup-resource-protected', 'orders', 'fail'],
      ['backup-resource-protected', 'orders-db', 'pass'],
      ['backup-restore-tested', PLAN, 'fail'],
      ['backup-vault-locked', 'Default', 'fail'],
    ]);
    expect(records.find((r) => r.resource.id === 'orders')?.reason).toMatch(/recovery points up to 2025-06-29T05:00:00.000Z, but no plan backs it up any more/);
  });

  it('records nothing in a region without plans, vaults or data stores', async () => {
    expect(await sweep('disabled')).toEqual([]);
  });

  it('records error with ACCESS_DENIED when AWS Backup cannot be read', async () => {
    // Act
    const records = await sweep('denied');
    // Assess
    expect(verdicts(records)).toEqual([
      ['backup-resource-protected', 'orders', 'error'],
      ['backup-restore-tested', '111122223333:us-east-1', 'error'],
      ['backup-vault-locked', '111122223333:us-east-1', 'error'],
    ]);
    for (const record of records) expect(record.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});
