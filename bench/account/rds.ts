/**
 * RDS: DB instances (one in five an Aurora cluster member, the rest PostgreSQL and MySQL), Aurora
 * clusters, and manual DB and cluster snapshots with their restore attributes. Mix: one instance
 * in eight unencrypted, one in ten publicly accessible, one in six keeping backups a single day,
 * one in four exporting no logs, one in ten a read replica; one cluster in three keeping backups
 * three days, one in three without log exports; one snapshot in twenty-five public, one in five
 * shared with the DR account.
 */
import type {
  DBCluster, DBClusterSnapshot, DBInstance, DBSnapshot, DescribeDBClustersCommandInput, DescribeDBClustersCommandOutput, DescribeDBClusterSnapshotAttributesCommandInput,
  DescribeDBClusterSnapshotAttributesCommandOutput, DescribeDBClusterSnapshotsCommandInput, DescribeDBClusterSnapshotsCommandOutput, DescribeDBInstancesCommandInput,
  DescribeDBInstancesCommandOutput, DescribeDBSnapshotAttributesCommandInput, DescribeDBSnapshotAttributesCommandOutput, DescribeDBSnapshotsCommandInput, DescribeDBSnapshotsCommandOutput,
} from '@aws-sdk/client-rds';
import { oneOrPage, type AnswerTable, type Output } from '../fake-clients.ts';
import { customerKey, daysAgo, indexOf, numberedId, tagsOf, type AccountPlan } from './plan.ts';

/** RDS Describe calls default to 100 records a page. */
const RDS_PAGE = 100;
const DR_ACCOUNT = '444455556666';

const dbName = (i: number) => numberedId('clinic-db-', i);
const clusterName = (c: number) => numberedId('clinic-aurora-', c);
const isMember = (i: number) => i % 5 === 0;

function dbInstance(plan: AccountPlan, i: number): DBInstance {
  const engine = isMember(i) ? 'aurora-postgresql' : i % 5 === 3 ? 'mysql' : 'postgres';
  const logs = isMember(i) ? [] : i % 4 === 2 ? [] : engine === 'mysql' ? ['audit', 'error', 'slowquery'] : ['postgresql', 'upgrade'];
  const encrypted = i % 8 !== 3;
  return {
    DBInstanceIdentifier: dbName(i), DBInstanceClass: 'db.r6g.large', Engine: engine, EngineVersion: engine === 'mysql' ? '8.0.39' : '16.4', DBInstanceStatus: 'available',
    MasterUsername: 'clinic', Endpoint: { Address: `${dbName(i)}.c9akciq32.${plan.region}.rds.amazonaws.com`, Port: engine === 'mysql' ? 3306 : 5432 },
    AllocatedStorage: 100, InstanceCreateTime: daysAgo(500 - (i % 400)), BackupRetentionPeriod: isMember(i) ? 7 : i % 6 === 2 ? 1 : 7, MultiAZ: i % 2 === 0,
    PubliclyAccessible: i % 10 === 6, StorageType: 'gp3', StorageEncrypted: encrypted, ...(encrypted ? { KmsKeyId: customerKey(plan, i) } : {}),
    DbiResourceId: `db-${(i * 2654435761).toString(16).toUpperCase().padStart(26, 'A').slice(0, 26)}`, DBInstanceArn: `arn:aws:rds:${plan.region}:${plan.account}:db:${dbName(i)}`,
    ...(isMember(i) ? { DBClusterIdentifier: clusterName((i / 5) % plan.counts.dbClusters) } : {}),
    ...(i % 10 === 9 ? { ReadReplicaSourceDBInstanceIdentifier: dbName(i - 2) } : {}),
    ...(logs.length > 0 ? { EnabledCloudwatchLogsExports: logs } : {}), DeletionProtection: true, TagList: tagsOf(i, dbName(i)),
  };
}

function dbCluster(plan: AccountPlan, c: number): DBCluster {
  const members: number[] = [];
  for (let i = 5 * c; i < plan.counts.dbInstances; i += 5 * plan.counts.dbClusters) members.push(i);
  return {
    DBClusterIdentifier: clusterName(c), DBClusterArn: `arn:aws:rds:${plan.region}:${plan.account}:cluster:${clusterName(c)}`, Engine: 'aurora-postgresql', EngineVersion: '16.4',
    Status: 'available', BackupRetentionPeriod: c % 3 === 1 ? 3 : 14, StorageEncrypted: true, KmsKeyId: customerKey(plan, c), MultiAZ: members.length > 1,
    ...(c % 3 === 2 ? {} : { EnabledCloudwatchLogsExports: ['postgresql'] }), DbClusterResourceId: `cluster-${String(c).padStart(26, 'A')}`,
    DBClusterMembers: members.map((i, n) => ({ DBInstanceIdentifier: dbName(i), IsClusterWriter: n === 0, PromotionTier: 1 })), ClusterCreateTime: daysAgo(700), TagList: tagsOf(c, clusterName(c)),
  };
}

/** Who may restore snapshot `i`: everyone (1 in 25), the DR account (1 in 5), or nobody else. */
function restoreValues(i: number): string[] {
  return i % 25 === 11 ? ['all'] : i % 5 === 1 ? [DR_ACCOUNT] : [];
}

