import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeReplicationGroupsCommand,
  DescribeServerlessCachesCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  ReplicationGroupNotFoundFault,
  ServerlessCacheNotFoundFault,
} from '@aws-sdk/client-elasticache';
import { describe, expect, it } from 'vitest';
import metadata from '../../lib/checks/elasticache-encrypted/metadata.json' with { type: 'json' };
import { elastiCacheKind } from '../../lib/collectors/elasticache.ts';
import type { Snapshot } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import createGroupEvent from '../fixtures/elasticache/cloudtrail-create-replication-group.json' with { type: 'json' };
import createServerlessEvent from '../fixtures/elasticache/cloudtrail-create-serverless-cache.json' with { type: 'json' };
import deleteGroupEvent from '../fixtures/elasticache/cloudtrail-delete-replication-group.json' with { type: 'json' };
import page1 from '../fixtures/elasticache/describe-replication-groups-page1.json' with { type: 'json' };
import page2 from '../fixtures/elasticache/describe-replication-groups-page2.json' with { type: 'json' };
import serverless from '../fixtures/elasticache/describe-serverless-caches.json' with { type: 'json' };
import { mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const elasticache = mockedClient(ElastiCacheClient);
const ctx = mockedContext('us-east-1', '111122223333');
const SESSIONS_ARN = 'arn:aws:elasticache:us-east-1:111122223333:replicationgroup:sessions';

describe('elastiCacheKind.collect', () => {
  it('maps a replication group: both encryptions, the transit mode, the key and the tags', async () => {
    // Prepare
    elasticache.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'sessions' }).resolves(sdkOutput({ ReplicationGroups: page1.ReplicationGroups }));
    elasticache.on(ListTagsForResourceCommand, { ResourceName: SESSIONS_ARN }).resolves({ TagList: [{ Key: 'data-classification', Value: 'phi' }] });
    // Act
    const snapshot = await elastiCacheKind.collect(ctx, 'sessions');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::ElastiCache::ReplicationGroup', id: 'sessions', arn: SESSIONS_ARN });
    expect(snapshot.state).toEqual({
      deployment: 'replication-group',
      replicationGroupId: 'sessions',
      engine: 'valkey',
      status: 'available',
      atRestEncryptionEnabled: true,
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9',
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
    });
    expect(snapshot.tags).toEqual({ 'data-classification': 'phi' });
  });

  it('reads a serverless cache by its "serverlesscache:" id from DescribeServerlessCaches', async () => {
    elasticache.on(DescribeServerlessCachesCommand, { ServerlessCacheName: 'patient-sessions' }).resolves(sdkOutput(serverless));
    elasticache.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    const snapshot = await elastiCacheKind.collect(ctx, 'serverlesscache:patient-sessions');
    expect(elasticache).not.toHaveReceivedCommand(DescribeReplicationGroupsCommand);
    expect(snapshot.resource).toEqual({
      type: 'AWS::ElastiCache::ServerlessCache',
      id: 'serverlesscache:patient-sessions',
      arn: 'arn:aws:elasticache:us-east-1:111122223333:serverlesscache:patient-sessions',
    });
    expect(snapshot.state).toEqual({ deployment: 'serverless', serverlessCacheName: 'patient-sessions', engine: 'valkey', status: 'available', kmsKeyId: null });
  });

  it('keeps the state when only the tag read fails (a group that is not available refuses it)', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolves(sdkOutput({ ReplicationGroups: page2.ReplicationGroups.slice(0, 1) }));
    elasticache.on(ListTagsForResourceCommand).rejects(sdkError('InvalidReplicationGroupState', 'not available'));
    const snapshot = await elastiCacheKind.collect(ctx, 'migrating');
    expect(snapshot.tagsError).toMatchObject({ operation: 'elasticache:ListTagsForResource', code: 'OTHER' });
    expect(snapshot.state).toMatchObject({ transitEncryptionMode: 'preferred' });
  });

  it('turns AccessDenied into snapshot.error, not a throw', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).rejects(sdkError('AccessDenied', 'not authorized to perform: elasticache:DescribeReplicationGroups', 403));
    const snapshot = await elastiCacheKind.collect(ctx, 'sessions');
    expect(snapshot.error).toMatchObject({ operation: 'elasticache:DescribeReplicationGroups', code: 'ACCESS_DENIED', name: 'AccessDenied' });
    expect(snapshot.state).toBeUndefined();
  });

  it.each<[string, string, () => void]>([
    ['a missing replication group', 'lab-cache', () => elasticache.on(DescribeReplicationGroupsCommand).rejects(new ReplicationGroupNotFoundFault({ message: 'ReplicationGroup lab-cache not found.', $metadata: {} }))],
    ['a replication group being deleted', 'retired', () => elasticache.on(DescribeReplicationGroupsCommand).resolves(sdkOutput({ ReplicationGroups: page2.ReplicationGroups.slice(1) }))],
    ['a missing serverless cache', 'serverlesscache:gone', () => elasticache.on(DescribeServerlessCachesCommand).rejects(new ServerlessCacheNotFoundFault({ message: 'not found', $metadata: {} }))],
  ])('reports %s as deleted', async (_name, id, prepare) => {
    prepare();
    const snapshot = await elastiCacheKind.collect(ctx, id);
    expect(snapshot).toMatchObject({ deleted: true, resource: { id } });
    expect(snapshot.error).toBeUndefined();
  });
});

