import 'aws-sdk-client-mock-vitest/extend';
import { DescribeClusterCommand, EKSClient, ListClustersCommand, ResourceNotFoundException } from '@aws-sdk/client-eks';
import { describe, expect, it } from 'vitest';
import endpoint from '../../lib/checks/eks-cluster-endpoint-private/metadata.json' with { type: 'json' };
import secrets from '../../lib/checks/eks-cluster-secrets-encrypted/metadata.json' with { type: 'json' };
import { eksClusterKind } from '../../lib/collectors/eks.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import associateEvent from '../fixtures/eks/cloudtrail-associate-encryption-config.json' with { type: 'json' };
import createEvent from '../fixtures/eks/cloudtrail-create-cluster.json' with { type: 'json' };
import deleteEvent from '../fixtures/eks/cloudtrail-delete-cluster.json' with { type: 'json' };
import updateEvent from '../fixtures/eks/cloudtrail-update-cluster-config.json' with { type: 'json' };
import clusterItem from '../fixtures/eks/config-item-cluster.json' with { type: 'json' };
import deletedItem from '../fixtures/eks/config-item-cluster-deleted.json' with { type: 'json' };
import defaultCluster from '../fixtures/eks/describe-cluster-default.json' with { type: 'json' };
import cluster from '../fixtures/eks/describe-cluster.json' with { type: 'json' };
import page1 from '../fixtures/eks/list-clusters-page1.json' with { type: 'json' };
import page2 from '../fixtures/eks/list-clusters-page2.json' with { type: 'json' };
import { configItem, mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const eks = mockedClient(EKSClient);
const ctx = mockedContext('us-east-1', '111122223333');
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/6a7b8c9d-0e1f-2a3b-4c5d-6e7f8a9b0c1d';

describe('eksClusterKind.collect', () => {
  it('maps the endpoint access, the allow-list, the secrets key and the tags from one DescribeCluster', async () => {
    // Prepare
    eks.on(DescribeClusterCommand, { name: 'clinical-apps' }).resolves(sdkOutput(cluster));
    // Act
    const snapshot = await eksClusterKind.collect(ctx, 'clinical-apps');
    // Assess
    expect(eks).toHaveReceivedCommandTimes(DescribeClusterCommand, 1);
    expect(snapshot.resource).toEqual({ type: 'AWS::EKS::Cluster', id: 'clinical-apps', arn: 'arn:aws:eks:us-east-1:111122223333:cluster/clinical-apps' });
    expect(snapshot.state).toEqual({
      name: 'clinical-apps',
      version: '1.31',
      status: 'ACTIVE',
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: ['203.0.113.0/24'],
      encryptionConfig: [{ resources: ['secrets'], keyArn: KEY }],
    });
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi', team: 'clinical' });
  });

  it('gives an empty encryption config for a cluster that has none', async () => {
    eks.on(DescribeClusterCommand).resolves(sdkOutput(defaultCluster));
    const snapshot = await eksClusterKind.collect(ctx, 'dev-sandbox');
    expect(snapshot.state).toMatchObject({ endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'], encryptionConfig: [] });
  });

  it('takes a missing endpoint flag as public, the EKS default, so a gap never passes', async () => {
    eks.on(DescribeClusterCommand).resolves(sdkOutput({ cluster: { ...defaultCluster.cluster, resourcesVpcConfig: {} } }));
    const snapshot = await eksClusterKind.collect(ctx, 'dev-sandbox');
    expect(snapshot.state).toMatchObject({ endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: [] });
  });

  it('accepts a cluster ARN and asks for the name', async () => {
    eks.on(DescribeClusterCommand, { name: 'clinical-apps' }).resolves(sdkOutput(cluster));
    const snapshot = await eksClusterKind.collect(ctx, 'arn:aws:eks:us-east-1:111122223333:cluster/clinical-apps');
    expect(snapshot.resource.id).toBe('clinical-apps');
  });

  it('turns AccessDeniedException into snapshot.error, not a throw', async () => {
    eks.on(DescribeClusterCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: eks:DescribeCluster', 403));
    const snapshot = await eksClusterKind.collect(ctx, 'clinical-apps');
    expect(snapshot.error).toMatchObject({ operation: 'eks:DescribeCluster', code: 'ACCESS_DENIED', name: 'AccessDeniedException' });
    expect(snapshot.state).toBeUndefined();
  });

  it.each<[string, () => void]>([
    ['a missing cluster (ResourceNotFoundException)', () => eks.on(DescribeClusterCommand).rejects(new ResourceNotFoundException({ message: 'No cluster found for name: gone.', $metadata: {} }))],
    ['a cluster being deleted', () => eks.on(DescribeClusterCommand).resolves(sdkOutput({ cluster: { ...defaultCluster.cluster, status: 'DELETING' } }))],
  ])('reports %s as deleted', async (_name, prepare) => {
    prepare();
    const snapshot = await eksClusterKind.collect(ctx, 'gone');
    expect(snapshot).toMatchObject({ deleted: true, resource: { type: 'AWS::EKS::Cluster', id: 'gone' } });
    expect(snapshot.error).toBeUndefined();
  });
});

describe('eksClusterKind.enumerate', () => {
  it('follows nextToken across pages', async () => {
    eks.on(ListClustersCommand).resolvesOnce(page1).resolvesOnce(page2);
    const ids: string[] = [];
    for await (const id of eksClusterKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['clinical-apps', 'dev-sandbox', 'partner-api']);
    expect(eks).toHaveReceivedNthCommandWith(ListClustersCommand, 2, { nextToken: 'page-2-token' });
  });
});

describe('eksClusterKind.fromConfigItem', () => {
  it('reads a cluster item (CloudFormation casing) without an API call', () => {
    const snapshot = eksClusterKind.fromConfigItem!(configItem(clusterItem));
    expect(snapshot).toMatchObject({ source: 'config-item', resource: { type: 'AWS::EKS::Cluster', id: 'clinical-apps' }, tags: { 'data-classification': 'ephi' } });
    expect(snapshot?.state).toEqual({
      name: 'clinical-apps',
      version: '1.31',
      status: 'ACTIVE',
      endpointPublicAccess: true,
      endpointPrivateAccess: false,
      publicAccessCidrs: ['0.0.0.0/0'],
      encryptionConfig: [{ resources: ['secrets'], keyArn: KEY }],
    });
  });

  it('marks a deleted item deleted', () => {
    expect(eksClusterKind.fromConfigItem!(configItem(deletedItem))).toMatchObject({ deleted: true, resource: { id: 'dev-sandbox' } });
  });

  it.each<[string, Record<string, unknown>]>([
    ['no EncryptionConfig (none, or not recorded?)', { ...clusterItem.configuration, EncryptionConfig: undefined }],
    ['a public endpoint without its CIDR list', { ...clusterItem.configuration, ResourcesVpcConfig: { EndpointPublicAccess: true } }],
    ['no endpoint flag', { ...clusterItem.configuration, ResourcesVpcConfig: {} }],
  ])('returns undefined for an item with %s, so the cluster is read live', (_name, configuration) => {
    expect(eksClusterKind.fromConfigItem!(configItem({ ...clusterItem, configuration }))).toBeUndefined();
  });
});

describe('eksClusterKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['CreateCluster (AWS sample, clusterName)', createEvent, ['test']],
    ['UpdateClusterConfig names the cluster in its URI member', updateEvent, ['clinical-apps']],
    ['AssociateEncryptionConfig', associateEvent, ['dev-sandbox']],
    ['DeleteCluster still routes: the cluster is then found deleted', deleteEvent, ['dev-sandbox']],
  ])('%s', (_name, record, expected) => {
    expect(eksClusterKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });

  it('each check is triggered by the events that change what it judges', () => {
    expect(endpoint.triggers.cloudtrail[0]!.eventNames).toEqual(expect.arrayContaining([createEvent.eventName, updateEvent.eventName, deleteEvent.eventName]));
    expect(secrets.triggers.cloudtrail[0]!.eventNames).toEqual(expect.arrayContaining([createEvent.eventName, associateEvent.eventName, deleteEvent.eventName]));
  });
});