function dbSnapshot(plan: AccountPlan, i: number): DBSnapshot {
  const db = i % plan.counts.dbInstances;
  const source = dbInstance(plan, db);
  const id = numberedId('pre-upgrade-', i);
  return {
    DBSnapshotIdentifier: id, DBInstanceIdentifier: dbName(db), SnapshotCreateTime: daysAgo(i % 90), Engine: source.Engine, AllocatedStorage: 100, Status: 'available', Port: 5432,
    SnapshotType: 'manual', Encrypted: source.StorageEncrypted, ...(source.KmsKeyId ? { KmsKeyId: source.KmsKeyId } : {}),
    DBSnapshotArn: `arn:aws:rds:${plan.region}:${plan.account}:snapshot:${id}`, TagList: source.TagList,
  };
}

function clusterSnapshot(plan: AccountPlan, i: number): DBClusterSnapshot {
  const c = i % plan.counts.dbClusters;
  const id = numberedId('aurora-export-', i);
  return {
    DBClusterSnapshotIdentifier: id, DBClusterIdentifier: clusterName(c), SnapshotCreateTime: daysAgo(i % 60), Engine: 'aurora-postgresql', Status: 'available',
    SnapshotType: 'manual', StorageEncrypted: true, KmsKeyId: customerKey(plan, c), DBClusterSnapshotArn: `arn:aws:rds:${plan.region}:${plan.account}:cluster-snapshot:${id}`,
    TagList: tagsOf(c, clusterName(c)),
  };
}

/** One resource by identifier (`<prefix><number>`), or a page of all, 100 records a page unless MaxRecords says otherwise. */
function rdsDescribe<T>(count: number, id: string | undefined, prefix: string, make: (i: number) => T, input: { Marker?: string; MaxRecords?: number }, fault: string) {
  return oneOrPage(count, id, (named) => indexOf(named, prefix, 10), make, { token: input.Marker, size: input.MaxRecords ?? RDS_PAGE, fault });
}

/** The RDS answers of the account. */
export function rdsAnswers(plan: AccountPlan): AnswerTable {
  const { counts } = plan;
  return {
    RDSClient: {
      DescribeDBInstances: (input: DescribeDBInstancesCommandInput): Output<DescribeDBInstancesCommandOutput> | Error => {
        const out = rdsDescribe(counts.dbInstances, input.DBInstanceIdentifier, 'clinic-db-', (i) => dbInstance(plan, i), input, 'DBInstanceNotFoundFault');
        return out instanceof Error ? out : { DBInstances: out.items, ...(out.next ? { Marker: out.next } : {}) };
      },
      DescribeDBClusters: (input: DescribeDBClustersCommandInput): Output<DescribeDBClustersCommandOutput> | Error => {
        const out = rdsDescribe(counts.dbClusters, input.DBClusterIdentifier, 'clinic-aurora-', (c) => dbCluster(plan, c), input, 'DBClusterNotFoundFault');
        return out instanceof Error ? out : { DBClusters: out.items, ...(out.next ? { Marker: out.next } : {}) };
      },
      DescribeDBSnapshots: (input: DescribeDBSnapshotsCommandInput): Output<DescribeDBSnapshotsCommandOutput> | Error => {
        const out = rdsDescribe(counts.dbSnapshots, input.DBSnapshotIdentifier, 'pre-upgrade-', (i) => dbSnapshot(plan, i), input, 'DBSnapshotNotFoundFault');
        return out instanceof Error ? out : { DBSnapshots: out.items, ...(out.next ? { Marker: out.next } : {}) };
      },
      DescribeDBClusterSnapshots: (input: DescribeDBClusterSnapshotsCommandInput): Output<DescribeDBClusterSnapshotsCommandOutput> | Error => {
        const out = rdsDescribe(counts.dbClusterSnapshots, input.DBClusterSnapshotIdentifier, 'aurora-export-', (i) => clusterSnapshot(plan, i), input, 'DBClusterSnapshotNotFoundFault');
        return out instanceof Error ? out : { DBClusterSnapshots: out.items, ...(out.next ? { Marker: out.next } : {}) };
      },
      DescribeDBSnapshotAttributes: (input: DescribeDBSnapshotAttributesCommandInput): Output<DescribeDBSnapshotAttributesCommandOutput> => ({
        DBSnapshotAttributesResult: {
          DBSnapshotIdentifier: input.DBSnapshotIdentifier,
          DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: restoreValues(indexOf(input.DBSnapshotIdentifier, 'pre-upgrade-', 10) ?? 0) }],
        },
      }),
      DescribeDBClusterSnapshotAttributes: (input: DescribeDBClusterSnapshotAttributesCommandInput): Output<DescribeDBClusterSnapshotAttributesCommandOutput> => ({
        DBClusterSnapshotAttributesResult: {
          DBClusterSnapshotIdentifier: input.DBClusterSnapshotIdentifier,
          DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: restoreValues(indexOf(input.DBClusterSnapshotIdentifier, 'aurora-export-', 10) ?? 0) }],
        },
      }),
    },
  };
}

/** The ARNs of the account's DB instances and clusters (AWS Backup names data stores by ARN). */
export function databaseArns(plan: AccountPlan): { instance: (i: number) => string; cluster: (c: number) => string } {
  return {
    instance: (i) => `arn:aws:rds:${plan.region}:${plan.account}:db:${dbName(i)}`,
    cluster: (c) => `arn:aws:rds:${plan.region}:${plan.account}:cluster:${clusterName(c)}`,
  };
}
