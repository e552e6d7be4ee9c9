import 'aws-sdk-client-mock-vitest/extend';
import {
  BackupClient,
  DescribeBackupVaultCommand,
  DescribeRecoveryPointCommand,
  GetBackupSelectionCommand,
  GetBackupVaultAccessPolicyCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListBackupVaultsCommand,
  ListRestoreJobsCommand,
  ListRestoreTestingPlansCommand,
  ListTagsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-backup';
import { describe, expect, it } from 'vitest';
import { backupPlanKind } from '../../lib/collectors/backup-plan.ts';
import { backupVaultKind } from '../../lib/collectors/backup-vault.ts';
import type { Snapshot } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import type { BackupPlanState, BackupVaultState } from '../../lib/model/states/backup.ts';
import createPlan from '../fixtures/backup/cloudtrail-create-backup-plan.json' with { type: 'json' };
import createSelection from '../fixtures/backup/cloudtrail-create-backup-selection.json' with { type: 'json' };
import createVault from '../fixtures/backup/cloudtrail-create-backup-vault.json' with { type: 'json' };
import deleteSelection from '../fixtures/backup/cloudtrail-delete-backup-selection.json' with { type: 'json' };
import deleteVault from '../fixtures/backup/cloudtrail-delete-backup-vault.json' with { type: 'json' };
import putLock from '../fixtures/backup/cloudtrail-put-vault-lock.json' with { type: 'json' };
import startRestore from '../fixtures/backup/cloudtrail-start-restore-job.json' with { type: 'json' };
import recoveryPoint from '../fixtures/backup/describe-recovery-point-phi.json' with { type: 'json' };
import vault from '../fixtures/backup/describe-backup-vault.json' with { type: 'json' };
import devSelection from '../fixtures/backup/get-backup-selection-dev.json' with { type: 'json' };
import phiSelection from '../fixtures/backup/get-backup-selection-phi.json' with { type: 'json' };
import plans from '../fixtures/backup/list-backup-plans.json' with { type: 'json' };
import vaults from '../fixtures/backup/list-backup-vaults.json' with { type: 'json' };
import vaultsPage2 from '../fixtures/backup/list-backup-vaults-page2.json' with { type: 'json' };
import restoreJobs from '../fixtures/backup/list-restore-jobs.json' with { type: 'json' };
import denyPolicy from '../fixtures/backup/vault-access-policy-deny.json' with { type: 'json' };
import { mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const backup = mockedClient(BackupClient);
const ctx = mockedContext('us-east-1', '111122223333');
const PHI_PLAN = '8ae3c1f2-5d4b-4c2a-9e1f-0a1b2c3d4e5f';
const DEV_PLAN = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const notFound = (message: string) => new ResourceNotFoundException({ message, $metadata: {} });

/** A region with the two plans of the fixtures, their selections and restore history. */
function mockRegion(): void {
  backup.on(ListBackupPlansCommand).resolves(sdkOutput(plans));
  backup.on(ListBackupSelectionsCommand, { BackupPlanId: PHI_PLAN }).resolves({ BackupSelectionsList: [{ SelectionId: 'sel-phi-0001', SelectionName: 'phi-by-tag', BackupPlanId: PHI_PLAN }] });
  backup.on(ListBackupSelectionsCommand, { BackupPlanId: DEV_PLAN }).resolves({ BackupSelectionsList: [{ SelectionId: 'sel-dev-0001', SelectionName: 'dev-volumes', BackupPlanId: DEV_PLAN }] });
  backup.on(GetBackupSelectionCommand, { SelectionId: 'sel-phi-0001' }).resolves(sdkOutput(phiSelection));
  backup.on(GetBackupSelectionCommand, { SelectionId: 'sel-dev-0001' }).resolves(sdkOutput(devSelection));
  backup.on(ListRestoreJobsCommand).resolves(sdkOutput(restoreJobs));
  backup.on(DescribeRecoveryPointCommand, { RecoveryPointArn: recoveryPoint.RecoveryPointArn }).resolves(sdkOutput(recoveryPoint));
  backup.on(ListRestoreTestingPlansCommand).resolves({ RestoreTestingPlans: [{ RestoreTestingPlanName: 'phi_monthly', RestoreTestingPlanArn: 'arn:aws:backup:us-east-1:111122223333:restore-testing-plan:phi_monthly-1a2b3c', ScheduleExpression: 'cron(0 5 ? * 1 *)', CreationTime: new Date('2025-01-01T00:00:00Z') }] });
  backup.on(ListTagsCommand).resolves({ Tags: { team: 'platform' } });
}

describe('backupPlanKind.collect', () => {
  it('maps the plan, its selections and the latest restore traced to it through its recovery point', async () => {
    // Prepare
    mockRegion();
    // Act
    const snapshot = (await backupPlanKind.collect(ctx, PHI_PLAN)) as Snapshot<BackupPlanState>;
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::Backup::BackupPlan', id: PHI_PLAN, arn: `arn:aws:backup:us-east-1:111122223333:backup-plan:${PHI_PLAN}` });
    expect(snapshot.tags).toEqual({ team: 'platform' });
    expect(snapshot.state).toMatchObject({
      planName: 'phi-daily',
      latestRestore: { restoreJobId: 'AB123456-78C9-0123-456D-789012E34567', completionDate: '2025-06-01T03:14:53.128Z', validationStatus: 'SUCCESSFUL', restoreTestingPlanArn: expect.stringContaining('phi_monthly') },
      // The EBS restore names no vault: it cannot be traced; the failed validation does not count.
      untracedRestores: 1,
      tracingComplete: true,
      restoreTestingPlans: ['phi_monthly'],
    });
    expect(snapshot.state?.selections).toEqual([
      {
        planId: PHI_PLAN, planName: 'phi-daily', selectionId: 'sel-phi-0001', selectionName: 'phi-by-tag', resources: ['*'], notResources: [], listOfTags: [],
        conditions: { stringEquals: [{ key: 'aws:ResourceTag/data-classification', value: 'ephi' }], stringNotEquals: [], stringLike: [], stringNotLike: [] },
      },
    ]);
    expect(backup).toHaveReceivedCommandWith(ListRestoreJobsCommand, { ByStatus: 'COMPLETED' });
    expect(backup).not.toHaveReceivedCommandWith(DescribeRecoveryPointCommand, { RecoveryPointArn: 'arn:aws:backup:us-east-1:111122223333:recovery-point:0aa1bb2c-3dd4-4ee5-8ff6-a7b8c9d0e1f2' });
  });

  it('finds no restore for a plan whose recovery points were never restored', async () => {
    mockRegion();
    const snapshot = (await backupPlanKind.collect(ctx, DEV_PLAN)) as Snapshot<BackupPlanState>;
    expect(snapshot.state).toMatchObject({ planName: 'dev-weekly', latestRestore: null, selections: [{ listOfTags: [{ key: 'backup', value: 'weekly' }], resources: [] }] });
  });

  it('counts a restore whose recovery point was deleted since as untraced', async () => {
    // Prepare
    mockRegion();
    backup.on(DescribeRecoveryPointCommand).rejects(notFound('Recovery point not found'));
    // Act
    const snapshot = (await backupPlanKind.collect(ctx, PHI_PLAN)) as Snapshot<BackupPlanState>;
    // Assess
    expect(snapshot.state).toMatchObject({ latestRestore: null, untracedRestores: 2 });
  });

  it('reports a plan missing from ListBackupPlans as deleted', async () => {
    mockRegion();
    expect(await backupPlanKind.collect(ctx, 'gone-plan')).toMatchObject({ deleted: true, resource: { id: 'gone-plan' } });
  });

  it.each([
    ['ListBackupPlans', ListBackupPlansCommand],
    ['ListRestoreJobs', ListRestoreJobsCommand],
    ['DescribeRecoveryPoint', DescribeRecoveryPointCommand],
  ] as const)('turns a denied %s into snapshot.error with ACCESS_DENIED', async (operation, command) => {
    // Prepare
    mockRegion();
    backup.on(command as typeof ListRestoreJobsCommand).rejects(sdkError('AccessDeniedException', `not authorized to perform: backup:${operation}`, 403));
    // Act / Assess
    expect((await backupPlanKind.collect(ctx, PHI_PLAN)).error).toMatchObject({ operation, code: 'ACCESS_DENIED' });
  });

  it('keeps the verdict facts when only the restore testing plans or the tags are unreadable', async () => {
    // Prepare
    mockRegion();
    backup.on(ListRestoreTestingPlansCommand).rejects(sdkError('AccessDeniedException', 'denied', 403));
    backup.on(ListTagsCommand).rejects(sdkError('AccessDeniedException', 'denied', 403));
    // Act
    const snapshot = await backupPlanKind.collect(ctx, PHI_PLAN);
    // Assess
    expect(snapshot).toMatchObject({ unreadable: [{ operation: 'ListRestoreTestingPlans' }], tagsError: { operation: 'ListTags', code: 'ACCESS_DENIED' }, state: { restoreTestingPlans: null } });
  });
});

describe('backupPlanKind listing and events', () => {
  it('enumerates every plan across ListBackupPlans pages', async () => {
    // Prepare
    backup.on(ListBackupPlansCommand).resolvesOnce(sdkOutput({ BackupPlansList: [plans.BackupPlansList[0]], NextToken: 'plans-2' })).resolvesOnce(sdkOutput({ BackupPlansList: [plans.BackupPlansList[1]] }));
    backup.on(ListBackupSelectionsCommand).resolves({ BackupSelectionsList: [] });
    // Act
    const ids: string[] = [];
    for await (const id of backupPlanKind.enumerate(ctx)) ids.push(id);
    // Assess
    expect(ids).toEqual([PHI_PLAN, DEV_PLAN]);
    expect(backup).toHaveReceivedNthCommandWith(ListBackupPlansCommand, 2, { NextToken: 'plans-2' });
  });

  it.each<[string, unknown, string[]]>([
    ['CreateBackupPlan names the new plan in its response', createPlan, [PHI_PLAN]],
    ['CreateBackupSelection names the plan it assigns to', createSelection, [PHI_PLAN]],
    ['DeleteBackupSelection names the plan in its request', deleteSelection, [PHI_PLAN]],
    ['StartRestoreJob names no plan (the router fans out over the region)', startRestore, []],
    ['a PascalCase member is read too', { ...deleteSelection, requestParameters: { BackupPlanId: PHI_PLAN } }, [PHI_PLAN]],
  ])('%s', (_name, record, expected) => {
    expect(backupPlanKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });
});

describe('backupVaultKind', () => {
  it('reads the lock from DescribeBackupVault; no access policy (ResourceNotFoundException) is none', async () => {
    // Prepare
    backup.on(DescribeBackupVaultCommand, { BackupVaultName: 'phi-vault' }).resolves(sdkOutput(vault));
    backup.on(GetBackupVaultAccessPolicyCommand).rejects(notFound('Backup vault phi-vault has no access policy'));
    backup.on(ListTagsCommand).resolves({ Tags: { 'data-classification': 'ephi' } });
    // Act
    const snapshot = (await backupVaultKind.collect(ctx, 'phi-vault')) as Snapshot<BackupVaultState>;
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::Backup::BackupVault', id: 'phi-vault', arn: vault.BackupVaultArn });
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi' });
    expect(snapshot.state).toEqual({ name: 'phi-vault', arn: vault.BackupVaultArn, vaultType: 'BACKUP_VAULT', locked: true, minRetentionDays: 35, maxRetentionDays: 2555, lockDate: '2024-02-04T09:00:00.000Z', recoveryPoints: 42, accessPolicy: null });
  });

  it('reads a vault named by its ARN, reports a missing vault as deleted and a denied policy read as error', async () => {
    backup.on(DescribeBackupVaultCommand).rejects(notFound('not found'));
    expect(await backupVaultKind.collect(ctx, 'arn:aws:backup:us-east-1:111122223333:backup-vault:old-vault')).toMatchObject({ deleted: true });
    expect(backup).toHaveReceivedCommandWith(DescribeBackupVaultCommand, { BackupVaultName: 'old-vault' });
    backup.on(DescribeBackupVaultCommand).resolves(sdkOutput(vault));
    backup.on(GetBackupVaultAccessPolicyCommand).rejects(sdkError('AccessDeniedException', 'denied', 403));
    expect((await backupVaultKind.collect(ctx, 'phi-vault')).error).toMatchObject({ operation: 'GetBackupVaultAccessPolicy', code: 'ACCESS_DENIED' });
  });

  it('takes the lock facts from ListBackupVaults pages, reading only each policy and tags', async () => {
    // Prepare
    backup.on(ListBackupVaultsCommand).resolvesOnce(sdkOutput(vaults)).resolvesOnce(sdkOutput(vaultsPage2));
    backup.on(GetBackupVaultAccessPolicyCommand).rejects(notFound('no policy'));
    backup.on(GetBackupVaultAccessPolicyCommand, { BackupVaultName: 'Default' }).resolves(sdkOutput(denyPolicy));
    backup.on(ListTagsCommand).resolves({ Tags: {} });
    // Act
    const snapshots: Array<Snapshot<BackupVaultState>> = [];
    for await (const snapshot of backupVaultKind.snapshotsFromListing!(ctx)) snapshots.push(snapshot);
    // Assess
    expect(snapshots.map((s) => [s.resource.id, s.state?.locked, s.state?.accessPolicy !== null])).toEqual([['phi-vault', true, false], ['Default', false, true], ['aws-efs-automatic-backup-vault', false, false]]);
    expect(backup).not.toHaveReceivedCommand(DescribeBackupVaultCommand);
    expect(backup).toHaveReceivedNthCommandWith(ListBackupVaultsCommand, 2, { NextToken: 'vaults-page-2' });
  });

  it.each<[string, unknown, string[]]>([
    ['PutBackupVaultLockConfiguration', putLock, ['phi-vault']],
    ['CreateBackupVault', createVault, ['phi-vault-2']],
    ['DeleteBackupVault', deleteVault, ['old-vault']],
  ])('%s names the vault', (_name, record, expected) => {
    expect(backupVaultKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });
});
