import {
  BackupClient,
  DescribeBackupVaultCommand,
  GetBackupVaultAccessPolicyCommand,
  paginateListBackupVaults,
  type BackupVaultListMember,
} from '@aws-sdk/client-backup';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { BackupVaultState } from '../model/states/backup.ts';
import { backupEventMember, backupTags } from './backup-selections.ts';
import { collectDescribed } from './described.ts';
import { isoTime } from './iso-time.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'backup-vault';
const RESOURCE_TYPE = 'AWS::Backup::BackupVault';

/** The lock facts DescribeBackupVault and a ListBackupVaults entry both carry. */
type VaultFacts = Pick<BackupVaultListMember, 'BackupVaultName' | 'BackupVaultArn' | 'VaultType' | 'Locked' | 'MinRetentionDays' | 'MaxRetentionDays' | 'LockDate' | 'NumberOfRecoveryPoints'>;

/** The vault's access policy, null when it has none (ResourceNotFoundException), or the failure. */
function accessPolicy(ctx: CollectContext, name: string) {
  return read('GetBackupVaultAccessPolicy', () => ctx.clients.get(BackupClient).send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: name })), {
    names: ['ResourceNotFoundException'],
    fallback: null,
  });
}

/** The snapshot of a vault whose lock facts are known: its policy and tags are read here. */
async function snapshotOf(ctx: CollectContext, vault: VaultFacts, name: string): Promise<Snapshot<BackupVaultState>> {
  const arn = vault.BackupVaultArn ?? null;
  const resource = { type: RESOURCE_TYPE, id: name, ...(arn ? { arn } : {}) };
  const base = { kind: KIND, resource, account: ctx.account, region: ctx.region, source: 'api' as const };
  const policy = await accessPolicy(ctx, name);
  if (isFailure(policy)) return { ...base, error: policy.error };
  return {
    ...base,
    ...(await backupTags(ctx, arn)),
    state: {
      name,
      arn,
      vaultType: vault.VaultType ?? null,
      locked: vault.Locked === true,
      minRetentionDays: vault.MinRetentionDays ?? null,
      maxRetentionDays: vault.MaxRetentionDays ?? null,
      lockDate: isoTime(vault.LockDate),
      recoveryPoints: vault.NumberOfRecoveryPoints ?? null,
      accessPolicy: policy?.Policy ?? null,
    },
  };
}

/**
 * Snapshot kind "backup-vault": one AWS Backup vault (id = its name) with its Vault Lock state and
 * access policy.
 *
 * @example
 * const snapshot = await backupVaultKind.collect(ctx, 'phi-vault');
 * snapshot.state?.locked; // true
 */
export const backupVaultKind: SnapshotKind<BackupVaultState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext, vaultId: string): Promise<Snapshot<BackupVaultState>> {
    // Vaults are read by name; an ARN (a Config item's, say) names it after "backup-vault:".
    const id = /:backup-vault:([^:/]+)$/.exec(vaultId)?.[1] ?? vaultId;
    const send = () => ctx.clients.get(BackupClient).send(new DescribeBackupVaultCommand({ BackupVaultName: id }));
    const call = { kind: KIND, resourceType: RESOURCE_TYPE, id, operation: 'DescribeBackupVault', send, notFound: ['ResourceNotFoundException'] };
    return collectDescribed(ctx, call, (vault) => snapshotOf(ctx, vault, id));
  },

  enumerate(ctx: CollectContext): AsyncIterable<string> {
    return idsFromPages(paginateListBackupVaults({ client: ctx.clients.get(BackupClient) }, {}), (page) => page.BackupVaultList, (v) => v.BackupVaultName);
  },

  // ListBackupVaults carries the lock facts: per vault only its policy and tags are read.
  async *snapshotsFromListing(ctx: CollectContext): AsyncIterable<Snapshot<BackupVaultState>> {
    for await (const page of paginateListBackupVaults({ client: ctx.clients.get(BackupClient) }, {})) {
      for (const vault of page.BackupVaultList ?? []) if (vault.BackupVaultName) yield snapshotOf(ctx, vault, vault.BackupVaultName);
    }
  },

  idsFromEvent(record: CloudTrailRecord): string[] {
    // Every vault event names the vault in its URI (backupVaultName); CreateBackupVault answers with it too.
    const name = backupEventMember(record.requestParameters, 'backupVaultName') ?? backupEventMember(record.responseElements, 'backupVaultName');
    return name ? [name] : [];
  },
};
