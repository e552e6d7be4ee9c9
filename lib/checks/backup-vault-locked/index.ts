import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { BackupVaultState } from '../../model/states/backup.ts';
import { deleteDenyStatement } from '../helpers/vault-policy.ts';
import metadata from './metadata.json' with { type: 'json' };

/** How a Vault Lock holds: governance mode has no LockDate; compliance mode is immutable from it on. */
function lockMode(vault: BackupVaultState, now: Date): string {
  if (!vault.lockDate) return 'governance mode';
  return new Date(vault.lockDate) <= now ? `compliance mode, immutable since ${vault.lockDate}` : `compliance mode, removable until ${vault.lockDate}`;
}

/**
 * backup-vault-locked: a vault that holds recovery points (or is tagged PHI) is protected from
 * their deletion by AWS Backup Vault Lock (governance or compliance mode) or by an access policy
 * that denies backup:DeleteRecoveryPoint to everyone. An empty vault not tagged PHI is
 * not_applicable.
 */
const check: Check<BackupVaultState> = {
  metadata: metadata as CheckMetadata,
  evaluate(vault, { phiScoped, now }): Finding {
    const denyStatement = vault.accessPolicy ? deleteDenyStatement(vault.accessPolicy) : undefined;
    const observed: Record<string, unknown> = {
      vaultName: vault.name,
      vaultType: vault.vaultType,
      locked: vault.locked,
      minRetentionDays: vault.minRetentionDays,
      lockDate: vault.lockDate,
      recoveryPoints: vault.recoveryPoints,
      accessPolicy: vault.accessPolicy === null ? 'none' : 'present',
      deleteDeniedBy: denyStatement ?? null,
    };
    if (vault.locked) {
      const retention = vault.minRetentionDays !== null ? `, minimum retention ${vault.minRetentionDays} days` : '';
      return { result: 'pass', reason: `backup vault ${vault.name} is locked (${lockMode(vault, now)}${retention})`, observed };
    }
    if (denyStatement) {
      return { result: 'pass', reason: `backup vault ${vault.name}'s access policy denies backup:DeleteRecoveryPoint to everyone (${denyStatement})`, observed };
    }
    if (vault.recoveryPoints === 0 && !phiScoped) {
      return { result: 'not_applicable', reason: `backup vault ${vault.name} holds no recovery points and is not tagged PHI`, observed };
    }
    const policy = vault.accessPolicy === null ? 'has no access policy' : 'has an access policy that does not deny backup:DeleteRecoveryPoint to everyone';
    return { result: 'fail', reason: `backup vault ${vault.name} is not locked and ${policy}: its recovery points can be deleted`, observed };
  },
};

export default check;
