import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { BackupPlanState } from '../model/states/backup.ts';
import { isFailure } from './read.ts';
import { restoreIndex, restoreTestingPlans } from './backup-restores.ts';
import { backupEventMember, backupTags, regionSelections } from './backup-selections.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'backup-plan';
const RESOURCE_TYPE = 'AWS::Backup::BackupPlan';

/**
 * Snapshot kind "backup-plan": one AWS Backup plan (id = BackupPlanId) with its selections and
 * the latest completed restore of a recovery point it made. The plans, selections and restores
 * of a region are read once per run and shared by every plan.
 *
 * @example
 * const snapshot = await backupPlanKind.collect(ctx, '8ae3c1f2-...');
 * snapshot.state?.latestRestore?.completionDate;
 */
export const backupPlanKind: SnapshotKind<BackupPlanState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext, id: string): Promise<Snapshot<BackupPlanState>> {
    const base = { kind: KIND, account: ctx.account, region: ctx.region, source: 'api' as const };
    const region = await regionSelections(ctx);
    if (isFailure(region)) return { ...base, resource: { type: RESOURCE_TYPE, id }, error: region.error };
    const plan = region.plans.find((p) => p.planId === id);
    if (!plan) return { ...base, resource: { type: RESOURCE_TYPE, id }, deleted: true };
    const restores = await restoreIndex(ctx, new Set(region.plans.map((p) => p.planId)));
    if (isFailure(restores)) return { ...base, resource: { type: RESOURCE_TYPE, id }, error: restores.error };
    const testing = await restoreTestingPlans(ctx);
    const tags = await backupTags(ctx, plan.planArn);
    return {
      ...base,
      resource: { type: RESOURCE_TYPE, id, ...(plan.planArn ? { arn: plan.planArn } : {}) },
      ...tags,
      ...(isFailure(testing) ? { unreadable: [testing.error] } : {}),
      state: {
        planId: plan.planId,
        planName: plan.planName,
        planArn: plan.planArn,
        selections: region.selections.filter((s) => s.planId === id),
        latestRestore: restores.latestByPlan.get(id) ?? null,
        untracedRestores: restores.untraced,
        tracingComplete: restores.complete,
        restoreTestingPlans: isFailure(testing) ? null : testing,
      },
    };
  },

  async *enumerate(ctx: CollectContext): AsyncIterable<string> {
    const region = await regionSelections(ctx);
    // The sweep reports a listing that fails as an error for the region: enumerate throws.
    if (isFailure(region)) throw Object.assign(new Error(region.error.message), { name: region.error.name });
    for (const plan of region.plans) yield plan.planId;
  },

  idsFromEvent(record: CloudTrailRecord): string[] {
    // CreateBackupPlan answers with the new id; selection and plan changes name it in the request.
    const id = backupEventMember(record.responseElements, 'backupPlanId') ?? backupEventMember(record.requestParameters, 'backupPlanId');
    return id ? [id] : [];
  },
};
