/**
 * The EC2 network: VPCs with their flow logs, subnets with their route tables, network ACLs and
 * security groups (the benchmark's original kind, shaped as before). Mix: one VPC in three is the
 * region's default VPC, untagged and without flow logs; one subnet in three is public (an internet
 * gateway route of its own, public addresses on launch), the rest route through a NAT gateway; PHI
 * scope comes from the VPC's tags or the subnet's own; default ACLs allow everything, custom ones
 * deny SSH and RDP; one security group in sixteen opens SSH to the internet.
 */
import type {
  DescribeFlowLogsCommandInput, DescribeFlowLogsCommandOutput, DescribeNetworkAclsCommandInput, DescribeNetworkAclsCommandOutput, DescribeRouteTablesCommandInput,
  DescribeRouteTablesCommandOutput, DescribeSecurityGroupsCommandInput, DescribeSecurityGroupsCommandOutput, DescribeSubnetsCommandInput, DescribeSubnetsCommandOutput,
  DescribeVpcsCommandInput, DescribeVpcsCommandOutput, NetworkAcl, NetworkAclEntry, RouteTable, SecurityGroup, Subnet, Vpc,
} from '@aws-sdk/client-ec2';
import { indexPage, type AnswerTable, type Output } from '../fake-clients.ts';
import { daysAgo, hexId, indexOf, tagsOf, type AccountPlan } from './plan.ts';

/** EC2 Describe calls serve at most 1,000 items a page. */
export const EC2_PAGE = 1000;
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** The VPC of subnet `s`, and whether it is public. */
export const vpcOfSubnet = (plan: AccountPlan, s: number) => s % plan.counts.vpcs;
export const isPublicSubnet = (s: number) => s % 3 === 0;
const isDefaultVpc = (v: number) => v % 3 === 2;

/** The items a Describe call names by id (`ids`), or a page of all of them. */
export function described<T>(count: number, ids: string[] | undefined, prefix: string, make: (i: number) => T, input: { NextToken?: string; MaxResults?: number }) {
  if (ids) {
    const items = ids.flatMap((id) => {
      const i = indexOf(id, prefix);
      return i !== undefined && i < count ? [make(i)] : [];
    });
    return { items, next: undefined };
  }
  const { indexes, next } = indexPage(count, input.NextToken, input.MaxResults ?? EC2_PAGE);
  return { items: indexes.map(make), next };
}

/** The value of filter `name` in an EC2 Filters list. */
function filterValue(filters: Array<{ Name?: string; Values?: string[] }> | undefined, name: string): string | undefined {
  return filters?.find((f) => f.Name === name)?.Values?.[0];
}

function vpcs(plan: AccountPlan) {
  const vpc = (v: number): Vpc => ({
    VpcId: hexId('vpc-', v), OwnerId: plan.account, InstanceTenancy: 'default', CidrBlock: `10.${v % 256}.0.0/16`, DhcpOptionsId: hexId('dopt-', v),
    State: 'available', IsDefault: isDefaultVpc(v), Tags: isDefaultVpc(v) ? [] : tagsOf(v, `clinic-vpc-${v}`),
    CidrBlockAssociationSet: [{ AssociationId: hexId('vpc-cidr-assoc-', v), CidrBlock: `10.${v % 256}.0.0/16`, CidrBlockState: { State: 'associated' } }],
  });
  const subnet = (s: number): Subnet => {
    const v = vpcOfSubnet(plan, s);
    const id = hexId('subnet-', s);
    const own = s % 4 === 1 ? [{ Key: 'data-classification', Value: 'ephi' }] : [];
    return {
      SubnetId: id, SubnetArn: `arn:aws:ec2:${plan.region}:${plan.account}:subnet/${id}`, VpcId: hexId('vpc-', v), OwnerId: plan.account, State: 'available',
      CidrBlock: `10.${v % 256}.${Math.floor(s / plan.counts.vpcs) % 256}.0/24`, AvailableIpAddressCount: 240, AvailabilityZone: ZONES[s % 3], DefaultForAz: isDefaultVpc(v),
      MapPublicIpOnLaunch: isPublicSubnet(s), Tags: [...own, { Key: 'Name', Value: `${isPublicSubnet(s) ? 'public' : 'private'}-${s}` }],
    };
  };
  return { vpc, subnet };
}

