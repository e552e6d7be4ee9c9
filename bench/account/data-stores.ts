/**
 * DynamoDB tables, Redshift clusters, ElastiCache caches and OpenSearch domains. Mix: PHI tables
 * on a customer managed key, but one in three of them on aws/dynamodb (a fail); internal tables
 * on the AWS owned default key (a fail), the rest on aws/dynamodb; one table in four without
 * point-in-time recovery. One Redshift cluster in four public, one in three unencrypted; one
 * replication group in three with TLS only "preferred"; one OpenSearch domain in two accepting TLS
 * 1.0, one in three unencrypted at rest.
 */
import type {
  DescribeContinuousBackupsCommandInput, DescribeContinuousBackupsCommandOutput, DescribeTableCommandInput, DescribeTableCommandOutput, ListTablesCommandInput,
  ListTablesCommandOutput, ListTagsOfResourceCommandInput, ListTagsOfResourceCommandOutput,
} from '@aws-sdk/client-dynamodb';
import type {
  DescribeReplicationGroupsCommandInput, DescribeReplicationGroupsCommandOutput, DescribeServerlessCachesCommandInput, DescribeServerlessCachesCommandOutput,
  ListTagsForResourceCommandInput, ListTagsForResourceCommandOutput, ReplicationGroup, ServerlessCache,
} from '@aws-sdk/client-elasticache';
import type { DescribeDomainCommandInput, DescribeDomainCommandOutput, ListDomainNamesCommandOutput, ListTagsCommandInput, ListTagsCommandOutput } from '@aws-sdk/client-opensearch';
import type { Cluster, DescribeClustersCommandInput, DescribeClustersCommandOutput } from '@aws-sdk/client-redshift';
import { indexPage, notFound, oneOrPage, type AnswerTable, type Output } from '../fake-clients.ts';
import { awsManagedKey, customerKey, daysAgo, indexOf, numberedId, tagsOf, type AccountPlan } from './plan.ts';

export const tableName = (i: number) => numberedId('clinic-table-', i);

