/**
 * AWS Backup: three vaults, three plans with their selections, completed restore jobs with the
 * recovery points they restored, a restore testing plan, and the protected resources. Plans:
 * "phi-daily" selects data stores tagged data-classification=ephi (so the ones tagged "phi" go
 * unprotected) and every Aurora cluster, and has a restore from 40 days ago (a pass);
 * "internal-weekly" selects only the "internal" tag (not applicable); "tables-monthly" selects every
 * DynamoDB table by ARN but was last restored 500 days ago (a fail). Vaults: the PHI vault is
 * locked, the internal one denies DeleteRecoveryPoint in its policy, the default vault neither.
 */
import type {
  BackupSelection, DescribeRecoveryPointCommandInput, DescribeRecoveryPointCommandOutput, GetBackupSelectionCommandInput, GetBackupSelectionCommandOutput,
  GetBackupVaultAccessPolicyCommandInput, GetBackupVaultAccessPolicyCommandOutput, ListBackupPlansCommandOutput, ListBackupSelectionsCommandInput, ListBackupSelectionsCommandOutput,
  ListBackupVaultsCommandOutput, ListProtectedResourcesCommandInput, ListProtectedResourcesCommandOutput, ListRestoreJobsCommandOutput, ListRestoreTestingPlansCommandOutput,
  ListTagsCommandInput, ListTagsCommandOutput, RestoreJobsListMember,
} from '@aws-sdk/client-backup';
import { indexPage, notFound, type AnswerTable, type Output } from '../fake-clients.ts';
import { tableName } from './data-stores.ts';
import { daysAgo, hexId, type AccountPlan } from './plan.ts';
import { databaseArns } from './rds.ts';

const PLANS = ['phi-daily', 'internal-weekly', 'tables-monthly'];
const VAULTS = ['phi-vault', 'internal-vault', 'Default'];
const planId = (p: number) => `0b4e5c1d-7777-4000-8000-${String(p).padStart(12, '0')}`;
const tag = (value: string) => [{ ConditionType: 'STRINGEQUALS' as const, ConditionKey: 'data-classification', ConditionValue: value }];

/** Each plan's selections: a name and the document GetBackupSelection answers. */
function selectionsOf(plan: AccountPlan, p: number): Array<{ name: string; selection: Omit<BackupSelection, 'SelectionName' | 'IamRoleArn'> }> {
  const all = { NotResources: [], Conditions: { StringEquals: [], StringNotEquals: [], StringLike: [], StringNotLike: [] } };
  if (p % 3 === 0) {
    return [
      { name: 'phi-by-tag', selection: { ...all, Resources: [], ListOfTags: tag('ephi') } },
      { name: 'aurora-clusters', selection: { ...all, Resources: [`arn:aws:rds:${plan.region}:${plan.account}:cluster:*`], ListOfTags: [] } },
    ];
  }
  if (p % 3 === 1) return [{ name: 'internal-by-tag', selection: { ...all, Resources: [], ListOfTags: tag('internal') } }];
  return [{ name: 'all-tables', selection: { ...all, Resources: [`arn:aws:dynamodb:${plan.region}:${plan.account}:table/*`], ListOfTags: [] } }];
}

/** Completed restores: a recent tested one of phi-daily, an old one of tables-monthly, one whose recovery point has expired. */
function restoreJobs(plan: AccountPlan): Array<RestoreJobsListMember & { planIndex: number | null }> {
  const vaultArn = (v: number) => `arn:aws:backup:${plan.region}:${plan.account}:backup-vault:${VAULTS[v]}`;
  const point = (n: number) => `arn:aws:backup:${plan.region}:${plan.account}:recovery-point:0b4e5c1d-8888-4000-8000-${String(n).padStart(12, '0')}`;
  const job = (n: number, planIndex: number | null, days: number, extra: Partial<RestoreJobsListMember> = {}) => ({
    AccountId: plan.account, RestoreJobId: `0b4e5c1d-9999-4000-8000-${String(n).padStart(12, '0')}`, RecoveryPointArn: point(n), BackupVaultArn: vaultArn(planIndex === 1 ? 1 : 0),
    CreationDate: daysAgo(days + 0.1), CompletionDate: daysAgo(days), Status: 'COMPLETED' as const, PercentDone: '100.00%', BackupSizeInBytes: 2_147_483_648, ExpectedCompletionTimeMinutes: 20,
    IamRoleArn: `arn:aws:iam::${plan.account}:role/backup-restore`, ResourceType: 'DynamoDB', RecoveryPointCreationDate: daysAgo(days + 1), planIndex, ...extra,
  });
  const testing = { CreatedBy: { RestoreTestingPlanArn: `arn:aws:backup:${plan.region}:${plan.account}:restore-testing-plan:monthly_phi_restore-abc123` }, ValidationStatus: 'SUCCESSFUL' as const };
  return [job(0, 0, 40, testing), job(1, 0, 70, testing), job(2, null, 90), job(3, 2, 500), job(4, 1, 30)];
}

