/**
 * EC2 instance snapshots (kind "ec2-instance"): every public IPv4 address an instance holds, from
 * DescribeInstances or an AWS::EC2::Instance Config item. Terminated instances are gone (deleted).
 */
import { DescribeInstancesCommand, DescribeNetworkInterfacesCommand, EC2Client, paginateDescribeInstances, type Instance } from '@aws-sdk/client-ec2';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { InstancePublicIp, InstanceState } from '../model/states/ec2.ts';
import { field, idsAt } from './ec2-common.ts';
import { listedKind } from './ec2-listed-kind.ts';
import { isFailure, read, type ReadFailure } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'ec2-instance';
const RESOURCE_TYPE = 'AWS::EC2::Instance';
const TERMINATED = 'terminated';

type Loose = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const list = (value: unknown): Loose[] => (Array.isArray(value) ? (value as Loose[]) : []);

/**
 * Every public IPv4 address, each once: the instance's primary one, each interface's association
 * and each secondary private address's (an Elastic IP can sit on any of them). Both key casings:
 * SDK PascalCase and Config camelCase.
 */
function publicIpsOf(instance: Loose): InstancePublicIp[] {
  const found = new Map<string, InstancePublicIp>();
  const add = (association: unknown, where: { networkInterfaceId?: string; privateIp?: string }) => {
    const publicIp = text(field(association as Loose, 'PublicIp', 'publicIp'));
    if (!publicIp || found.has(publicIp)) return;
    const ipOwnerId = text(field(association as Loose, 'IpOwnerId', 'ipOwnerId'));
    found.set(publicIp, { publicIp, ...where, ...(ipOwnerId ? { ipOwnerId } : {}) });
  };
  for (const eni of list(field(instance, 'NetworkInterfaces', 'networkInterfaces'))) {
    const networkInterfaceId = text(field(eni, 'NetworkInterfaceId', 'networkInterfaceId'));
    const primaryIp = text(field(eni, 'PrivateIpAddress', 'privateIpAddress'));
    const at = (privateIp?: string) => ({ ...(networkInterfaceId ? { networkInterfaceId } : {}), ...(privateIp ? { privateIp } : {}) });
    add(field(eni, 'Association', 'association'), at(primaryIp));
    for (const address of list(field(eni, 'PrivateIpAddresses', 'privateIpAddresses'))) {
      add(field(address, 'Association', 'association'), at(text(field(address, 'PrivateIpAddress', 'privateIpAddress'))));
    }
  }
  const primary = text(field(instance, 'PublicIpAddress', 'publicIpAddress'));
  if (primary && !found.has(primary)) found.set(primary, { publicIp: primary });
  return [...found.values()];
}

/** The instance's lifecycle state name: SDK `State.Name`, Config `state.name`. */
function lifecycleOf(instance: Loose): string | undefined {
  return text(field(field(instance, 'State', 'state') as Loose | undefined, 'Name', 'name'));
}

/** Build the state from a DescribeInstances instance or a Config item configuration. */
function instanceState(described: object, instanceId: string): InstanceState {
  const instance = described as Loose;
  const instanceState = lifecycleOf(instance);
  const subnetId = text(field(instance, 'SubnetId', 'subnetId'));
  const vpcId = text(field(instance, 'VpcId', 'vpcId'));
  return {
    instanceId,
    ...(instanceState ? { instanceState } : {}),
    ...(subnetId ? { subnetId } : {}),
    ...(vpcId ? { vpcId } : {}),
    publicIps: publicIpsOf(instance),
  };
}

/**
 * Read with DescribeInstances (its pages hold every instance's addresses and tags) or from an item
 * with its `networkInterfaces`, which carry the addresses: an item without them cannot say there
 * are none. Terminated instances linger in the listing for about an hour; they are gone.
 */
const listed = listedKind<Instance, InstanceState>({
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  arnPath: (id) => `instance/${id}`,
  operation: 'ec2:DescribeInstances',
  notFound: ['InvalidInstanceID.NotFound'],
  describeOne: async (client, id) => (await client.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.flatMap((r) => r.Instances ?? []),
  async *pages(client) {
    for await (const page of paginateDescribeInstances({ client }, {})) yield page.Reservations?.flatMap((r) => r.Instances ?? []);
  },
  idOf: (instance) => instance.InstanceId,
  gone: (instance) => lifecycleOf(instance as Loose) === TERMINATED,
  stateOf: instanceState,
  configList: ['networkInterfaces', 'NetworkInterfaces'],
});

/**
 * The instances an event names: RunInstances (`responseElements.instancesSet.items[].instanceId`),
 * Start/Stop/TerminateInstances (`requestParameters.instancesSet.items[].instanceId`),
 * AssociateAddress and AttachNetworkInterface (`requestParameters.instanceId`), CreateTags and
 * DeleteTags (the `i-` ids of `resourcesSet`).
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  return idsAt(
    record,
    ['requestParameters.instanceId', 'requestParameters.instancesSet.items.instanceId', 'responseElements.instancesSet.items.instanceId', 'requestParameters.resourcesSet.items.resourceId'],
    'i-',
  );
}

const NETWORK_INTERFACE = 'AWS::EC2::NetworkInterface';

/**
 * AssociateAddress in a VPC names the instance or only its interface (`networkInterfaceId`): the
 * interface is resolved to the instance it is attached to. DisassociateAddress names an
 * association that no longer exists: the check's trigger fans it out instead.
 */
function relatedFromEvent(record: CloudTrailRecord): { resourceType: string; resourceId: string } | undefined {
  const [networkInterfaceId] = idsAt(record, ['requestParameters.networkInterfaceId'], 'eni-');
  return networkInterfaceId ? { resourceType: NETWORK_INTERFACE, resourceId: networkInterfaceId } : undefined;
}

/** The instance an interface is attached to: [] when it is detached or gone. */
async function resolveIds(ctx: CollectContext, related: { resourceType: string; resourceId: string }): Promise<string[] | ReadFailure> {
  if (related.resourceType !== NETWORK_INTERFACE) return [];
  const NOT_FOUND = { names: ['InvalidNetworkInterfaceID.NotFound'], fallback: null };
  const send = () => ctx.clients.get(EC2Client).send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [related.resourceId] }));
  const out = await read('ec2:DescribeNetworkInterfaces', send, NOT_FOUND);
  if (isFailure(out)) return out;
  const instanceId = out?.NetworkInterfaces?.find((n) => n.NetworkInterfaceId === related.resourceId)?.Attachment?.InstanceId;
  return instanceId ? [instanceId] : [];
}

/** EC2 instances by id. */
export const instanceKind: SnapshotKind<InstanceState> = { ...listed, idsFromEvent, relatedFromEvent, resolveIds };