function dynamoAnswers(plan: AccountPlan): AnswerTable {
  const n = plan.counts.tables;
  const arn = (i: number) => `arn:aws:dynamodb:${plan.region}:${plan.account}:table/${tableName(i)}`;
  const known = (name: string | undefined) => {
    const i = indexOf(name?.replace(/^arn:.*:table\//, ''), 'clinic-table-', 10);
    return i !== undefined && i < n ? i : undefined;
  };
  /** PHI tables (i % 3 = 0): a customer key, or aws/dynamodb one in three; internal ones (1): the AWS owned key; the rest aws/dynamodb. */
  const keyOf = (i: number) => (i % 3 === 1 ? undefined : i % 3 === 0 && i % 9 !== 0 ? customerKey(plan, i) : (awsManagedKey(plan) ?? customerKey(plan, i)));
  return {
    DynamoDBClient: {
      // Limit defaults to 100; the next page starts after the last name listed.
      ListTables: (input: ListTablesCommandInput): Output<ListTablesCommandOutput> => {
        const after = input.ExclusiveStartTableName ? (known(input.ExclusiveStartTableName) ?? -1) + 1 : 0;
        const { indexes, next } = indexPage(n, after, input.Limit ?? 100);
        return { TableNames: indexes.map(tableName), ...(next ? { LastEvaluatedTableName: tableName(indexes.at(-1)!) } : {}) };
      },
      DescribeTable: (input: DescribeTableCommandInput): Output<DescribeTableCommandOutput> | Error => {
        const i = known(input.TableName);
        if (i === undefined) return notFound('ResourceNotFoundException');
        const key = keyOf(i);
        return {
          Table: {
            TableName: tableName(i), TableArn: arn(i), TableId: `0b4e5c1d-0000-4000-8000-${String(i).padStart(12, '0')}`, TableStatus: 'ACTIVE', CreationDateTime: daysAgo(600 - (i % 500)),
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
            BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' }, ItemCount: 1000 * (i % 50), TableSizeBytes: 400_000 * (i % 50), DeletionProtectionEnabled: true,
            ...(key ? { SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: key } } : {}),
          },
        };
      },
      DescribeContinuousBackups: (input: DescribeContinuousBackupsCommandInput): Output<DescribeContinuousBackupsCommandOutput> | Error => {
        const i = known(input.TableName);
        if (i === undefined) return notFound('TableNotFoundException');
        const on = i % 4 !== 3;
        return {
          ContinuousBackupsDescription: {
            ContinuousBackupsStatus: 'ENABLED',
            PointInTimeRecoveryDescription: on
              ? { PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 35, EarliestRestorableDateTime: daysAgo(35), LatestRestorableDateTime: daysAgo(0.01) }
              : { PointInTimeRecoveryStatus: 'DISABLED' },
          },
        };
      },
      ListTagsOfResource: (input: ListTagsOfResourceCommandInput): Output<ListTagsOfResourceCommandOutput> | Error => {
        const i = known(input.ResourceArn);
        return i === undefined ? notFound('ResourceNotFoundException') : { Tags: tagsOf(i, tableName(i)) };
      },
    },
  };
}

function redshiftAnswers(plan: AccountPlan): AnswerTable {
  const name = (r: number) => numberedId('claims-dw-', r);
  const cluster = (r: number): Cluster => {
    const encrypted = r % 3 !== 2;
    return {
      ClusterIdentifier: name(r), NodeType: 'ra3.xlplus', ClusterStatus: 'available', ClusterAvailabilityStatus: 'Available', MasterUsername: 'admin', DBName: 'claims',
      Endpoint: { Address: `${name(r)}.cx1k2l3m4n5o.${plan.region}.redshift.amazonaws.com`, Port: 5439 }, ClusterCreateTime: daysAgo(800), AutomatedSnapshotRetentionPeriod: 7,
      NumberOfNodes: 2, PubliclyAccessible: r % 4 === 1, Encrypted: encrypted, ...(encrypted ? { KmsKeyId: customerKey(plan, r) } : {}), VpcId: 'vpc-00000000000000000',
      Tags: tagsOf(r, name(r)),
    };
  };
  return {
    RedshiftClient: {
      // MaxRecords defaults to 100.
      DescribeClusters: (input: DescribeClustersCommandInput): Output<DescribeClustersCommandOutput> | Error => {
        const out = oneOrPage(plan.counts.redshiftClusters, input.ClusterIdentifier, (id) => indexOf(id, 'claims-dw-', 10), cluster, { token: input.Marker, size: input.MaxRecords ?? 100, fault: 'ClusterNotFoundFault' });
        return out instanceof Error ? out : { Clusters: out.items, ...(out.next ? { Marker: out.next } : {}) };
      },
    },
  };
}

function elastiCacheAnswers(plan: AccountPlan): AnswerTable {
  const arnOf = (resource: string) => `arn:aws:elasticache:${plan.region}:${plan.account}:${resource}`;
  const group = (g: number): ReplicationGroup => {
    const id = numberedId('sessions-', g);
    const mode = g % 3 === 1 ? 'preferred' : 'required';
    return {
      ReplicationGroupId: id, Description: 'patient portal sessions', Status: 'available', MemberClusters: [`${id}-001`, `${id}-002`], AutomaticFailover: 'enabled', MultiAZ: 'enabled',
      ClusterEnabled: false, CacheNodeType: 'cache.r7g.large', TransitEncryptionEnabled: true, TransitEncryptionMode: mode, AtRestEncryptionEnabled: true,
      KmsKeyId: customerKey(plan, g), ARN: arnOf(`replicationgroup:${id}`), Engine: 'valkey', ReplicationGroupCreateTime: daysAgo(400), NetworkType: 'ipv4', IpDiscovery: 'ipv4',
    };
  };
  const serverless = (s: number): ServerlessCache => {
    const name = numberedId('lookups-', s);
    return {
      ServerlessCacheName: name, Description: 'reference data', CreateTime: daysAgo(200), Status: 'available', Engine: 'valkey', MajorEngineVersion: '8', FullEngineVersion: '8.0',
      ARN: arnOf(`serverlesscache:${name}`), Endpoint: { Address: `${name}-abc123.serverless.use1.cache.amazonaws.com`, Port: 6379 }, SecurityGroupIds: [], SubnetIds: [],
    };
  };
  return {
    ElastiCacheClient: {
      // MaxRecords defaults to 100.
      DescribeReplicationGroups: (input: DescribeReplicationGroupsCommandInput): Output<DescribeReplicationGroupsCommandOutput> | Error => {
        const page = { token: input.Marker, size: input.MaxRecords ?? 100, fault: 'ReplicationGroupNotFoundFault' };
        const out = oneOrPage(plan.counts.replicationGroups, input.ReplicationGroupId, (id) => indexOf(id, 'sessions-', 10), group, page);
        return out instanceof Error ? out : { ReplicationGroups: out.items, ...(out.next ? { Marker: out.next } : {}) };
      },
      // MaxResults defaults to 50.
      DescribeServerlessCaches: (input: DescribeServerlessCachesCommandInput): Output<DescribeServerlessCachesCommandOutput> => {
        const { indexes, next } = indexPage(plan.counts.serverlessCaches, input.NextToken, input.MaxResults ?? 50);
        return { ServerlessCaches: indexes.map(serverless), ...(next ? { NextToken: next } : {}) };
      },
      ListTagsForResource: (input: ListTagsForResourceCommandInput): Output<ListTagsForResourceCommandOutput> => {
        const g = Number(/-(\d+)$/.exec(input.ResourceName ?? '')?.[1] ?? 0);
        return { TagList: tagsOf(g, input.ResourceName ?? '') };
      },
    },
  };
}

function openSearchAnswers(plan: AccountPlan): AnswerTable {
  const name = (d: number) => numberedId('patient-search-', d);
  const arn = (d: number) => `arn:aws:es:${plan.region}:${plan.account}:domain/${name(d)}`;
  return {
    OpenSearchClient: {
      // Not paginated: one answer names every domain of the region.
      ListDomainNames: (): Output<ListDomainNamesCommandOutput> => ({
        DomainNames: Array.from({ length: plan.counts.domains }, (_, d) => ({ DomainName: name(d), EngineType: 'OpenSearch' })),
      }),
      DescribeDomain: (input: DescribeDomainCommandInput): Output<DescribeDomainCommandOutput> | Error => {
        const d = indexOf(input.DomainName, 'patient-search-', 10);
        if (d === undefined || d >= plan.counts.domains) return notFound('ResourceNotFoundException');
        const atRest = d % 3 !== 2;
        return {
          DomainStatus: {
            DomainId: `${plan.account}/${name(d)}`, DomainName: name(d), ARN: arn(d), Created: true, Deleted: false, Processing: false, UpgradeProcessing: false,
            Endpoints: { vpc: `vpc-${name(d)}-abc123.${plan.region}.es.amazonaws.com` }, EngineVersion: 'OpenSearch_2.13',
            ClusterConfig: { InstanceType: 'r6g.large.search', InstanceCount: 3, DedicatedMasterEnabled: false, ZoneAwarenessEnabled: true },
            EncryptionAtRestOptions: { Enabled: atRest, ...(atRest ? { KmsKeyId: customerKey(plan, d) } : {}) }, NodeToNodeEncryptionOptions: { Enabled: true },
            DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: d % 2 === 1 ? 'Policy-Min-TLS-1-0-2019-07' : 'Policy-Min-TLS-1-2-PFS-2023-10' },
          },
        };
      },
      ListTags: (input: ListTagsCommandInput): Output<ListTagsCommandOutput> => {
        const d = indexOf(input.ARN?.slice(input.ARN.lastIndexOf('/') + 1), 'patient-search-', 10) ?? 0;
        return { TagList: tagsOf(d, name(d)) };
      },
    },
  };
}

/** The DynamoDB, Redshift, ElastiCache and OpenSearch answers of the account. */
export function dataStoreAnswers(plan: AccountPlan): AnswerTable {
  return { ...dynamoAnswers(plan), ...redshiftAnswers(plan), ...elastiCacheAnswers(plan), ...openSearchAnswers(plan) };
}
