/**
 * The RDS database, RDS snapshot and DynamoDB checks' triggers through the engine: cluster and
 * instance events each name their own kind of database, snapshot events their snapshot, DynamoDB
 * events their table, and a Config item of a cluster the kind cannot use is read live by the
 * DbClusterResourceId it names.
 */
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { CHECKS, checkById } from '../../lib/checks/registry.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import { loadKinds } from '../../lib/collectors/lazy-kinds.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { routeTrigger } from '../../lib/events/route.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { evaluateTrigger } from '../../lib/pipeline/evaluate.ts';
import tagResource from '../fixtures/dynamodb/cloudtrail-tag-resource.json' with { type: 'json' };
import updateContinuousBackups from '../fixtures/dynamodb/cloudtrail-update-continuous-backups.json' with { type: 'json' };
import modifyCluster from '../fixtures/rds/cloudtrail-modify-db-cluster.json' with { type: 'json' };
import modifyInstance from '../fixtures/rds/cloudtrail-modify-db-instance.json' with { type: 'json' };
import modifyClusterSnapshotAttribute from '../fixtures/rds/cloudtrail-modify-db-cluster-snapshot-attribute.json' with { type: 'json' };
import clusterItem from '../fixtures/rds/config-item-db-cluster.json' with { type: 'json' };
import clustersPage1 from '../fixtures/rds/describe-db-clusters-page1.json' with { type: 'json' };
import { mockedClient, mockedContext, sdkOutput } from '../fixtures/collectors/ctx.ts';
import { triggerOf } from './helpers.ts';

const KINDS = await loadKinds(SNAPSHOT_KINDS);
const rds = mockedClient(RDSClient);
const OURS = new Set(['rds-backup-retention', 'rds-log-exports', 'rds-snapshot-not-public', 'rds-snapshot-encrypted', 'dynamodb-table-kms-encrypted', 'dynamodb-pitr-enabled']);

const trigger = (input: unknown) => triggerOf(parseInput(JSON.stringify(input), 'test.json')[0]);

/** A Config item change as EventBridge delivers it. */
function configChange(item: object) {
  return {
    version: '0', id: '3f1c2d4e-5a6b-7c8d-9e0f-1a2b3c4d5e6f', 'detail-type': 'Config Configuration Item Change', source: 'aws.config',
    account: '644160558196', time: '2024-06-02T09:00:01Z', region: 'us-east-1', resources: [],
    detail: { recordVersion: '1.3', messageType: 'ConfigurationItemChangeNotification', configurationItem: item },
  };
}

/** What the plan does with our checks: `check resource` or `check related:<id>`. */
function routed(input: unknown): string[] {
  return routeTrigger(trigger(input), CHECKS, KINDS)
    .evaluations.filter((e) => OURS.has(e.check.metadata.id))
    .map((e) => `${e.check.metadata.id} ${e.resourceId ?? `related:${e.related?.resourceId}`}`)
    .sort();
}

describe('routing the RDS and DynamoDB events', () => {
  it.each<[string, unknown, string[]]>([
    ['ModifyDBCluster: the cluster, for both database checks', modifyCluster, ['rds-backup-retention cluster/claims-aurora', 'rds-log-exports cluster/claims-aurora']],
    ['ModifyDBInstance: the instance', modifyInstance, ['rds-backup-retention production-db', 'rds-log-exports production-db']],
    ['ModifyDBClusterSnapshotAttribute: the cluster snapshot', modifyClusterSnapshotAttribute, ['rds-snapshot-not-public cluster/claims-aurora-2024-06-01']],
    ['UpdateContinuousBackups: the table', updateContinuousBackups, ['dynamodb-pitr-enabled patients']],
    ['TagResource: the tagged table (its PHI scope may change)', tagResource, ['dynamodb-table-kms-encrypted sessions']],
  ])('%s', (_name, record, expected) => {
    expect(routed(record)).toEqual(expected);
  });
});

describe('evaluating a DB cluster Config item the kind cannot use', () => {
  it('reads the cluster live by its DbClusterResourceId and records it by identifier', async () => {
    // Prepare: an item without enabledCloudwatchLogsExports (older than the feature)
    const older: Record<string, unknown> = { ...clusterItem.configuration };
    delete older.enabledCloudwatchLogsExports;
    rds.on(DescribeDBClustersCommand, { Filters: [{ Name: 'db-cluster-resource-id', Values: ['cluster-4QZV6TL3J7XKXBDYF2NOP7AQ5E'] }] }).resolves(sdkOutput(clustersPage1));
    const deps = {
      clientsFor: (_account: string, region: string) => mockedContext(region, '644160558196').clients,
      settings: DEFAULT_SETTINGS,
      checks: [checkById('rds-backup-retention')!, checkById('rds-log-exports')!],
      kinds: SNAPSHOT_KINDS,
      functionName: 'test',
    };
    // Act
    const { records } = await evaluateTrigger(trigger(configChange({ ...clusterItem, configuration: older })), deps);
    // Assess
    expect(records.map((r) => [r.check.id, r.resource.type, r.resource.id, r.result])).toEqual([
      ['rds-backup-retention', 'AWS::RDS::DBCluster', 'claims-aurora', 'pass'],
      ['rds-log-exports', 'AWS::RDS::DBCluster', 'claims-aurora', 'pass'],
    ]);
    expect(rds).toHaveReceivedCommandTimes(DescribeDBClustersCommand, 1);
  });
});
