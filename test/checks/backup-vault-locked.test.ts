import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/backup-vault-locked/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { BackupVaultState } from '../../lib/model/states/backup.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const NOW = new Date('2025-06-30T12:00:00Z');

const unlocked: BackupVaultState = {
  name: 'phi-vault',
  arn: 'arn:aws:backup:us-east-1:111122223333:backup-vault:phi-vault',
  vaultType: 'BACKUP_VAULT',
  locked: false,
  minRetentionDays: null,
  maxRetentionDays: null,
  lockDate: null,
  recoveryPoints: 42,
  accessPolicy: null,
};

/** A vault access policy with the given statements. */
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
/** The Deny the AWS Backup developer guide shows, applying to everyone on every recovery point. */
const denyDelete = { Sid: 'DenyDeleteRecoveryPoints', Effect: 'Deny', Principal: { AWS: '*' }, Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'], Resource: '*' };

describe('backup-vault-locked', () => {
  it.each<[string, Partial<BackupVaultState>, Result, RegExp]>([
    ['compliance-mode lock past its cooling-off', { locked: true, lockDate: '2025-01-10T00:00:00.000Z', minRetentionDays: 35 }, 'pass', /is locked \(compliance mode, immutable since 2025-01-10T00:00:00.000Z, minimum retention 35 days\)$/],
    ['compliance-mode lock still removable', { locked: true, lockDate: '2025-07-02T00:00:00.000Z' }, 'pass', /compliance mode, removable until 2025-07-02/],
    ['governance-mode lock', { locked: true, minRetentionDays: 7 }, 'pass', /is locked \(governance mode, minimum retention 7 days\)$/],
    ['a logically air-gapped vault (always locked)', { vaultType: 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT', locked: true, lockDate: '2024-11-01T00:00:00.000Z' }, 'pass', /is locked/],
    ['an access policy denying deletes to everyone', { accessPolicy: policy(denyDelete) }, 'pass', /denies backup:DeleteRecoveryPoint to everyone \(DenyDeleteRecoveryPoints\)$/],
    ['a deny by wildcard action, exempting the break-glass role', { accessPolicy: policy({ Effect: 'Deny', Principal: '*', Action: 'backup:Delete*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/BreakGlass' } } }) }, 'pass', /\(Statement\[0\]\)$/],
    ['a deny of everything but reads (NotAction)', { accessPolicy: policy({ Effect: 'Deny', Principal: { AWS: ['*'] }, NotAction: ['backup:Describe*', 'backup:List*', 'backup:Get*'], Resource: '*' }) }, 'pass', /denies backup:DeleteRecoveryPoint/],
    ['no lock and no policy', {}, 'fail', /is not locked and has no access policy: its recovery points can be deleted$/],
    ['a deny that applies only to one role', { accessPolicy: policy({ ...denyDelete, Principal: { AWS: 'arn:aws:iam::111122223333:role/Dev' } }) }, 'fail', /does not deny backup:DeleteRecoveryPoint to everyone/],
    ['a deny only when a tag is set (a condition that limits, not exempts)', { accessPolicy: policy({ ...denyDelete, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'dev' } } }) }, 'fail', /does not deny/],
    ['a deny of other actions only', { accessPolicy: policy({ ...denyDelete, Action: 'backup:DeleteBackupVault' }) }, 'fail', /does not deny/],
    ['an Allow, not a Deny', { accessPolicy: policy({ ...denyDelete, Effect: 'Allow' }) }, 'fail', /does not deny/],
    ['a deny on one recovery point only', { accessPolicy: policy({ ...denyDelete, Resource: 'arn:aws:backup:us-east-1:111122223333:recovery-point:1EB3B5E7' }) }, 'fail', /does not deny/],
    ['a policy that is not JSON', { accessPolicy: '{not json' }, 'fail', /does not deny/],
    ['an empty unlocked vault not tagged PHI', { recoveryPoints: 0 }, 'not_applicable', /holds no recovery points and is not tagged PHI$/],
  ])('%s -> %s', (_name, change, expected, reason) => {
    // Prepare
    const vault = { ...unlocked, ...change };
    // Act
    const finding = runCheck(check, snapshotOf(check, vault.name, vault), DEFAULT_SETTINGS, NOW);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('judges an empty vault tagged PHI: a PHI plan will write to it', () => {
    // Prepare
    const vault = { ...unlocked, recoveryPoints: 0 };
    // Act
    const finding = runCheck(check, snapshotOf(check, vault.name, vault, { tags: { 'data-classification': 'ephi' } }), DEFAULT_SETTINGS, NOW);
    // Assess
    expect(finding).toMatchObject({ result: 'fail', phiScoped: true });
  });

  it('judges an empty vault as PHI when its tags could not be read', () => {
    // Act
    const finding = runCheck(check, snapshotOf(check, 'phi-vault', { ...unlocked, recoveryPoints: 0 }, { tagsError: accessDenied('ListTags', 'AccessDeniedException') }), DEFAULT_SETTINGS, NOW);
    // Assess
    expect(finding).toMatchObject({ result: 'fail', observed: { phiScope: 'unknown' } });
  });

  it('is not_applicable for a deleted vault and error when a deciding read failed', () => {
    expect(runCheck(check, snapshotOf(check, 'gone', undefined, { deleted: true }), DEFAULT_SETTINGS, NOW).result).toBe('not_applicable');
    const error = accessDenied('GetBackupVaultAccessPolicy', 'AccessDeniedException');
    expect(runCheck(check, snapshotOf(check, 'phi-vault', undefined, { error }), DEFAULT_SETTINGS, NOW)).toMatchObject({ result: 'error', observed: { error: { code: 'ACCESS_DENIED' } } });
  });

  itHasValidMetadata(check, 'backup-vault-locked', { service: 'backup', hasConfigRule: false });
});
