import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  type ConfigurationRecorder,
  type ConfigurationRecorderStatus,
} from '@aws-sdk/client-config-service';
import type { Snapshot } from '../checks/types.ts';
import type { CloudTrailRecord } from '../events/types.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'config-recorder';
const RESOURCE_TYPE = 'AWS::Config::ConfigurationRecorder';

/** One configuration recorder: what it records and whether it is recording. */
export interface ConfigRecorderFacts {
  name: string;
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  /** recordingGroup.recordingStrategy.useOnly; null on recorders older than the field. */
  recordingStrategy: string | null;
  /** The listed types of an inclusion strategy. */
  resourceTypes: string[];
  /** The listed types of an exclusion strategy. */
  exclusions: string[];
  /** "CONTINUOUS" or "DAILY"; null when not set. */
  recordingFrequency: string | null;
  /** A recorder an AWS service created for its own use (servicePrincipal set), not the account's. */
  serviceLinked: boolean;
  recording: boolean;
  /** "Success", "Failure", "Pending" (older responses: upper case); null when never run. */
  lastStatus: string | null;
  lastErrorCode: string | null;
}

/** The recorders of one account and region (AWS allows one customer recorder per region). */
export interface ConfigRecorderState {
  recorders: ConfigRecorderFacts[];
}

/** The id of the account-and-region resource this kind reports on. */
export function configRecorderId(account: string, region: string): string {
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
      read('DescribeConfigurationRecorders', () => ctx.clients.config.send(new DescribeConfigurationRecordersCommand({}))),
      read('DescribeConfigurationRecorderStatus', () => ctx.clients.config.send(new DescribeConfigurationRecorderStatusCommand({}))),
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
