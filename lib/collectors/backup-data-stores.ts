/**
 * The data stores AWS Backup must protect when they hold ePHI, read with their tags from their own
 * services: RDS DB instances and DB clusters (Aurora, and DocumentDB and Neptune, which share the
 * RDS API), DynamoDB tables, EBS volumes and EFS file systems. Each is named by its ARN, the name
 * AWS Backup selections and protected-resource listings use.
 */
import { DescribeInstancesCommand, DescribeVolumesCommand, EC2Client, paginateDescribeVolumes, type Volume } from '@aws-sdk/client-ec2';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, paginateDescribeDBClusters, paginateDescribeDBInstances, RDSClient, type DBCluster, type DBInstance } from '@aws-sdk/client-rds';
import { DynamoDBClient, ListTagsOfResourceCommand, paginateListTables } from '@aws-sdk/client-dynamodb';
import { DescribeFileSystemsCommand, EFSClient, paginateDescribeFileSystems, type FileSystemDescription } from '@aws-sdk/client-efs';
import { isFailure, read, type ReadFailure } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext } from './types.ts';

/** One data store as its own service describes it. */
export interface DataStore {
  arn: string;
  resourceType: string;
  /** The name people use: DB identifier, table name, volume or file system id. */
  id: string;
  tags: Record<string, string>;
  /** A DB instance's cluster (Aurora, DocumentDB, Neptune members). */
  clusterId: string | null;
  /** EC2 instances a volume is attached to. */
  attachedInstanceIds: string[];
}

/** The ARN forms of the kinds of data store, with their resource type and id. */
const ARN_FORMS: Array<{ pattern: RegExp; resourceType: string }> = [
  { pattern: /^arn:[^:]+:rds:[^:]+:\d{12}:db:([^:]+)$/, resourceType: 'AWS::RDS::DBInstance' },
  { pattern: /^arn:[^:]+:rds:[^:]+:\d{12}:cluster:([^:]+)$/, resourceType: 'AWS::RDS::DBCluster' },
  { pattern: /^arn:[^:]+:dynamodb:[^:]+:\d{12}:table\/([^/]+)$/, resourceType: 'AWS::DynamoDB::Table' },
  { pattern: /^arn:[^:]+:ec2:[^:]+:\d{12}:volume\/(vol-[0-9a-f]+)$/, resourceType: 'AWS::EC2::Volume' },
  { pattern: /^arn:[^:]+:elasticfilesystem:[^:]+:\d{12}:file-system\/(fs-[0-9a-f]+)$/, resourceType: 'AWS::EFS::FileSystem' },
];

/** The resource type and id an ARN names, when it is one of the data stores read here. */
export function dataStoreOf(arn: string): { resourceType: string; id: string } | undefined {
  for (const { pattern, resourceType } of ARN_FORMS) {
    const id = pattern.exec(arn)?.[1];
    if (id) return { resourceType, id };
  }
  return undefined;
}

/** The partition of a region (ARNs of China and GovCloud regions differ). */
function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** The ARN of a resource of the context's account and region: `arnIn(ctx, 'ec2', 'volume/vol-1')`. */
export function arnIn(ctx: Pick<CollectContext, 'account' | 'region'>, service: string, resource: string): string {
  return `arn:${partitionOf(ctx.region)}:${service}:${ctx.region}:${ctx.account}:${resource}`;
}

function fromDbInstance(db: DBInstance, ctx: CollectContext): DataStore | undefined {
  if (!db.DBInstanceIdentifier) return undefined;
  const arn = db.DBInstanceArn ?? arnIn(ctx, 'rds', `db:${db.DBInstanceIdentifier}`);
  return { arn, resourceType: 'AWS::RDS::DBInstance', id: db.DBInstanceIdentifier, tags: tagsFromList(db.TagList), clusterId: db.DBClusterIdentifier ?? null, attachedInstanceIds: [] };
}

function fromDbCluster(cluster: DBCluster, ctx: CollectContext): DataStore | undefined {
  if (!cluster.DBClusterIdentifier) return undefined;
  const arn = cluster.DBClusterArn ?? arnIn(ctx, 'rds', `cluster:${cluster.DBClusterIdentifier}`);
  return { arn, resourceType: 'AWS::RDS::DBCluster', id: cluster.DBClusterIdentifier, tags: tagsFromList(cluster.TagList), clusterId: null, attachedInstanceIds: [] };
}

function fromVolume(volume: Volume, ctx: CollectContext): DataStore | undefined {
  if (!volume.VolumeId) return undefined;
  const attached = (volume.Attachments ?? []).flatMap((a) => (a.InstanceId ? [a.InstanceId] : []));
  return { arn: arnIn(ctx, 'ec2', `volume/${volume.VolumeId}`), resourceType: 'AWS::EC2::Volume', id: volume.VolumeId, tags: tagsFromList(volume.Tags), clusterId: null, attachedInstanceIds: attached };
}

function fromFileSystem(fs: FileSystemDescription, ctx: CollectContext): DataStore | undefined {
  if (!fs.FileSystemId) return undefined;
  const arn = fs.FileSystemArn ?? arnIn(ctx, 'elasticfilesystem', `file-system/${fs.FileSystemId}`);
  return { arn, resourceType: 'AWS::EFS::FileSystem', id: fs.FileSystemId, tags: tagsFromList(fs.Tags), clusterId: null, attachedInstanceIds: [] };
}

