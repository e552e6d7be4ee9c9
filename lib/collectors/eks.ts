/**
 * EKS clusters (kind "eks-cluster"): one DescribeCluster serves the endpoint and the secrets
 * encryption checks, tags included.
 */
import { DescribeClusterCommand, EKSClient, paginateListClusters, type Cluster } from '@aws-sdk/client-eks';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { EksClusterState, EksEncryptionEntry } from '../model/states/eks.ts';
import { deletedFromItem, isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { memberOf as member, textOf as text } from './members.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'eks-cluster';
const RESOURCE_TYPE = 'AWS::EKS::Cluster';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

/** encryptionConfig entries, as DescribeCluster (camelCase) or a Config item (PascalCase) lists them. */
function encryptionEntries(value: unknown): EksEncryptionEntry[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => ({ resources: strings(member(entry, 'resources')), keyArn: text(member(member(entry, 'provider'), 'keyArn')) }));
}

/**
 * The state of a described cluster. EKS always reports the endpoint flags; were one missing, the
 * endpoint is taken as public (the EKS default) so that a gap can never pass.
 */
function clusterState(cluster: Cluster, id: string): EksClusterState {
  const vpc = cluster.resourcesVpcConfig;
  return {
    name: cluster.name ?? id,
    version: text(cluster.version),
    status: text(cluster.status),
    endpointPublicAccess: vpc?.endpointPublicAccess !== false,
    endpointPrivateAccess: vpc?.endpointPrivateAccess === true,
    publicAccessCidrs: strings(vpc?.publicAccessCidrs),
    encryptionConfig: encryptionEntries(cluster.encryptionConfig),
  };
}

async function collectCluster(ctx: CollectContext, id: string): Promise<Snapshot<EksClusterState>> {
  // An ARN (arn:aws:eks:<region>:<account>:cluster/<name>) names the cluster after its last "/".
  const name = id.slice(id.lastIndexOf('/') + 1);
  const base = { kind: KIND, account: ctx.account, region: ctx.region, source: 'api' as const };
  const out = await read('eks:DescribeCluster', () => ctx.clients.get(EKSClient).send(new DescribeClusterCommand({ name })), {
    names: ['ResourceNotFoundException'],
    fallback: null,
  });
  if (isFailure(out)) return { ...base, resource: { type: RESOURCE_TYPE, id: name }, error: out.error };
  const cluster = out?.cluster;
  if (!cluster || cluster.status === 'DELETING') return { ...base, resource: { type: RESOURCE_TYPE, id: name }, deleted: true };
  const state = clusterState(cluster, name);
  const resource = { type: RESOURCE_TYPE, id: state.name, ...(cluster.arn ? { arn: cluster.arn } : {}) };
  // DescribeCluster carries the tags, so PHI scope needs no extra call.
  const tags = Object.fromEntries(Object.entries(cluster.tags ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { ...base, resource, tags, state };
}

function enumerateClusters(ctx: CollectContext): AsyncIterable<string> {
  return idsFromPages(paginateListClusters({ client: ctx.clients.get(EKSClient) }, {}), (page) => page.clusters, (name) => name);
}

/**
 * Config records clusters in the CloudFormation schema (ResourcesVpcConfig.EndpointPublicAccess,
 * EncryptionConfig[].Provider.KeyArn). An item leaves out what is unset, so one without the endpoint
 * flag, the CIDR list of a public endpoint, or EncryptionConfig cannot tell "none" from "not
 * recorded": the cluster is then read live.
 */
function clusterFromConfigItem(item: ConfigItem): Snapshot<EksClusterState> | undefined {
  if (item.resourceType.toLowerCase() !== RESOURCE_TYPE.toLowerCase()) return undefined;
  const configuration = item.configuration ?? {};
  const name = text(member(configuration, 'Name')) ?? item.resourceName ?? item.resourceId;
  const options = { resource: { type: RESOURCE_TYPE, id: name } };
  if (isGoneItem(item)) return deletedFromItem(KIND, item, options);
  const vpc = member(configuration, 'ResourcesVpcConfig');
  const publicAccess = member(vpc, 'EndpointPublicAccess');
  const cidrs = member(vpc, 'PublicAccessCidrs');
  const encryption = member(configuration, 'EncryptionConfig');
  if (typeof publicAccess !== 'boolean' || (publicAccess && !Array.isArray(cidrs)) || !Array.isArray(encryption)) return undefined;
  const state: EksClusterState = {
    name,
    version: text(member(configuration, 'Version')),
    status: text(member(configuration, 'ClusterStatus')) ?? text(member(configuration, 'Status')),
    endpointPublicAccess: publicAccess,
    endpointPrivateAccess: member(vpc, 'EndpointPrivateAccess') === true,
    publicAccessCidrs: strings(cidrs),
    encryptionConfig: encryptionEntries(encryption),
  };
  return { ...snapshotFromItem<EksClusterState>(KIND, item, options), state };
}

/**
 * The cluster an event names: `name` in requestParameters (the URI member of UpdateClusterConfig,
 * AssociateEncryptionConfig, DeleteCluster and the CreateCluster body), `clusterName` in older
 * records, and `cluster.name` / `cluster.clusterName` in responseElements.
 */
function clusterIdsFromEvent(record: CloudTrailRecord): string[] {
  const request = record.requestParameters ?? {};
  const cluster = member(record.responseElements, 'cluster');
  const candidates = [request.name, request.clusterName, member(cluster, 'name'), member(cluster, 'clusterName')];
  return [...new Set(candidates.map(text).filter((v): v is string => v !== null))];
}

/**
 * Snapshot kind "eks-cluster": one cluster, id = cluster name (an ARN is accepted).
 *
 * @example
 * const snapshot = await eksClusterKind.collect(ctx, 'clinical-apps');
 * snapshot.state?.endpointPublicAccess; // false
 */
export const eksClusterKind: SnapshotKind<EksClusterState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect: collectCluster,
  enumerate: enumerateClusters,
  fromConfigItem: clusterFromConfigItem,
  idsFromEvent: clusterIdsFromEvent,
};
