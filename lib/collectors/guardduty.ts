import { GetDetectorCommand, GuardDutyClient, paginateListDetectors, type GetDetectorCommandOutput } from '@aws-sdk/client-guardduty';
import type { Snapshot } from '../model/check.ts';
import { partitionOf } from '../model/cloudtrail.ts';
import type { GuardDutyDetectorState, GuardDutyFeature } from '../model/states/guardduty.ts';
import { accountOfEvent, accountSnapshotBase, theAccount } from './account-scoped.ts';
import { readPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'guardduty-detector';
const RESOURCE_TYPE = 'AWS::GuardDuty::Detector';

/**
 * Protection plans from the DataSources a detector made before Features existed; read only when
 * GetDetector returns no Features, so an older detector still shows its S3 and malware plans.
 */
function featuresFromDataSources(sources: GetDetectorCommandOutput['DataSources']): GuardDutyFeature[] {
  const known: Array<[string, string | undefined]> = [
    ['S3_DATA_EVENTS', sources?.S3Logs?.Status],
    ['EKS_AUDIT_LOGS', sources?.Kubernetes?.AuditLogs?.Status],
    ['EBS_MALWARE_PROTECTION', sources?.MalwareProtection?.ScanEc2InstanceWithFindings?.EbsVolumes?.Status],
  ];
  return known.flatMap(([name, status]) => (status ? [{ name, status }] : []));
}

function featuresOf(out: GetDetectorCommandOutput): GuardDutyFeature[] {
  const features = (out.Features ?? []).flatMap((f) => (f.Name && f.Status ? [{ name: f.Name, status: f.Status }] : []));
  return features.length > 0 ? features : featuresFromDataSources(out.DataSources);
}

/**
 * Snapshot kind "guardduty-detector": the account's detector in the context's region, id = the
 * account id. The id stays the account's whether a detector exists or not (and a detector made
 * again gets a new id), so the history of "enabled" and "not enabled" lines up under one
 * resource; the detector id is in the state and the ARN. No detector is a state (GuardDuty off),
 * never an error; a denied read is an error, so a member account that may not read its detector
 * is never reported as having none. Any id (a Config item names the detector id) reads the same.
 *
 * @example
 * const snapshot = await guardDutyDetectorKind.collect(ctx, ctx.account);
 * snapshot.state?.status; // 'ENABLED'
 */
export const guardDutyDetectorKind: SnapshotKind<GuardDutyDetectorState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext): Promise<Snapshot<GuardDutyDetectorState>> {
    const client = ctx.clients.get(GuardDutyClient);
    const base = accountSnapshotBase(KIND, RESOURCE_TYPE, ctx);
    const ids = await readPages('ListDetectors', paginateListDetectors({ client }, {}), (page) => page.DetectorIds ?? []);
    if (isFailure(ids)) return { ...base, error: ids.error };
    const detectorId = ids[0];
    if (!detectorId) return { ...base, state: { accountId: ctx.account, detectorId: null, status: null, features: [], updatedAt: null } };

    const arn = `arn:${partitionOf(ctx.region)}:guardduty:${ctx.region}:${ctx.account}:detector/${detectorId}`;
    const located = { ...base, resource: { ...base.resource, arn } };
    const detector = await read('GetDetector', () => client.send(new GetDetectorCommand({ DetectorId: detectorId })));
    if (isFailure(detector)) return { ...located, error: detector.error };
    return {
      ...located,
      tags: detector.Tags ?? {},
      state: { accountId: ctx.account, detectorId, status: detector.Status ?? null, features: featuresOf(detector), updatedAt: detector.UpdatedAt ?? null },
    };
  },

  enumerate: theAccount,

  /** Every GuardDuty trigger (CreateDetector, DeleteDetector, UpdateDetector, ...) is about the event's account. */
  idsFromEvent: accountOfEvent,
};