/** A DynamoDB table with its tags (ListTagsOfResource), or null when it no longer exists. */
async function readTable(ctx: CollectContext, arn: string, name: string): Promise<DataStore | null | ReadFailure> {
  const out = await read('ListTagsOfResource', () => ctx.clients.get(DynamoDBClient).send(new ListTagsOfResourceCommand({ ResourceArn: arn })), { names: ['ResourceNotFoundException'], fallback: null });
  if (isFailure(out) || out === null) return out;
  return { arn, resourceType: 'AWS::DynamoDB::Table', id: name, tags: tagsFromList(out.Tags), clusterId: null, attachedInstanceIds: [] };
}

/**
 * One data store by its ARN, read from its own service: the store, null when it no longer exists
 * (or the ARN names no store read here), or the failed read.
 *
 * @example await readDataStore(ctx, 'arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc')
 */
export async function readDataStore(ctx: CollectContext, arn: string): Promise<DataStore | null | ReadFailure> {
  const named = dataStoreOf(arn);
  if (!named) return null;
  const { id } = named;
  const gone = { fallback: null };
  switch (named.resourceType) {
    case 'AWS::RDS::DBInstance': {
      const out = await read('DescribeDBInstances', () => ctx.clients.get(RDSClient).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })), { names: ['DBInstanceNotFoundFault', 'DBInstanceNotFound'], ...gone });
      return isFailure(out) || out === null ? out : (out.DBInstances?.[0] && fromDbInstance(out.DBInstances[0], ctx)) ?? null;
    }
    case 'AWS::RDS::DBCluster': {
      const out = await read('DescribeDBClusters', () => ctx.clients.get(RDSClient).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id })), { names: ['DBClusterNotFoundFault', 'DBClusterNotFound'], ...gone });
      return isFailure(out) || out === null ? out : (out.DBClusters?.[0] && fromDbCluster(out.DBClusters[0], ctx)) ?? null;
    }
    case 'AWS::DynamoDB::Table':
      return readTable(ctx, arn, id);
    case 'AWS::EC2::Volume': {
      const out = await read('DescribeVolumes', () => ctx.clients.get(EC2Client).send(new DescribeVolumesCommand({ VolumeIds: [id] })), { names: ['InvalidVolume.NotFound'], ...gone });
      return isFailure(out) || out === null ? out : (out.Volumes?.[0] && fromVolume(out.Volumes[0], ctx)) ?? null;
    }
    default: {
      const out = await read('DescribeFileSystems', () => ctx.clients.get(EFSClient).send(new DescribeFileSystemsCommand({ FileSystemId: id })), { names: ['FileSystemNotFound'], ...gone });
      return isFailure(out) || out === null ? out : (out.FileSystems?.[0] && fromFileSystem(out.FileSystems[0], ctx)) ?? null;
    }
  }
}

/**
 * Every data store of the region, service by service, with the tags their listings carry (a
 * DynamoDB table's are one ListTagsOfResource each). A failed page or tag read throws, as a
 * sweep listing does.
 */
export async function* listDataStores(ctx: CollectContext): AsyncIterable<DataStore> {
  const rds = ctx.clients.get(RDSClient);
  for await (const page of paginateDescribeDBInstances({ client: rds }, {})) for (const db of page.DBInstances ?? []) yield* present(fromDbInstance(db, ctx));
  for await (const page of paginateDescribeDBClusters({ client: rds }, {})) for (const c of page.DBClusters ?? []) yield* present(fromDbCluster(c, ctx));
  for await (const page of paginateListTables({ client: ctx.clients.get(DynamoDBClient) }, {})) {
    for (const name of page.TableNames ?? []) {
      const table = await readTable(ctx, arnIn(ctx, 'dynamodb', `table/${name}`), name);
      if (isFailure(table)) throw Object.assign(new Error(table.error.message), { name: table.error.name });
      yield* present(table ?? undefined);
    }
  }
  for await (const page of paginateDescribeVolumes({ client: ctx.clients.get(EC2Client) }, {})) for (const v of page.Volumes ?? []) yield* present(fromVolume(v, ctx));
  for await (const page of paginateDescribeFileSystems({ client: ctx.clients.get(EFSClient) }, {})) for (const fs of page.FileSystems ?? []) yield* present(fromFileSystem(fs, ctx));
}

function present(store: DataStore | undefined): DataStore[] {
  return store ? [store] : [];
}

/**
 * The tags of EC2 instances (an attached volume is protected by its instance's backup, which a
 * tag-based selection may choose by the instance's tags).
 */
export async function instanceTags(ctx: CollectContext, instanceIds: string[]): Promise<Map<string, Record<string, string>> | ReadFailure> {
  const tags = new Map<string, Record<string, string>>();
  if (instanceIds.length === 0) return tags;
  const out = await read('DescribeInstances', () => ctx.clients.get(EC2Client).send(new DescribeInstancesCommand({ InstanceIds: instanceIds })), { names: ['InvalidInstanceID.NotFound'], fallback: null });
  if (isFailure(out)) return out;
  for (const instance of (out?.Reservations ?? []).flatMap((r) => r.Instances ?? [])) if (instance.InstanceId) tags.set(instance.InstanceId, tagsFromList(instance.Tags));
  return tags;
}
