import 'aws-sdk-client-mock-vitest/extend';
import { ClusterNotFoundFault, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { describe, expect, it } from 'vitest';
import { redshiftClusterKind } from '../../lib/collectors/redshift.ts';
import type { Snapshot } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import type { RedshiftClusterState } from '../../lib/model/states/redshift.ts';
import createEvent from '../fixtures/redshift/cloudtrail-create-cluster.json' with { type: 'json' };
import renameEvent from '../fixtures/redshift/cloudtrail-modify-cluster-rename.json' with { type: 'json' };
import restoreEvent from '../fixtures/redshift/cloudtrail-restore-from-snapshot.json' with { type: 'json' };
import clusterItem from '../fixtures/redshift/config-item-cluster.json' with { type: 'json' };
import page1 from '../fixtures/redshift/describe-clusters-page1.json' with { type: 'json' };
import page2 from '../fixtures/redshift/describe-clusters-page2.json' with { type: 'json' };
import deleteEvent from '../fixtures/events/removal/redshift-delete-cluster.json' with { type: 'json' };
import { configItem, mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const redshift = mockedClient(RedshiftClient);
const ctx = mockedContext('us-east-1', '111122223333');

describe('redshiftClusterKind.collect', () => {
  it('reads encryption, key, public access, the pending change and tags from DescribeClusters', async () => {
    // Prepare
    redshift.on(DescribeClustersCommand, { ClusterIdentifier: 'marketing-dw' }).resolves(sdkOutput({ Clusters: [page1.Clusters[1]] }));
    // Act
    const snapshot = await redshiftClusterKind.collect(ctx, 'marketing-dw');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::Redshift::Cluster', id: 'marketing-dw', arn: 'arn:aws:redshift:us-east-1:111122223333:cluster:marketing-dw' });
    expect(snapshot.state).toEqual({
      clusterIdentifier: 'marketing-dw',
      clusterStatus: 'available',
      encrypted: false,
      kmsKeyId: null,
      hsmConfigurationIdentifier: null,
      publiclyAccessible: true,
      pendingPubliclyAccessible: false,
    });
    expect(snapshot.tags).toEqual({});
  });

  it('reads an HSM-encrypted cluster', async () => {
    redshift.on(DescribeClustersCommand).resolves(sdkOutput(page2));
    expect((await redshiftClusterKind.collect(ctx, 'hsm-dw')).state).toMatchObject({ encrypted: true, kmsKeyId: null, hsmConfigurationIdentifier: 'claims-hsm' });
  });

  it('reports ClusterNotFound as deleted', async () => {
    redshift.on(DescribeClustersCommand).rejects(new ClusterNotFoundFault({ message: 'Cluster gone-dw not found.', $metadata: {} }));
    expect(await redshiftClusterKind.collect(ctx, 'gone-dw')).toMatchObject({ deleted: true, resource: { id: 'gone-dw' } });
  });

  it('turns AccessDenied into snapshot.error', async () => {
    redshift.on(DescribeClustersCommand).rejects(sdkError('AccessDenied', 'not authorized to perform: redshift:DescribeClusters', 403));
    expect((await redshiftClusterKind.collect(ctx, 'claims-dw')).error).toMatchObject({ operation: 'redshift:DescribeClusters', code: 'ACCESS_DENIED' });
  });
});

describe('redshiftClusterKind listing', () => {
  it('enumerate follows Marker across pages', async () => {
    redshift.on(DescribeClustersCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    const ids: string[] = [];
    for await (const id of redshiftClusterKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['claims-dw', 'marketing-dw', 'hsm-dw']);
    expect(redshift).toHaveReceivedNthCommandWith(DescribeClustersCommand, 2, { Marker: 'page-2-marker' });
  });

  it('snapshotsFromListing builds each snapshot from its page, tags included', async () => {
    redshift.on(DescribeClustersCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    const snapshots: Snapshot<RedshiftClusterState>[] = [];
    for await (const snapshot of redshiftClusterKind.snapshotsFromListing!(ctx)) snapshots.push(snapshot);
    expect(snapshots.map((s) => [s.resource.id, s.state?.encrypted, s.state?.publiclyAccessible, s.tags?.['data-classification'] ?? null])).toEqual([
      ['claims-dw', true, false, 'ephi'],
      ['marketing-dw', false, true, null],
      ['hsm-dw', true, false, null],
    ]);
    expect(redshift).toHaveReceivedCommandTimes(DescribeClustersCommand, 2);
  });
});

describe('redshiftClusterKind.fromConfigItem', () => {
  it('decides both checks from the camelCase configuration', () => {
    expect(redshiftClusterKind.fromConfigItem!(configItem(clusterItem))).toMatchObject({
      source: 'config-item',
      resource: { id: 'claims-dw', arn: 'arn:aws:redshift:us-east-1:111122223333:cluster:claims-dw' },
      tags: { 'data-classification': 'ephi' },
      state: { encrypted: true, publiclyAccessible: false, pendingPubliclyAccessible: null },
    });
  });

  it('returns undefined when the item lacks either boolean', () => {
    const { publiclyAccessible: _, ...configuration } = clusterItem.configuration;
    expect(redshiftClusterKind.fromConfigItem!(configItem({ ...clusterItem, configuration }))).toBeUndefined();
  });

  it('marks a deleted cluster deleted', () => {
    const snapshot = redshiftClusterKind.fromConfigItem!(configItem({ ...clusterItem, configurationItemStatus: 'ResourceDeleted', configuration: null }));
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: 'claims-dw' } });
  });
});

describe('redshiftClusterKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['CreateCluster, in the lower case Redshift stores', createEvent, ['claims-dw']],
    ['ModifyCluster renaming: the old and the new identifier', renameEvent, ['marketing-dw', 'marketing-dw-2']],
    ['RestoreFromClusterSnapshot names the new cluster', restoreEvent, ['claims-dw-restored']],
    ['DeleteCluster', deleteEvent, ['hsm-dw']],
  ])('%s', (_name, record, expected) => {
    expect(redshiftClusterKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });
});