describe('elastiCacheKind listing', () => {
  it('enumerates replication groups across two pages, then serverless caches', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    elasticache.on(DescribeServerlessCachesCommand).resolves(sdkOutput(serverless));
    const ids: string[] = [];
    for await (const id of elastiCacheKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['sessions', 'migrating', 'retired', 'serverlesscache:patient-sessions']);
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeReplicationGroupsCommand, 2, { Marker: 'page-2-marker' });
  });

  it('builds the sweep snapshots from the listings, leaving out groups being deleted', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    elasticache.on(DescribeServerlessCachesCommand).resolves(sdkOutput(serverless));
    elasticache.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    const snapshots: Snapshot[] = [];
    for await (const snapshot of elastiCacheKind.snapshotsFromListing!(ctx)) snapshots.push(snapshot);
    expect(snapshots.map((s) => [s.resource.type, s.resource.id])).toEqual([
      ['AWS::ElastiCache::ReplicationGroup', 'sessions'],
      ['AWS::ElastiCache::ReplicationGroup', 'migrating'],
      ['AWS::ElastiCache::ServerlessCache', 'serverlesscache:patient-sessions'],
    ]);
    expect(elasticache).toHaveReceivedCommandTimes(ListTagsForResourceCommand, 3);
  });

  it('throws a denied listing page, so the sweep records the scope as error', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).rejects(sdkError('AccessDenied', 'denied', 403));
    const iterate = async () => {
      for await (const _ of elastiCacheKind.snapshotsFromListing!(ctx)) void _;
    };
    await expect(iterate()).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('elastiCacheKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['CreateReplicationGroup (lower-cases the caller spelling)', createGroupEvent, ['lab-cache']],
    ['DeleteReplicationGroup still routes: the group is then found deleted', deleteGroupEvent, ['redis-production']],
    ['CreateServerlessCache names the cache with the serverless prefix', createServerlessEvent, ['serverlesscache:patient-sessions']],
    ['a result wrapped under replicationGroup', { ...deleteGroupEvent, requestParameters: {}, responseElements: { replicationGroup: { replicationGroupId: 'wrapped' } } }, ['wrapped']],
  ])('%s', (_name, record, expected) => {
    expect(elastiCacheKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });

  it('is triggered by each event it reads', () => {
    expect(metadata.triggers.cloudtrail[0]!.eventNames).toEqual(expect.arrayContaining([createGroupEvent.eventName, deleteGroupEvent.eventName, createServerlessEvent.eventName]));
  });
});
