import { DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand, type ConfigurationRecorder, type ConfigurationRecorderStatus, ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { ConfigRecorderFacts, ConfigRecorderState } from '../model/states/config.ts';

const KIND = 'config-recorder';
const RESOURCE_TYPE = 'AWS::Config::ConfigurationRecorder';

/** The id of the account-and-region resource this kind reports on. */
function configRecorderId(account: string, region: string): string {
  return `${account}:${region}`;
}

function factsOf(recorder: ConfigurationRecorder, status: ConfigurationRecorderStatus | undefined): ConfigRecorderFacts {
  const group = recorder.recordingGroup;
  return {
    name: recorder.name ?? 'unnamed',
    allSupported: group?.allSupported === true,
    includeGlobalResourceTypes: group?.includeGlobalResourceTypes === true,
    recordingStrategy: group?.recordingStrategy?.useOnly ?? null,
    resourceTypes: group?.resourceTypes ?? [],
    exclusions: group?.exclusionByResourceTypes?.resourceTypes ?? [],
    recordingFrequency: recorder.recordingMode?.recordingFrequency ?? null,
    serviceLinked: Boolean(recorder.servicePrincipal) || recorder.recordingScope === 'INTERNAL',
    recording: status?.recording === true,
    lastStatus: status?.lastStatus ?? null,
    lastErrorCode: status?.lastErrorCode ?? null,
  };
}

/**
 * Snapshot kind "config-recorder": the AWS Config recorders of the context's account and region,
 * id = "<account>:<region>" (the recorder name alone would not say where).
 *
 * @example
 * const snapshot = await configRecorderKind.collect(ctx, '111122223333:us-east-1');
 * snapshot.state?.recorders[0]?.recording; // true
 */
export const configRecorderKind: SnapshotKind<ConfigRecorderState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,

  async collect(ctx: CollectContext, id: string): Promise<Snapshot<ConfigRecorderState>> {
    const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id }, account: ctx.account, region: ctx.region, source: 'api' as const };
    const [recorders, statuses] = await Promise.all([
      read('DescribeConfigurationRecorders', () => ctx.clients.get(ConfigServiceClient).send(new DescribeConfigurationRecordersCommand({}))),
      read('DescribeConfigurationRecorderStatus', () => ctx.clients.get(ConfigServiceClient).send(new DescribeConfigurationRecorderStatusCommand({}))),
    ]);
    if (isFailure(recorders)) return { ...base, error: recorders.error };
    if (isFailure(statuses)) return { ...base, error: statuses.error };
    const byName = new Map((statuses.ConfigurationRecordersStatus ?? []).map((s) => [s.name, s]));
    const facts = (recorders.ConfigurationRecorders ?? []).map((r) => factsOf(r, byName.get(r.name)));
    // No recorder is a finding (fail), not a missing resource: the state says so.
    return { ...base, state: { recorders: facts } };
  },

  async *enumerate(ctx: CollectContext): AsyncIterable<string> {
    yield configRecorderId(ctx.account, ctx.region);
  },

  idsFromEvent(record: CloudTrailRecord): string[] {
    const account = record.recipientAccountId || record.userIdentity?.accountId;
    return account ? [configRecorderId(account, record.awsRegion)] : [];
  },
};