function routeTables(plan: AccountPlan) {
  const local = (v: number) => ({ DestinationCidrBlock: `10.${v % 256}.0.0/16`, GatewayId: 'local', Origin: 'CreateRouteTable' as const, State: 'active' as const });
  const association = (table: string, subnet: number | null, main: boolean) => ({
    Main: main, RouteTableAssociationId: hexId('rtbassoc-', subnet ?? 0), RouteTableId: table, ...(subnet !== null ? { SubnetId: hexId('subnet-', subnet) } : {}),
    AssociationState: { State: 'associated' as const },
  });
  /** The VPC's public subnets: a few per VPC, found by stepping through the VPC's own subnets. */
  const publicSubnets = (v: number) => {
    const found: number[] = [];
    for (let s = v; s < plan.counts.subnets; s += plan.counts.vpcs) if (isPublicSubnet(s)) found.push(s);
    return found;
  };
  const publicTable = (v: number): RouteTable => {
    const id = hexId('rtb-', 2 * v + 1);
    return {
      RouteTableId: id, VpcId: hexId('vpc-', v), OwnerId: plan.account, PropagatingVgws: [], Tags: [{ Key: 'Name', Value: 'public' }],
      Associations: publicSubnets(v).map((s) => association(id, s, false)),
      Routes: [local(v), { DestinationCidrBlock: '0.0.0.0/0', GatewayId: hexId('igw-', v), Origin: 'CreateRoute', State: 'active' }],
    };
  };
  const mainTable = (v: number): RouteTable => {
    const id = hexId('rtb-', 2 * v);
    return {
      RouteTableId: id, VpcId: hexId('vpc-', v), OwnerId: plan.account, PropagatingVgws: [], Tags: [{ Key: 'Name', Value: 'main' }], Associations: [association(id, null, true)],
      Routes: [local(v), { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: hexId('nat-', v), Origin: 'CreateRoute', State: 'active' }],
    };
  };
  return { publicTable, mainTable };
}

function networkAcl(plan: AccountPlan, a: number): NetworkAcl {
  const v = a % plan.counts.vpcs;
  const isDefault = a < plan.counts.vpcs;
  const rule = (RuleNumber: number, Egress: boolean, RuleAction: 'allow' | 'deny', Protocol: string, ports?: number): NetworkAclEntry => ({
    RuleNumber, Egress, RuleAction, Protocol, CidrBlock: '0.0.0.0/0', ...(ports !== undefined ? { PortRange: { From: ports, To: ports } } : {}),
  });
  const entries = isDefault
    ? [rule(100, false, 'allow', '-1'), rule(32767, false, 'deny', '-1'), rule(100, true, 'allow', '-1'), rule(32767, true, 'deny', '-1')]
    : [rule(90, false, 'deny', '6', 22), rule(95, false, 'deny', '6', 3389), rule(100, false, 'allow', '6', 443), rule(32767, false, 'deny', '-1'), rule(100, true, 'allow', '-1'), rule(32767, true, 'deny', '-1')];
  const id = hexId('acl-', a);
  const subnets: number[] = [];
  for (let s = v; s < plan.counts.subnets && subnets.length < 8; s += plan.counts.vpcs) if (isDefault === (s % 2 === 0)) subnets.push(s);
  return {
    NetworkAclId: id, VpcId: hexId('vpc-', v), OwnerId: plan.account, IsDefault: isDefault, Entries: entries, Tags: [],
    Associations: subnets.map((s) => ({ NetworkAclAssociationId: hexId('aclassoc-', s), NetworkAclId: id, SubnetId: hexId('subnet-', s) })),
  };
}

