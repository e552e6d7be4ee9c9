/**
 * Security group snapshots (kind "ec2-security-group"): the group's rules, normalized so the
 * checks read one shape whether the rules came from DescribeSecurityGroups or a Config item.
 */
import { DescribeSecurityGroupsCommand, paginateDescribeSecurityGroups, type SecurityGroup } from '@aws-sdk/client-ec2';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { field, idsAt } from './ec2-common.ts';
import { listedKind } from './ec2-listed-kind.ts';
import type { SnapshotKind } from './types.ts';
import type { SecurityGroupRule, SecurityGroupState } from '../model/states/ec2.ts';

const KIND = 'ec2-security-group';
const RESOURCE_TYPE = 'AWS::EC2::SecurityGroup';

// DescribeSecurityGroups answers with names, but Config items and some tools write numbers.
const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

type Loose = Record<string, unknown>;

function strings(list: unknown, ...keys: string[]): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    if (typeof entry === 'string') return [entry];
    const value = field(entry as Loose, ...keys);
    return typeof value === 'string' ? [value] : [];
  });
}

function port(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * Normalize one IpPermission: SDK PascalCase (`IpRanges: [{CidrIp}]`) or Config camelCase
 * (`ipv4Ranges: [{cidrIp}]`, older items `ipRanges: ["0.0.0.0/0"]`).
 */
function normalizeRule(permission: Loose): SecurityGroupRule {
  const raw = String(field(permission, 'IpProtocol', 'ipProtocol') ?? '-1').toLowerCase();
  const protocol = PROTOCOL_NAMES[raw] ?? raw;
  const fromPort = port(field(permission, 'FromPort', 'fromPort'));
  const toPort = port(field(permission, 'ToPort', 'toPort'));
  const ipv4 = [
    ...strings(permission.IpRanges, 'CidrIp'),
    ...strings(permission.ipv4Ranges, 'cidrIp'),
    ...strings(permission.ipRanges, 'cidrIp'),
  ];
  const rule: SecurityGroupRule = {
    protocol,
    ipv4Ranges: [...new Set(ipv4)],
    ipv6Ranges: [...new Set([...strings(permission.Ipv6Ranges, 'CidrIpv6'), ...strings(permission.ipv6Ranges, 'cidrIpv6')])],
    prefixListIds: strings(field(permission, 'PrefixListIds', 'prefixListIds'), 'PrefixListId', 'prefixListId'),
    referencedGroupIds: strings(field(permission, 'UserIdGroupPairs', 'userIdGroupPairs'), 'GroupId', 'groupId'),
  };
  // Protocol -1 has no ports; AWS sometimes reports them as -1, which means the same.
  if (protocol !== '-1' && fromPort !== undefined) rule.fromPort = fromPort;
  if (protocol !== '-1' && toPort !== undefined) rule.toPort = toPort;
  return rule;
}

/** Build the state from a DescribeSecurityGroups group or a Config item configuration. */
function securityGroupState(described: object, groupId: string): SecurityGroupState {
  const group = described as Loose;
  const groupName = String(field(group, 'GroupName', 'groupName') ?? '');
  const vpcId = field(group, 'VpcId', 'vpcId');
  const rules = (list: unknown) => (Array.isArray(list) ? list.map((p) => normalizeRule(p as Loose)) : []);
  return {
    groupId,
    groupName,
    ...(typeof vpcId === 'string' ? { vpcId } : {}),
    isDefault: groupName === 'default',
    ingress: rules(field(group, 'IpPermissions', 'ipPermissions')),
    egress: rules(field(group, 'IpPermissionsEgress', 'ipPermissionsEgress')),
  };
}

/** Read with DescribeSecurityGroups (its pages hold every group's rules and tags) or from an item with its rule lists. */
const listed = listedKind<SecurityGroup, SecurityGroupState>({
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  arnPath: (id) => `security-group/${id}`,
  operation: 'ec2:DescribeSecurityGroups',
  notFound: ['InvalidGroup.NotFound'],
  describeOne: async (client, id) => (await client.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups,
  async *pages(client) {
    for await (const page of paginateDescribeSecurityGroups({ client }, {})) yield page.SecurityGroups;
  },
  idOf: (group) => group.GroupId,
  stateOf: securityGroupState,
  configList: ['ipPermissions', 'IpPermissions'],
});

/**
 * The group an event changes: `groupId` in the request (Authorize/Revoke/Delete/
 * UpdateSecurityGroupRuleDescriptions*), the new id in the response (CreateSecurityGroup), or
 * the wrapped `ModifySecurityGroupRulesRequest.GroupId`. Groups referenced by a rule are not
 * changed by it and are left out.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  return idsAt(
    record,
    [
      'requestParameters.groupId',
      'responseElements.groupId',
      'requestParameters.ModifySecurityGroupRulesRequest.GroupId',
      'requestParameters.UpdateSecurityGroupRuleDescriptionsIngressRequest.GroupId',
      'requestParameters.UpdateSecurityGroupRuleDescriptionsEgressRequest.GroupId',
      'responseElements.securityGroupRuleSet.groupId',
    ],
    'sg-',
  );
}

/** Security groups by id; see the module comment. */
export const securityGroupKind: SnapshotKind<SecurityGroupState> = { ...listed, idsFromEvent };
