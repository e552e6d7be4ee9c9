/**
 * Which backup plan each completed restore tested. A restore job names the recovery point it
 * restored and the vault holding it, not a plan; the recovery point names the plan that made it
 * (DescribeRecoveryPoint CreatedBy.BackupPlanId). Read once per run, newest restore first, until
 * every plan has its latest restore or a bound is reached.
 */
import {
  BackupClient,
  DescribeRecoveryPointCommand,
  paginateListRestoreJobs,
  paginateListRestoreTestingPlans,
  type RestoreJobsListMember,
} from '@aws-sdk/client-backup';
import type { RestoreEvidence } from '../model/states/backup.ts';
import { isoTime } from './iso-time.ts';
import { readPages } from './pages.ts';
import { isFailure, read, ReadFailure } from './read.ts';
import { readOncePerRun } from './run-memo.ts';
import type { CollectContext } from './types.ts';

/**
 * Recovery points traced per run and region: each is one DescribeRecoveryPoint. Daily restore
 * tests of a few resources stay far below; beyond it the plans still without a restore are
 * reported as not fully traced, never as untested.
 */
const MAX_TRACED_RECOVERY_POINTS = 200;

/** A restore whose validation failed or timed out proves no usable restore. */
const FAILED_VALIDATION = new Set(['FAILED', 'TIMED_OUT']);

/** The latest traced restore of each plan, and what could not be traced. */
export interface RestoreIndex {
  latestByPlan: Map<string, RestoreEvidence>;
  untraced: number;
  complete: boolean;
}

/** `arn:aws:backup:us-east-1:111122223333:backup-vault:phi-vault` → `phi-vault`. */
function vaultNameOf(vaultArn: string | undefined): string | undefined {
  const match = vaultArn ? /:backup-vault:([^:/]+)$/.exec(vaultArn) : null;
  return match?.[1];
}

function evidenceOf(job: RestoreJobsListMember, completionDate: string): RestoreEvidence {
  return {
    restoreJobId: job.RestoreJobId ?? '',
    completionDate,
    recoveryPointArn: job.RecoveryPointArn ?? '',
    resourceType: job.ResourceType ?? null,
    restoreTestingPlanArn: job.CreatedBy?.RestoreTestingPlanArn ?? null,
    validationStatus: job.ValidationStatus ?? null,
  };
}

async function traceRestores(ctx: CollectContext, planIds: ReadonlySet<string>): Promise<RestoreIndex | ReadFailure> {
  const client = ctx.clients.get(BackupClient);
  const jobs = await readPages('ListRestoreJobs', paginateListRestoreJobs({ client }, { ByStatus: 'COMPLETED' }), (page) => page.RestoreJobs ?? []);
  if (isFailure(jobs)) return jobs;
  const completed = jobs
    .filter((job) => !FAILED_VALIDATION.has(job.ValidationStatus ?? ''))
    .flatMap((job) => {
      const completionDate = isoTime(job.CompletionDate);
      return completionDate ? [{ job, completionDate }] : [];
    })
    .sort((a, b) => b.completionDate.localeCompare(a.completionDate));

  const index: RestoreIndex = { latestByPlan: new Map(), untraced: 0, complete: true };
  const planOfPoint = new Map<string, string | null>();
  for (const { job, completionDate } of completed) {
    if ([...planIds].every((id) => index.latestByPlan.has(id))) break;
    const vault = vaultNameOf(job.BackupVaultArn);
    const point = job.RecoveryPointArn;
    if (!vault || !point) {
      index.untraced++;
      continue;
    }
    if (!planOfPoint.has(point)) {
      if (planOfPoint.size >= MAX_TRACED_RECOVERY_POINTS) {
        index.complete = false;
        break;
      }
      const input = { BackupVaultName: vault, RecoveryPointArn: point };
      // A recovery point deleted since (expired by its lifecycle) can no longer name its plan.
      const out = await read('DescribeRecoveryPoint', () => client.send(new DescribeRecoveryPointCommand(input)), { names: ['ResourceNotFoundException'], fallback: null });
      if (isFailure(out)) return out;
      planOfPoint.set(point, out?.CreatedBy?.BackupPlanId ?? null);
    }
    const planId = planOfPoint.get(point);
    if (!planId) index.untraced++;
    else if (!index.latestByPlan.has(planId)) index.latestByPlan.set(planId, evidenceOf(job, completionDate));
  }
  return index;
}

/**
 * The latest completed restore of each of `planIds` in the context's region, read once per run.
 * Restores whose validation FAILED or TIMED_OUT do not count. A failed deciding read is a ReadFailure.
 *
 * @example const index = await restoreIndex(ctx, new Set(['8ae3...'])); index.latestByPlan.get('8ae3...')?.completionDate;
 */
export function restoreIndex(ctx: CollectContext, planIds: ReadonlySet<string>): Promise<RestoreIndex | ReadFailure> {
  return readOncePerRun(ctx, `backup:restores:${ctx.account}:${ctx.region}`, () => traceRestores(ctx, planIds));
}

/**
 * The names of the region's restore testing plans (an enrichment: a testing plan is a schedule,
 * only its completed restore jobs are evidence), or the failure.
 */
export function restoreTestingPlans(ctx: CollectContext): Promise<string[] | ReadFailure> {
  return readOncePerRun(ctx, `backup:restore-testing-plans:${ctx.account}:${ctx.region}`, async () => {
    const plans = await readPages('ListRestoreTestingPlans', paginateListRestoreTestingPlans({ client: ctx.clients.get(BackupClient) }, {}), (page) => page.RestoreTestingPlans ?? []);
    return isFailure(plans) ? plans : plans.flatMap((plan) => plan.RestoreTestingPlanName ?? []);
  });
}
