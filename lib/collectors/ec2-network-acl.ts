/**
 * Network ACL snapshots (kind "ec2-network-acl"): every rule, normalized so the check reads one
 * shape whether the ACL came from DescribeNetworkAcls or an AWS::EC2::NetworkAcl Config item.
 */
import { DescribeNetworkAclsCommand, EC2Client, paginateDescribeNetworkAcls } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { NetworkAclEntry, NetworkAclState } from '../model/states/ec2.ts';
import { configItemTags, deletedFromItem, isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { field, idsAt } from './ec2-common.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

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
function aclState(acl: Loose): NetworkAclState {
  const entries = field(acl, 'Entries', 'entries');
  const associations = field(acl, 'Associations', 'associations');
  const vpcId = field(acl, 'VpcId', 'vpcId');
  return {
    networkAclId: String(field(acl, 'NetworkAclId', 'networkAclId') ?? ''),
    ...(typeof vpcId === 'string' ? { vpcId } : {}),
    isDefault: field(acl, 'IsDefault', 'isDefault') === true,
    subnetIds: Array.isArray(associations) ? associations.flatMap((a) => { const id = field(a as Loose, 'SubnetId', 'subnetId'); return typeof id === 'string' ? [id] : []; }) : [],
    entries: Array.isArray(entries) ? entries.flatMap((e) => entryOf(e as Loose) ?? []) : [],
  };
}

function base(ctx: CollectContext, aclId: string) {
  const arn = `arn:aws:ec2:${ctx.region}:${ctx.account}:network-acl/${aclId}`;
  return { kind: KIND, resource: { type: RESOURCE_TYPE, id: aclId, arn }, account: ctx.account, region: ctx.region, source: 'api' as const };
}

async function collect(ctx: CollectContext, aclId: string): Promise<Snapshot<NetworkAclState>> {
  const at = base(ctx, aclId);
  const NOT_FOUND = { names: ['InvalidNetworkAclID.NotFound'], fallback: null };
  const out = await read('ec2:DescribeNetworkAcls', () => ctx.clients.get(EC2Client).send(new DescribeNetworkAclsCommand({ NetworkAclIds: [aclId] })), NOT_FOUND);
  if (isFailure(out)) return { ...at, error: out.error };
  const acl = out?.NetworkAcls?.find((a) => a.NetworkAclId === aclId);
  if (!acl) return { ...at, deleted: true };
  return { ...at, tags: tagsFromList(acl.Tags), state: aclState(acl as Loose) };
}

function enumerate(ctx: CollectContext): AsyncIterable<string> {
  return idsFromPages(paginateDescribeNetworkAcls({ client: ctx.clients.get(EC2Client) }, {}), (page) => page.NetworkAcls, (acl) => acl.NetworkAclId);
}

/** A DescribeNetworkAcls page holds every ACL's rules and tags: no second read per ACL. */
async function* snapshotsFromListing(ctx: CollectContext): AsyncIterable<Snapshot<NetworkAclState>> {
  for await (const page of paginateDescribeNetworkAcls({ client: ctx.clients.get(EC2Client) }, {})) {
    for (const acl of page.NetworkAcls ?? []) {
      if (acl.NetworkAclId) yield { ...base(ctx, acl.NetworkAclId), tags: tagsFromList(acl.Tags), state: aclState(acl as Loose) };
    }
  }
}

function fromConfigItem(item: ConfigItem): Snapshot<NetworkAclState> | undefined {
  if (item.resourceType !== RESOURCE_TYPE) return undefined;
  if (isGoneItem(item)) return deletedFromItem(KIND, item);
  const config = item.configuration;
  // Without the rule list the item cannot answer; the pipeline then reads the ACL.
  if (!config || !Array.isArray(field(config, 'entries', 'Entries'))) return undefined;
  const at = snapshotFromItem<NetworkAclState>(KIND, item, { resource: { type: RESOURCE_TYPE }, tags: configItemTags(item) });
  return { ...at, state: aclState({ networkAclId: item.resourceId, ...config }) };
}

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
export const networkAclKind: SnapshotKind<NetworkAclState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate,
  snapshotsFromListing,
  fromConfigItem,
  idsFromEvent,
};
