import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

/** The swept IAM checks of CATALOG-NEXT.md (sso-signin-mfa judges sign-in events only). */
const CHECKS = ['iam-root-hardware-mfa', 'iam-root-no-access-keys', 'iam-password-policy', 'iam-access-key-rotated', 'iam-unused-credentials'];
/** The sweep's start is the judging time of every age. */
const STARTED_AT = new Date('2025-06-01T12:00:00Z');

async function sweep(file: string) {
  const records = await sweepRecorded(recordedFixture(`iam/${file}`), CHECKS, { startedAt: STARTED_AT });
  return records.map((r) => [r.check.id, r.resource.id, r.result]).sort((a, b) => String(a).localeCompare(String(b)));
}

describe('IAM checks over recorded accounts, through the real sweep', () => {
  it.each<[string, string[][]]>([
    [
      'pass.json', // a hardware-only root without keys, a strict password policy, a fresh and used key
      [
        ['iam-access-key-rotated', 'alice', 'pass'],
        ['iam-password-policy', '111122223333', 'pass'],
        ['iam-root-hardware-mfa', '111122223333', 'pass'],
        ['iam-root-no-access-keys', '111122223333', 'pass'],
        ['iam-unused-credentials', 'alice', 'pass'],
      ],
    ],
    [
      'fail.json', // a virtual root device and a root key, a weak policy, old and unused credentials
      [
        ['iam-access-key-rotated', 'bob', 'fail'],
        ['iam-password-policy', '111122223333', 'fail'],
        ['iam-root-hardware-mfa', '111122223333', 'fail'],
        ['iam-root-no-access-keys', '111122223333', 'fail'],
        ['iam-unused-credentials', 'bob', 'fail'],
      ],
    ],
    [
      'disabled.json', // no IAM user to judge (only the root row) and no password policy, which fails
      [
        ['iam-password-policy', '111122223333', 'fail'],
        ['iam-root-hardware-mfa', '111122223333', 'pass'],
        ['iam-root-no-access-keys', '111122223333', 'pass'],
      ],
    ],
  ])('%s: one record per check and resource, with its verdict', async (file, expected) => {
    expect(await sweep(file)).toEqual(expected);
  });

  it('denied.json: every check an error record with ACCESS_DENIED, the credential checks one for the account', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('iam/denied.json'), CHECKS, { startedAt: STARTED_AT });
    // Assess
    expect(records.map((r) => [r.check.id, r.result, (r.observed as { error?: { code?: string } }).error?.code]).sort()).toEqual([
      ['iam-access-key-rotated', 'error', 'ACCESS_DENIED'],
      ['iam-password-policy', 'error', 'ACCESS_DENIED'],
      ['iam-root-hardware-mfa', 'error', 'ACCESS_DENIED'],
      ['iam-root-no-access-keys', 'error', 'ACCESS_DENIED'],
      ['iam-unused-credentials', 'error', 'ACCESS_DENIED'],
    ]);
  });

  it('records of the credential checks are evidence-record v2 and state the report time and the setting', async () => {
    // Act
    const records = await sweepRecorded(recordedFixture('iam/fail.json'), ['iam-access-key-rotated'], { startedAt: STARTED_AT });
    // Assess
    expect(records[0]).toMatchObject({
      schema: 'trailproof/evidence-record/v2',
      check: { family: 'credentials' },
      observed: { from: { source: 'credential-report', generatedTime: '2025-06-01T06:00:00.000Z' }, settings: { accessKeyMaxAgeDays: 90 } },
    });
  });
});
