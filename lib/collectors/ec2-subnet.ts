/**
 * Subnet snapshots (kind "ec2-subnet"): the subnet (whether it auto-assigns public IPv4
 * addresses), its VPC's tags (a PHI-tagged VPC puts its subnets in scope) and the route table in
 * effect with its routes, read only when the checks at hand declare ec2:DescribeRouteTables.
 * Neither routes nor VPC tags are in the AWS::EC2::Subnet Config item, so a live subnet is always
 * read from the API.
 */
import { DescribeRouteTablesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, paginateDescribeRouteTables, paginateDescribeSubnets, type Route, type RouteTable, EC2Client } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { deletionOnlyFromItem } from './config-item-snapshot.ts';
import { idsAt } from './ec2-common.ts';
import { idsFromPages, readPages } from './pages.ts';
import { isFailure, read, ReadFailure } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { SubnetRoute, SubnetState } from '../model/states/ec2.ts';

const KIND = 'ec2-subnet';
const RESOURCE_TYPE = 'AWS::EC2::Subnet';

function routeOf(r: Route): SubnetRoute {
  const destination = r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? '';
  const target =
    r.GatewayId ?? r.NatGatewayId ?? r.TransitGatewayId ?? r.VpcPeeringConnectionId ?? r.EgressOnlyInternetGatewayId ??
    r.NetworkInterfaceId ?? r.InstanceId ?? r.CarrierGatewayId ?? r.LocalGatewayId ?? r.CoreNetworkArn ?? 'unknown';
  return { destination, target, ...(r.State ? { state: r.State } : {}) };
}

/**
 * Subnet tags win; VPC tags fill in the keys the subnet lacks, so a subnet without its own
 * classification inherits the VPC's (the collector does not know which key settings name).
 * A subnet labelled explicitly keeps its own label.
 */
function mergedTags(subnetTags: Record<string, string>, vpcTags: Record<string, string>): Record<string, string> {
  const own = new Set(Object.keys(subnetTags).map((k) => k.toLowerCase()));
  const inherited = Object.entries(vpcTags).filter(([k]) => !own.has(k.toLowerCase()));
  return { ...Object.fromEntries(inherited), ...subnetTags };
}

async function routeTableInEffect(ctx: CollectContext, subnetId: string, vpcId: string) {
  const send = (filters: { Name: string; Values: string[] }[]) => () =>
    ctx.clients.get(EC2Client).send(new DescribeRouteTablesCommand({ Filters: filters }));
  const explicit = await read('ec2:DescribeRouteTables', send([{ Name: 'association.subnet-id', Values: [subnetId] }]));
  if (isFailure(explicit)) return explicit;
  const table = explicit.RouteTables?.[0];
  if (table) return { table, association: 'explicit' as const };
  const main = await read('ec2:DescribeRouteTables', send([{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }]));
  if (isFailure(main)) return main;
  const mainTable = main.RouteTables?.[0];
  return mainTable ? { table: mainTable, association: 'main' as const } : null;
}

async function collect(ctx: CollectContext, subnetId: string): Promise<Snapshot<SubnetState>> {
  const arn = `arn:aws:ec2:${ctx.region}:${ctx.account}:subnet/${subnetId}`;
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id: subnetId, arn }, account: ctx.account, region: ctx.region, source: 'api' as const };
  const NOT_FOUND = { names: ['InvalidSubnetID.NotFound'], fallback: null };
  const described = await read('ec2:DescribeSubnets', () => ctx.clients.get(EC2Client).send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] })), NOT_FOUND);
  if (isFailure(described)) return { ...base, error: described.error };
  const subnet = described?.Subnets?.find((s) => s.SubnetId === subnetId);
  if (!subnet?.VpcId) return { ...base, deleted: true };
  const vpcId = subnet.VpcId;
  const subnetTags = tagsFromList(subnet.Tags);
  // Routes only for checks that read them (the auto-assign check needs the subnet and its VPC's tags).
  const wantsRoutes = !ctx.reads || ctx.reads.has('ec2:DescribeRouteTables');
  const [vpcs, inEffect] = await Promise.all([
    read('ec2:DescribeVpcs', () => ctx.clients.get(EC2Client).send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))),
    wantsRoutes ? routeTableInEffect(ctx, subnetId, vpcId) : null,
  ]);
  if (isFailure(inEffect)) return { ...base, tags: subnetTags, error: inEffect.error };
  // Without the VPC's tags only the subnet's own are known: PHI scope is unknown unless they
  // already decide it (runCheck then judges by the stricter rule).
  const vpcTags = isFailure(vpcs) ? {} : tagsFromList(vpcs.Vpcs?.find((v) => v.VpcId === vpcId)?.Tags);
  const table: RouteTable | undefined = inEffect?.table;
  return {
    ...base,
    ...(isFailure(vpcs) ? { tags: subnetTags, tagsError: vpcs.error } : { tags: mergedTags(subnetTags, vpcTags) }),
    state: {
      subnetId,
      vpcId,
      subnetTags,
      vpcTags,
      routeTable: table && inEffect ? { routeTableId: table.RouteTableId ?? '', association: inEffect.association } : null,
      routes: (table?.Routes ?? []).map(routeOf),
      mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch === true,
    },
  };
}

