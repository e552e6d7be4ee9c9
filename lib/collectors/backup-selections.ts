/**
 * The region's backup plans and every selection document of each (ListBackupPlans,
 * ListBackupSelections, GetBackupSelection), read once per run and shared by the backup kinds:
 * which plan protects a data store, and what a plan backs up, are both answered from them.
 */
import {
  BackupClient,
  GetBackupSelectionCommand,
  ListTagsCommand,
  paginateListBackupPlans,
  paginateListBackupSelections,
  type BackupPlansListMember,
  type BackupSelection,
  type Condition,
  type ConditionParameter,
} from '@aws-sdk/client-backup';
import type { ReadError } from '../model/check.ts';
import type { BackupSelectionDoc, TagCondition } from '../model/states/backup.ts';
import { readPages } from './pages.ts';
import { isFailure, read, ReadFailure } from './read.ts';
import { readOncePerRun } from './run-memo.ts';
import type { CollectContext } from './types.ts';

/** A plan as ListBackupPlans names it. */
interface PlanSummary {
  planId: string;
  planName: string;
  planArn: string | null;
}

/** Every current plan of the region and every selection of those plans. */
export interface RegionSelections {
  plans: PlanSummary[];
  selections: BackupSelectionDoc[];
}

function pairs(list: ConditionParameter[] | Condition[] | undefined): TagCondition[] {
  return (list ?? []).flatMap((c) => (typeof c.ConditionKey === 'string' && typeof c.ConditionValue === 'string' ? [{ key: c.ConditionKey, value: c.ConditionValue }] : []));
}

function selectionDoc(plan: PlanSummary, selectionId: string, selection: BackupSelection): BackupSelectionDoc {
  const conditions = selection.Conditions ?? {};
  return {
    planId: plan.planId,
    planName: plan.planName,
    selectionId,
    selectionName: selection.SelectionName ?? selectionId,
    resources: selection.Resources ?? [],
    notResources: selection.NotResources ?? [],
    // STRINGEQUALS is the only ConditionType AWS Backup defines for ListOfTags.
    listOfTags: pairs(selection.ListOfTags?.filter((c) => c.ConditionType === undefined || c.ConditionType === 'STRINGEQUALS')),
    conditions: {
      stringEquals: pairs(conditions.StringEquals),
      stringNotEquals: pairs(conditions.StringNotEquals),
      stringLike: pairs(conditions.StringLike),
      stringNotLike: pairs(conditions.StringNotLike),
    },
  };
}

function summary(plan: BackupPlansListMember): PlanSummary | undefined {
  if (!plan.BackupPlanId) return undefined;
  return { planId: plan.BackupPlanId, planName: plan.BackupPlanName ?? plan.BackupPlanId, planArn: plan.BackupPlanArn ?? null };
}

async function readSelections(ctx: CollectContext): Promise<RegionSelections | ReadFailure> {
  const client = ctx.clients.get(BackupClient);
  const listed = await readPages('ListBackupPlans', paginateListBackupPlans({ client }, {}), (page) => page.BackupPlansList ?? []);
  if (isFailure(listed)) return listed;
  const plans = listed.flatMap((plan) => summary(plan) ?? []);
  const selections: BackupSelectionDoc[] = [];
  for (const plan of plans) {
    const members = await readPages('ListBackupSelections', paginateListBackupSelections({ client }, { BackupPlanId: plan.planId }), (page) => page.BackupSelectionsList ?? []);
    if (isFailure(members)) return members;
    for (const member of members) {
      if (!member.SelectionId) continue;
      const input = { BackupPlanId: plan.planId, SelectionId: member.SelectionId };
      const out = await read('GetBackupSelection', () => client.send(new GetBackupSelectionCommand(input)), { names: ['ResourceNotFoundException'], fallback: null });
      if (isFailure(out)) return out;
      // A selection deleted between the listing and the read assigns nothing any more.
      if (out?.BackupSelection) selections.push(selectionDoc(plan, member.SelectionId, out.BackupSelection));
    }
  }
  return { plans, selections };
}

/**
 * The region's plans and selections, read once per run (every data store and plan of a sweep
 * shares them). A failed read is a ReadFailure: nothing can be said about coverage without them.
 *
 * @example const region = await regionSelections(ctx); if (!isFailure(region)) region.selections.length;
 */
export function regionSelections(ctx: CollectContext): Promise<RegionSelections | ReadFailure> {
  return readOncePerRun(ctx, `backup:selections:${ctx.account}:${ctx.region}`, () => readSelections(ctx));
}

/**
 * The tags of a backup plan or vault (backup:ListTags): a map, or the ReadError that leaves PHI
 * scope unknown (runCheck then judges by the stricter rule).
 */
export async function backupTags(ctx: CollectContext, arn: string | null): Promise<{ tags: Record<string, string> } | { tagsError: ReadError }> {
  if (!arn) return { tags: {} };
  const out = await read('ListTags', () => ctx.clients.get(BackupClient).send(new ListTagsCommand({ ResourceArn: arn })));
  if (isFailure(out)) return { tagsError: out.error };
  return { tags: { ...(out.Tags ?? {}) } };
}

/**
 * A string member of a CloudTrail record's requestParameters or responseElements for AWS Backup.
 * Its URI parameters are camelCase (`backupPlanId`, `backupVaultName`); body members are PascalCase
 * in the API (`BackupPlanId`): both spellings are read, the documented camelCase first.
 *
 * @example backupEventMember(record.requestParameters, 'backupPlanId')
 */
export function backupEventMember(container: Record<string, unknown> | null | undefined, camelName: string): string | undefined {
  const pascalName = `${camelName[0]!.toUpperCase()}${camelName.slice(1)}`;
  for (const value of [container?.[camelName], container?.[pascalName]]) if (typeof value === 'string' && value !== '') return value;
  return undefined;
}
