/**
 * VPC snapshots (kind "ec2-vpc"): the VPC and the flow logs attached to it. Flow logs are not
 * part of the AWS::EC2::VPC Config item, so a VPC is always read from the API.
 */
import { DescribeVpcsCommand, paginateDescribeFlowLogs, paginateDescribeVpcs, type FlowLog, EC2Client } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { deletionOnlyFromItem } from './config-item-snapshot.ts';
import { idsAt } from './ec2-common.ts';
import { idsFromPages, readPages } from './pages.ts';
import { isFailure, read, type ReadFailure } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { VpcFlowLog, VpcState } from '../model/states/ec2.ts';

const KIND = 'ec2-vpc';
const RESOURCE_TYPE = 'AWS::EC2::VPC';

function flowLog(f: FlowLog): VpcFlowLog {
  return {
    flowLogId: f.FlowLogId ?? '',
    status: f.FlowLogStatus ?? 'UNKNOWN',
    ...(f.DeliverLogsStatus ? { deliveryStatus: f.DeliverLogsStatus } : {}),
    ...(f.DeliverLogsErrorMessage ? { deliveryError: f.DeliverLogsErrorMessage } : {}),
    ...(f.TrafficType ? { trafficType: f.TrafficType } : {}),
    ...(f.LogDestinationType ? { destinationType: f.LogDestinationType } : {}),
    ...(f.LogDestination ?? f.LogGroupName ? { destination: f.LogDestination ?? f.LogGroupName } : {}),
  };
}

/** Every flow log whose resource is this VPC, across pages. */
function flowLogsOf(ctx: CollectContext, vpcId: string): Promise<VpcFlowLog[] | ReadFailure> {
  const pages = paginateDescribeFlowLogs({ client: ctx.clients.get(EC2Client) }, { Filter: [{ Name: 'resource-id', Values: [vpcId] }] });
  return readPages('ec2:DescribeFlowLogs', pages, (page) => (page.FlowLogs ?? []).map(flowLog));
}

async function collect(ctx: CollectContext, vpcId: string): Promise<Snapshot<VpcState>> {
  const arn = `arn:aws:ec2:${ctx.region}:${ctx.account}:vpc/${vpcId}`;
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id: vpcId, arn }, account: ctx.account, region: ctx.region, source: 'api' as const };
  const NOT_FOUND = { names: ['InvalidVpcID.NotFound'], fallback: null };
  const [described, logs] = await Promise.all([
    read('ec2:DescribeVpcs', () => ctx.clients.get(EC2Client).send(new DescribeVpcsCommand({ VpcIds: [vpcId] })), NOT_FOUND),
    flowLogsOf(ctx, vpcId),
  ]);
  if (isFailure(described)) return { ...base, error: described.error };
  const vpc = described?.Vpcs?.find((v) => v.VpcId === vpcId);
  if (!vpc) return { ...base, deleted: true };
  if (isFailure(logs)) return { ...base, tags: tagsFromList(vpc.Tags), error: logs.error };
  return { ...base, tags: tagsFromList(vpc.Tags), state: { vpcId, isDefault: vpc.IsDefault === true, flowLogs: logs } };
}

function enumerate(ctx: CollectContext): AsyncIterable<string> {
  return idsFromPages(paginateDescribeVpcs({ client: ctx.clients.get(EC2Client) }, {}), (page) => page.Vpcs, (vpc) => vpc.VpcId);
}

/** Only a deleted VPC can be answered from its item: flow logs are never in it. */
const fromConfigItem = deletionOnlyFromItem<VpcState>(KIND, RESOURCE_TYPE);

/**
 * CreateVpc names the new VPC in `responseElements.vpc.vpcId`; DeleteVpc in the request;
 * CreateFlowLogs in `CreateFlowLogsRequest.ResourceId` (one `{tag, content}` or a list).
 * DeleteFlowLogs names only the flow log id (`DeleteFlowLogsRequest.FlowLogId`), and a deleted
 * flow log can no longer be described, so its VPC is unknown: [] here, and the check's trigger
 * fans the event out to every VPC of the region.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  return idsAt(
    record,
    ['requestParameters.vpcId', 'responseElements.vpc.vpcId', 'requestParameters.CreateFlowLogsRequest.ResourceId'],
    'vpc-',
  );
}

/** VPCs by id, with their flow logs. */
export const vpcKind: SnapshotKind<VpcState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate,
  fromConfigItem,
  idsFromEvent,
};
