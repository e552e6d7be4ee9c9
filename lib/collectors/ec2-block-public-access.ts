/**
 * The account's block public access settings for EBS snapshots and AMIs, one per region: read once
 * per run (every snapshot or image of a sweep or fan-out shares the answer), never per resource.
 */
import { EC2Client, GetImageBlockPublicAccessStateCommand, GetSnapshotBlockPublicAccessStateCommand } from '@aws-sdk/client-ec2';
import type { BlockPublicAccessSetting } from '../model/states/ec2.ts';
import { isFailure, read, type ReadFailure } from './read.ts';
import { readOncePerRun } from './run-memo.ts';
import type { CollectContext } from './types.ts';

/**
 * The region's block public access for snapshots ("block-all-sharing", "block-new-sharing" or
 * "unblocked"), or the failed read.
 *
 * @example const setting = await snapshotBlockPublicAccess(ctx); if (!isFailure(setting)) setting.state
 */
export function snapshotBlockPublicAccess(ctx: CollectContext): Promise<BlockPublicAccessSetting | ReadFailure> {
  return readOncePerRun(ctx, `ec2:GetSnapshotBlockPublicAccessState:${ctx.account}:${ctx.region}`, async () => {
    const out = await read('ec2:GetSnapshotBlockPublicAccessState', () => ctx.clients.get(EC2Client).send(new GetSnapshotBlockPublicAccessStateCommand({})));
    return isFailure(out) ? out : settingOf(out.State, out.ManagedBy);
  });
}

/**
 * The region's block public access for AMIs ("block-new-sharing" or "unblocked"), or the failed read.
 *
 * @example const setting = await imageBlockPublicAccess(ctx); if (!isFailure(setting)) setting.state
 */
export function imageBlockPublicAccess(ctx: CollectContext): Promise<BlockPublicAccessSetting | ReadFailure> {
  return readOncePerRun(ctx, `ec2:GetImageBlockPublicAccessState:${ctx.account}:${ctx.region}`, async () => {
    const out = await read('ec2:GetImageBlockPublicAccessState', () => ctx.clients.get(EC2Client).send(new GetImageBlockPublicAccessStateCommand({})));
    return isFailure(out) ? out : settingOf(out.ImageBlockPublicAccessState, out.ManagedBy);
  });
}

// An answer without a state says nothing is blocked: "unknown" keeps that visible in the record.
function settingOf(state: string | undefined, managedBy: string | undefined): BlockPublicAccessSetting {
  return { state: state ?? 'unknown', ...(managedBy ? { managedBy } : {}) };
}