/** The AWS Backup answers of the account. */
export function backupAnswers(plan: AccountPlan): AnswerTable {
  const planArn = (p: number) => `arn:aws:backup:${plan.region}:${plan.account}:backup-plan:${planId(p)}`;
  const planIndex = (id: string | undefined) => PLANS.findIndex((_, p) => planId(p) === id && p < plan.counts.backupPlans);
  const vaults = VAULTS.slice(0, plan.counts.backupVaults);
  const jobs = restoreJobs(plan);
  const db = databaseArns(plan);
  const { dbInstances, dbClusters, tables, volumes } = plan.counts;
  /** Protected resources: the tables, and every third of the other stores (the ones tagged ephi or phi). */
  const protectedCount = tables + Math.ceil(dbInstances / 3) + Math.ceil(dbClusters / 3) + Math.ceil(volumes / 3);
  const protectedArn = (r: number): [string, string] => {
    if (r < tables) return [`arn:aws:dynamodb:${plan.region}:${plan.account}:table/${tableName(r)}`, 'DynamoDB'];
    r -= tables;
    if (r < Math.ceil(dbInstances / 3)) return [db.instance(3 * r), 'RDS'];
    r -= Math.ceil(dbInstances / 3);
    if (r < Math.ceil(dbClusters / 3)) return [db.cluster(3 * r), 'Aurora'];
    r -= Math.ceil(dbClusters / 3);
    return [`arn:aws:ec2:${plan.region}:${plan.account}:volume/${hexId('vol-', 3 * r)}`, 'EBS'];
  };
  return {
    BackupClient: {
      ListBackupVaults: (): Output<ListBackupVaultsCommandOutput> => ({
        BackupVaultList: vaults.map((name, v) => ({
          BackupVaultName: name, BackupVaultArn: `arn:aws:backup:${plan.region}:${plan.account}:backup-vault:${name}`, VaultType: 'BACKUP_VAULT', VaultState: 'AVAILABLE',
          CreationDate: daysAgo(900), EncryptionKeyArn: `arn:aws:kms:${plan.region}:${plan.account}:alias/aws/backup`, CreatorRequestId: `vault-${v}`, NumberOfRecoveryPoints: 40 + 100 * v,
          Locked: v === 0, ...(v === 0 ? { MinRetentionDays: 35, MaxRetentionDays: 2555, LockDate: daysAgo(400) } : {}),
        })),
      }),
      GetBackupVaultAccessPolicy: (input: GetBackupVaultAccessPolicyCommandInput): Output<GetBackupVaultAccessPolicyCommandOutput> | Error => {
        if (input.BackupVaultName !== VAULTS[1]) return notFound('ResourceNotFoundException');
        const policy = { Version: '2012-10-17', Statement: [{ Sid: 'DenyDelete', Effect: 'Deny', Principal: { AWS: '*' }, Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'], Resource: '*' }] };
        return { BackupVaultName: input.BackupVaultName, BackupVaultArn: `arn:aws:backup:${plan.region}:${plan.account}:backup-vault:${input.BackupVaultName}`, Policy: JSON.stringify(policy) };
      },
      ListTags: (input: ListTagsCommandInput): Output<ListTagsCommandOutput> => ({ Tags: input.ResourceArn?.includes(`:${planId(0)}`) || input.ResourceArn?.endsWith(VAULTS[0]!) ? { 'data-classification': 'ephi' } : {} }),
      ListBackupPlans: (): Output<ListBackupPlansCommandOutput> => ({
        BackupPlansList: PLANS.slice(0, plan.counts.backupPlans).map((name, p) => ({
          BackupPlanArn: planArn(p), BackupPlanId: planId(p), BackupPlanName: name, CreationDate: daysAgo(800), VersionId: `v${p}`, LastExecutionDate: daysAgo(1),
        })),
      }),
      ListBackupSelections: (input: ListBackupSelectionsCommandInput): Output<ListBackupSelectionsCommandOutput> | Error => {
        const p = planIndex(input.BackupPlanId);
        if (p < 0) return notFound('ResourceNotFoundException');
        return {
          BackupSelectionsList: selectionsOf(plan, p).map(({ name }, s) => ({
            SelectionId: `0b4e5c1d-aaaa-4000-8000-${String(10 * p + s).padStart(12, '0')}`, SelectionName: name, BackupPlanId: planId(p), CreationDate: daysAgo(700), IamRoleArn: `arn:aws:iam::${plan.account}:role/backup`,
          })),
        };
      },
      GetBackupSelection: (input: GetBackupSelectionCommandInput): Output<GetBackupSelectionCommandOutput> | Error => {
        const p = planIndex(input.BackupPlanId);
        const s = Number(input.SelectionId?.slice(-12)) - 10 * p;
        const found = p >= 0 ? selectionsOf(plan, p)[s] : undefined;
        if (!found) return notFound('ResourceNotFoundException');
        return {
          BackupSelection: { SelectionName: found.name, IamRoleArn: `arn:aws:iam::${plan.account}:role/backup`, ...found.selection },
          SelectionId: input.SelectionId, BackupPlanId: input.BackupPlanId, CreationDate: daysAgo(700),
        };
      },
      ListRestoreJobs: (): Output<ListRestoreJobsCommandOutput> => ({ RestoreJobs: jobs.map(({ planIndex: _, ...job }) => job) }),
      DescribeRecoveryPoint: (input: DescribeRecoveryPointCommandInput): Output<DescribeRecoveryPointCommandOutput> | Error => {
        const job = jobs.find((j) => j.RecoveryPointArn === input.RecoveryPointArn);
        if (!job || job.planIndex === null || job.planIndex >= plan.counts.backupPlans) return notFound('ResourceNotFoundException');
        return {
          RecoveryPointArn: job.RecoveryPointArn, BackupVaultName: input.BackupVaultName, BackupVaultArn: job.BackupVaultArn, ResourceArn: `arn:aws:dynamodb:${plan.region}:${plan.account}:table/${tableName(0)}`,
          ResourceType: 'DynamoDB', CreatedBy: { BackupPlanId: planId(job.planIndex), BackupPlanArn: planArn(job.planIndex), BackupPlanVersion: `v${job.planIndex}`, BackupRuleId: 'daily' },
          Status: 'COMPLETED', CreationDate: job.RecoveryPointCreationDate, CompletionDate: job.RecoveryPointCreationDate, BackupSizeInBytes: 2_147_483_648, StorageClass: 'WARM',
        };
      },
      ListRestoreTestingPlans: (): Output<ListRestoreTestingPlansCommandOutput> => ({
        RestoreTestingPlans: [{
          RestoreTestingPlanArn: `arn:aws:backup:${plan.region}:${plan.account}:restore-testing-plan:monthly_phi_restore-abc123`, RestoreTestingPlanName: 'monthly_phi_restore',
          CreationTime: daysAgo(400), ScheduleExpression: 'cron(0 5 ? * 1 *)', ScheduleExpressionTimezone: 'Etc/UTC', StartWindowHours: 24, LastExecutionTime: daysAgo(40),
        }],
      }),
      // 100 resources a page (MaxResults may go to 1,000).
      ListProtectedResources: (input: ListProtectedResourcesCommandInput): Output<ListProtectedResourcesCommandOutput> => {
        const { indexes, next } = indexPage(protectedCount, input.NextToken, input.MaxResults ?? 100);
        return {
          Results: indexes.map((r) => {
            const [arn, type] = protectedArn(r);
            return { ResourceArn: arn, ResourceType: type, LastBackupTime: daysAgo(1), ResourceName: arn.slice(arn.search(/[:/][^:/]+$/) + 1), LastBackupVaultArn: `arn:aws:backup:${plan.region}:${plan.account}:backup-vault:${VAULTS[0]}` };
          }),
          ...(next ? { NextToken: next } : {}),
        };
      },
    },
  };
}
