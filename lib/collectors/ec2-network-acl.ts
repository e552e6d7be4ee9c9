/**
 * Network ACL snapshots (kind "ec2-network-acl"): every rule, normalized so the check reads one
 * shape whether the ACL came from DescribeNetworkAcls or an AWS::EC2::NetworkAcl Config item.
 */
import { DescribeNetworkAclsCommand, paginateDescribeNetworkAcls, type NetworkAcl } from '@aws-sdk/client-ec2';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { NetworkAclEntry, NetworkAclState } from '../model/states/ec2.ts';
import { field, idsAt } from './ec2-common.ts';
import { listedKind } from './ec2-listed-kind.ts';
import type { SnapshotKind } from './types.ts';

const KIND = 'ec2-network-acl';
const RESOURCE_TYPE = 'AWS::EC2::NetworkAcl';

// Network ACLs name protocols by IANA number ("6"); the checks read names, as for security groups.
const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

type Loose = Record<string, unknown>;

function number(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** One entry, SDK PascalCase (`PortRange: {From, To}`) or Config camelCase (`portRange: {from, to}`); undefined when unreadable. */
function entryOf(raw: Loose): NetworkAclEntry | undefined {
  const ruleNumber = number(field(raw, 'RuleNumber', 'ruleNumber'));
  const cidr = field(raw, 'CidrBlock', 'cidrBlock') ?? field(raw, 'Ipv6CidrBlock', 'ipv6CidrBlock');
  const action = String(field(raw, 'RuleAction', 'ruleAction') ?? '').toLowerCase();
  if (ruleNumber === undefined || typeof cidr !== 'string' || (action !== 'allow' && action !== 'deny')) return undefined;
  const rawProtocol = String(field(raw, 'Protocol', 'protocol') ?? '-1').toLowerCase();
  const protocol = PROTOCOL_NAMES[rawProtocol] ?? rawProtocol;
  const range = field(raw, 'PortRange', 'portRange') as Loose | undefined;
  const fromPort = number(field(range, 'From', 'from'));
  const toPort = number(field(range, 'To', 'to'));
  return {
    ruleNumber,
    egress: field(raw, 'Egress', 'egress') === true,
    ruleAction: action,
    protocol,
    cidr,
    ...(protocol !== '-1' && fromPort !== undefined ? { fromPort } : {}),
    ...(protocol !== '-1' && toPort !== undefined ? { toPort } : {}),
  };
}

/** Build the state from a DescribeNetworkAcls ACL or a Config item configuration. */
function aclState(described: object, networkAclId: string): NetworkAclState {
  const acl = described as Loose;
  const entries = field(acl, 'Entries', 'entries');
  const associations = field(acl, 'Associations', 'associations');
  const vpcId = field(acl, 'VpcId', 'vpcId');
  return {
    networkAclId,
    ...(typeof vpcId === 'string' ? { vpcId } : {}),
    isDefault: field(acl, 'IsDefault', 'isDefault') === true,
    subnetIds: Array.isArray(associations) ? associations.flatMap((a) => { const id = field(a as Loose, 'SubnetId', 'subnetId'); return typeof id === 'string' ? [id] : []; }) : [],
    entries: Array.isArray(entries) ? entries.flatMap((e) => entryOf(e as Loose) ?? []) : [],
  };
}

/** Read with DescribeNetworkAcls (its pages hold every ACL's rules and tags) or from an item with its `entries`. */
const listed = listedKind<NetworkAcl, NetworkAclState>({
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  arnPath: (id) => `network-acl/${id}`,
  operation: 'ec2:DescribeNetworkAcls',
  notFound: ['InvalidNetworkAclID.NotFound'],
  describeOne: async (client, id) => (await client.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [id] }))).NetworkAcls,
  async *pages(client) {
    for await (const page of paginateDescribeNetworkAcls({ client }, {})) yield page.NetworkAcls;
  },
  idOf: (acl) => acl.NetworkAclId,
  stateOf: aclState,
  configList: ['entries', 'Entries'],
});

/**
 * The ACL an event changes: `requestParameters.networkAclId` (CreateNetworkAclEntry,
 * ReplaceNetworkAclEntry, DeleteNetworkAclEntry, DeleteNetworkAcl, and ReplaceNetworkAclAssociation,
 * which names the ACL the subnet moves to) or the new ACL of CreateNetworkAcl
 * (`responseElements.networkAcl.networkAclId`).
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  return idsAt(record, ['requestParameters.networkAclId', 'responseElements.networkAcl.networkAclId'], 'acl-');
}

/** Network ACLs by id. */
export const networkAclKind: SnapshotKind<NetworkAclState> = { ...listed, idsFromEvent };