/**
 * A security group as the benchmark always made them: `default` when its id ends in 0, SSH open
 * when in 7; every group may send anywhere, but half the default groups were closed completely.
 */
function securityGroup(plan: AccountPlan, i: number): SecurityGroup {
  const id = hexId('sg-', i);
  return {
    GroupId: id, GroupName: id.endsWith('0') ? 'default' : `app-${id}`, Description: 'application tier', OwnerId: plan.account, VpcId: hexId('vpc-', i % plan.counts.vpcs), Tags: [],
    IpPermissions: id.endsWith('7') ? [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }] : [],
    IpPermissionsEgress: i % 32 === 0 ? [] : [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
  };
}

/** The EC2 network answers (EC2Client) of the account. */
export function networkAnswers(plan: AccountPlan): AnswerTable {
  const { vpc, subnet } = vpcs(plan);
  const { publicTable, mainTable } = routeTables(plan);
  return {
    EC2Client: {
      DescribeVpcs: (input: DescribeVpcsCommandInput): Output<DescribeVpcsCommandOutput> => {
        const { items, next } = described(plan.counts.vpcs, input.VpcIds, 'vpc-', vpc, input);
        return { Vpcs: items, ...(next ? { NextToken: next } : {}) };
      },
      DescribeFlowLogs: (input: DescribeFlowLogsCommandInput): Output<DescribeFlowLogsCommandOutput> => {
        const vpcId = filterValue(input.Filter, 'resource-id');
        const v = indexOf(vpcId, 'vpc-');
        if (v === undefined || v >= plan.counts.vpcs || isDefaultVpc(v)) return { FlowLogs: [] };
        return {
          FlowLogs: [{
            CreationTime: daysAgo(300), DeliverLogsStatus: 'SUCCESS', FlowLogId: hexId('fl-', v), FlowLogStatus: 'ACTIVE', LogGroupName: `/vpc/flow-logs/${vpcId!}`,
            ResourceId: vpcId, TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', DeliverLogsPermissionArn: `arn:aws:iam::${plan.account}:role/flow-logs`,
            MaxAggregationInterval: 600,
          }],
        };
      },
      DescribeSubnets: (input: DescribeSubnetsCommandInput): Output<DescribeSubnetsCommandOutput> => {
        const { items, next } = described(plan.counts.subnets, input.SubnetIds, 'subnet-', subnet, input);
        return { Subnets: items, ...(next ? { NextToken: next } : {}) };
      },
      // The sweep asks for a subnet's explicit table, else its VPC's main table.
      DescribeRouteTables: (input: DescribeRouteTablesCommandInput): Output<DescribeRouteTablesCommandOutput> => {
        const s = indexOf(filterValue(input.Filters, 'association.subnet-id'), 'subnet-');
        if (s !== undefined) return { RouteTables: s < plan.counts.subnets && isPublicSubnet(s) ? [publicTable(vpcOfSubnet(plan, s))] : [] };
        const v = indexOf(filterValue(input.Filters, 'vpc-id'), 'vpc-');
        return { RouteTables: v !== undefined && v < plan.counts.vpcs ? [mainTable(v)] : [] };
      },
      DescribeNetworkAcls: (input: DescribeNetworkAclsCommandInput): Output<DescribeNetworkAclsCommandOutput> => {
        const { items, next } = described(plan.counts.networkAcls, input.NetworkAclIds, 'acl-', (a) => networkAcl(plan, a), input);
        return { NetworkAcls: items, ...(next ? { NextToken: next } : {}) };
      },
      DescribeSecurityGroups: (input: DescribeSecurityGroupsCommandInput): Output<DescribeSecurityGroupsCommandOutput> => {
        const { items, next } = described(plan.counts.securityGroups, input.GroupIds, 'sg-', (i) => securityGroup(plan, i), input);
        return { SecurityGroups: items, ...(next ? { NextToken: next } : {}) };
      },
    },
  };
}