function enumerate(ctx: CollectContext): AsyncIterable<string> {
  return idsFromPages(paginateDescribeSubnets({ client: ctx.clients.get(EC2Client) }, {}), (page) => page.Subnets, (subnet) => subnet.SubnetId);
}

/** Only a deleted subnet can be answered from its item: routes are never in it. */
const fromConfigItem = deletionOnlyFromItem<SubnetState>(KIND, RESOURCE_TYPE);

/**
 * The subnets an event names: CreateSubnet (`responseElements.subnet.subnetId`), DeleteSubnet
 * and AssociateRouteTable (`requestParameters.subnetId`), CreateTags/DeleteTags (the `subnet-`
 * ids in `resourcesSet`). Events that name only a route table (CreateRoute, ReplaceRoute,
 * DeleteRoute, ReplaceRouteTableAssociation) or only a VPC (AttachInternetGateway, tags on a VPC)
 * list no subnet in their request or response, so they return []: resolve those with
 * {@link subnetIdsForRouteTable} / {@link subnetIdsForVpc}. DisassociateRouteTable names only an
 * association id that no longer exists afterwards: the check's trigger fans it out to the region's
 * subnets.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  return idsAt(
    record,
    [
      'requestParameters.subnetId',
      'responseElements.subnet.subnetId',
      'requestParameters.resourcesSet.resourceId',
    ],
    'subnet-',
  );
}

/** Route-table and VPC events name no subnet, but decide what subnets route to. */
function relatedFromEvent(record: CloudTrailRecord): { resourceType: string; resourceId: string } | undefined {
  const [routeTableId] = idsAt(record, ['requestParameters.routeTableId'], 'rtb-');
  if (routeTableId) return { resourceType: 'AWS::EC2::RouteTable', resourceId: routeTableId };
  const [vpcId] = idsAt(record, ['requestParameters.vpcId', 'requestParameters.resourcesSet.resourceId'], 'vpc-');
  return vpcId ? { resourceType: 'AWS::EC2::VPC', resourceId: vpcId } : undefined;
}

async function resolveIds(ctx: CollectContext, related: { resourceType: string; resourceId: string }): Promise<string[] | ReadFailure> {
  if (related.resourceType === 'AWS::EC2::RouteTable') return subnetIdsForRouteTable(ctx, related.resourceId);
  if (related.resourceType === 'AWS::EC2::VPC') return subnetIdsForVpc(ctx, related.resourceId);
  return [];
}

/** Subnets by id, with the route table in effect and VPC tags. */
export const subnetKind: SnapshotKind<SubnetState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate,
  fromConfigItem,
  idsFromEvent,
  relatedFromEvent,
  resolveIds,
};

/**
 * Every subnet of a VPC (for events that name only the VPC, e.g. AttachInternetGateway or a
 * CreateTags on the VPC). Failed reads come back as a ReadFailure, like `read()`.
 *
 * @example const ids = await subnetIdsForVpc(ctx, 'vpc-0abc'); if (!isFailure(ids)) ...
 */
export async function subnetIdsForVpc(ctx: CollectContext, vpcId: string): Promise<string[] | ReadFailure> {
  const pages = paginateDescribeSubnets({ client: ctx.clients.get(EC2Client) }, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] });
  const subnets = await readPages('ec2:DescribeSubnets', pages, (page) => page.Subnets ?? []);
  return isFailure(subnets) ? subnets : subnets.flatMap((s) => (s.SubnetId ? [s.SubnetId] : []));
}

/**
 * The subnets whose routing a route table decides, for route-table events (CreateRoute,
 * ReplaceRoute, DeleteRoute, ReplaceRouteTableAssociation) that name only `routeTableId`: its
 * explicitly associated subnets and, when it is the VPC's main table, every subnet of the VPC
 * with no explicit association. A table that no longer exists decides nothing: []. The pipeline
 * calls this after `idsFromEvent` returned [] for such an event.
 *
 * @example const ids = await subnetIdsForRouteTable(ctx, 'rtb-0abc'); if (!isFailure(ids)) ...
 */
export async function subnetIdsForRouteTable(ctx: CollectContext, routeTableId: string): Promise<string[] | ReadFailure> {
  const NOT_FOUND = { names: ['InvalidRouteTableID.NotFound'], fallback: null };
  const out = await read('ec2:DescribeRouteTables', () => ctx.clients.get(EC2Client).send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] })), NOT_FOUND);
  if (isFailure(out)) return out;
  const table = out?.RouteTables?.find((t) => t.RouteTableId === routeTableId);
  if (!table) return [];
  const explicit = (table.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : []));
  if (!table.Associations?.some((a) => a.Main) || !table.VpcId) return [...new Set(explicit)];
  const vpcId = table.VpcId;
  const [subnets, tables] = await Promise.all([
    subnetIdsForVpc(ctx, vpcId),
    readPages('ec2:DescribeRouteTables', paginateDescribeRouteTables({ client: ctx.clients.get(EC2Client) }, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }), (p) => p.RouteTables ?? []),
  ]);
  if (isFailure(subnets)) return subnets;
  if (isFailure(tables)) return tables;
  const elsewhere = new Set(tables.filter((t) => t.RouteTableId !== routeTableId).flatMap((t) => (t.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : []))));
  return [...new Set([...explicit, ...subnets.filter((s) => !elsewhere.has(s))])];
}
