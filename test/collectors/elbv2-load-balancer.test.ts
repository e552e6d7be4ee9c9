import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elbv2LoadBalancerKind } from '../../lib/collectors/elbv2-load-balancer.ts';
import check from '../../lib/checks/elbv2-access-logs/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import fixture from '../fixtures/elbv2/load-balancers.json' with { type: 'json' };
import events from '../fixtures/elbv2/load-balancer-events.json' with { type: 'json' };
import { recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { configItem, mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';
import { corpusPath, corpusPresent } from '../fixtures/corpus.ts';

const elbv2 = mockedClient(ElasticLoadBalancingV2Client);
const ctx = mockedContext('us-east-2', '111111111111');
const ALB = fixture.alb.LoadBalancerArn;
const NLB = fixture.nlb.LoadBalancerArn;

describe('elbv2LoadBalancerKind.collect', () => {
  it('maps an ALB\'s access-log attributes, scheme and tags', async () => {
    // Prepare
    elbv2.on(DescribeLoadBalancersCommand, { LoadBalancerArns: [ALB] }).resolves({ LoadBalancers: [fixture.alb] } as never);
    elbv2.on(DescribeLoadBalancerAttributesCommand, { LoadBalancerArn: ALB }).resolves(fixture.attributesOn as never);
    elbv2.on(DescribeTagsCommand, { ResourceArns: [ALB] }).resolves(fixture.tags as never);
    // Act
    const snapshot = await elbv2LoadBalancerKind.collect(ctx, ALB);
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: ALB, arn: ALB });
    expect(snapshot.state).toEqual({ loadBalancerArn: ALB, name: 'portal', type: 'application', scheme: 'internet-facing', accessLogs: { enabled: true, bucket: 'elb-logs-us-east-2', prefix: 'portal' } });
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi' });
    expect(elbv2).not.toHaveReceivedCommand(DescribeListenersCommand);
  });

  it('reads an NLB\'s listeners (every page) only when its logs are off', async () => {
    // Prepare
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [fixture.nlb] } as never);
    elbv2.on(DescribeLoadBalancerAttributesCommand).resolves(fixture.attributesOff as never);
    elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [] } as never);
    const [tls, tcp] = fixture.nlbListeners.Listeners;
    elbv2.on(DescribeListenersCommand).callsFake((input: { Marker?: string }) => (input.Marker ? { Listeners: [tcp] } : { Listeners: [tls], NextMarker: 'page-2' }));
    // Act
    const snapshot = await elbv2LoadBalancerKind.collect(ctx, NLB);
    // Assess
    expect(elbv2).toHaveReceivedCommandTimes(DescribeListenersCommand, 2);
    expect(snapshot.state).toMatchObject({ type: 'network', accessLogs: { enabled: false }, listenerProtocols: ['TCP', 'TLS'] });
    expect(runCheck(check, snapshot, DEFAULT_SETTINGS).result).toBe('fail');
  });

  it('reads no attributes of a Gateway Load Balancer', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [fixture.gwlb] } as never);
    elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [] } as never);
    const snapshot = await elbv2LoadBalancerKind.collect(ctx, fixture.gwlb.LoadBalancerArn);
    expect(elbv2).not.toHaveReceivedCommand(DescribeLoadBalancerAttributesCommand);
    expect(runCheck(check, snapshot, DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('reports a load balancer that is gone as deleted', async () => {
    elbv2.on(DescribeLoadBalancersCommand).rejects(sdkError('LoadBalancerNotFoundException', 'One or more load balancers not found'));
    expect((await elbv2LoadBalancerKind.collect(ctx, ALB)).deleted).toBe(true);
  });

  it('does not call an id that is no ARN (a malformed Config item\'s) an ARN', async () => {
    elbv2.on(DescribeLoadBalancersCommand).rejects(sdkError('ValidationError', "'r-417cc6f517aa3f2d8' is not a valid load balancer ARN"));
    const snapshot = await elbv2LoadBalancerKind.collect(ctx, 'r-417cc6f517aa3f2d8');
    expect(snapshot.resource).toEqual({ type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: 'r-417cc6f517aa3f2d8' });
    expect(snapshot.error).toMatchObject({ code: 'OTHER', name: 'ValidationError' });
  });

  it('turns a denied attribute read into an error snapshot with its code', async () => {
    // Prepare
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [fixture.alb] } as never);
    elbv2.on(DescribeTagsCommand).resolves(fixture.tags as never);
    elbv2.on(DescribeLoadBalancerAttributesCommand).rejects(sdkError('AccessDenied', 'User is not authorized to perform: elasticloadbalancing:DescribeLoadBalancerAttributes', 403));
    // Act
    const snapshot = await elbv2LoadBalancerKind.collect(ctx, ALB);
    // Assess
    expect(snapshot.error).toMatchObject({ operation: 'elasticloadbalancing:DescribeLoadBalancerAttributes', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toBeUndefined();
  });

  it('keeps the verdict when DescribeTags is denied, and skips tags no check declares', async () => {
    // Prepare
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [fixture.alb] } as never);
    elbv2.on(DescribeLoadBalancerAttributesCommand).resolves(fixture.attributesOff as never);
    elbv2.on(DescribeTagsCommand).rejects(sdkError('AccessDenied'));
    // Act
    const denied = await elbv2LoadBalancerKind.collect(ctx, ALB);
    elbv2.resetHistory();
    const withoutTags = await elbv2LoadBalancerKind.collect({ ...ctx, reads: new Set(['elasticloadbalancing:DescribeLoadBalancerAttributes']) }, ALB);
    // Assess
    expect(denied.tagsError).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(denied.state?.accessLogs.enabled).toBe(false);
    expect(elbv2).not.toHaveReceivedCommand(DescribeTagsCommand);
    expect(withoutTags.tags).toBeUndefined();
  });
});

describe('elbv2LoadBalancerKind listing', () => {
  it('enumerates and snapshots every load balancer across two pages', async () => {
    // Prepare
    elbv2.on(DescribeLoadBalancersCommand).callsFake((input: { Marker?: string }) => (input.Marker ? { LoadBalancers: [fixture.nlb] } : { LoadBalancers: [fixture.alb], NextMarker: 'm2' }));
    elbv2.on(DescribeLoadBalancerAttributesCommand, { LoadBalancerArn: ALB }).resolves(fixture.attributesOn as never);
    elbv2.on(DescribeLoadBalancerAttributesCommand, { LoadBalancerArn: NLB }).resolves(fixture.attributesOff as never);
    elbv2.on(DescribeListenersCommand).resolves(fixture.nlbListeners as never);
    elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [] } as never);
    // Act
    const ids: string[] = [];
    for await (const id of elbv2LoadBalancerKind.enumerate(ctx)) ids.push(id);
    const snapshots = [];
    for await (const s of elbv2LoadBalancerKind.snapshotsFromListing!(ctx)) snapshots.push(s);
    // Assess
    expect(ids).toEqual([ALB, NLB]);
    expect(snapshots.map((s) => [s.resource.id, s.state?.accessLogs.enabled])).toEqual([[ALB, true], [NLB, false]]);
    // The listing described them: no second DescribeLoadBalancers per load balancer.
    expect(elbv2).toHaveReceivedCommandTimes(DescribeLoadBalancersCommand, 4);
  });
});

describe('elbv2LoadBalancerKind.idsFromEvent', () => {
  it.each([
    ['CreateLoadBalancer', [ALB]],
    ['ModifyLoadBalancerAttributes', [ALB]],
    ['DeleteLoadBalancer', [NLB]],
    ['DeleteListener', [NLB]],
  ])('%s names its load balancer', (name, expected) => {
    expect(elbv2LoadBalancerKind.idsFromEvent(recordFrom(events, name))).toEqual(expected);
  });

  it('names nothing for a Classic Load Balancer event', () => {
    expect(elbv2LoadBalancerKind.idsFromEvent(recordFrom(events, 'ClassicModifyLoadBalancerAttributes', 'ModifyLoadBalancerAttributes'))).toEqual([]);
  });
});

describe('elbv2LoadBalancerKind.fromConfigItem', () => {
  const item = (type: string, enabled: string, status = 'OK') =>
    configItem({
      configurationItemVersion: '1.3', configurationItemCaptureTime: '2024-06-02T19:45:00.000Z', configurationItemStatus: status, awsAccountId: '111111111111', awsRegion: 'us-east-2',
      resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer', resourceId: NLB, ARN: NLB, resourceName: 'ingest',
      configuration: { loadBalancerArn: NLB, loadBalancerName: 'ingest', scheme: 'internal', type },
      supplementaryConfiguration: { LoadBalancerAttributes: [{ key: 'access_logs.s3.enabled', value: enabled }, { key: 'access_logs.s3.bucket', value: 'nlb-logs' }] },
      tags: { 'data-classification': 'phi' },
    });

  it('decides from the item\'s LoadBalancerAttributes', () => {
    const snapshot = elbv2LoadBalancerKind.fromConfigItem!(item('network', 'true'));
    expect(snapshot).toMatchObject({ source: 'config-item', resource: { id: NLB }, tags: { 'data-classification': 'phi' }, state: { type: 'network', accessLogs: { enabled: true, bucket: 'nlb-logs' } } });
  });

  it('reads an NLB with logs off live (its listeners decide)', () => {
    expect(elbv2LoadBalancerKind.fromConfigItem!(item('network', 'false'))).toBeUndefined();
  });

  it('takes a deletion from the item', () => {
    expect(elbv2LoadBalancerKind.fromConfigItem!(item('network', 'false', 'ResourceDeleted'))?.deleted).toBe(true);
  });

  it.skipIf(!corpusPresent)('judges the real Config items of the corpus (one ALB logging, one not)', () => {
    // Prepare: RDK's template item (attributes as a list) and Custodian's (attributes as a JSON string)
    const read = (file: string) => configItem(JSON.parse(readFileSync(corpusPath('config/configuration-items', file), 'utf8')));
    // Act
    const verdicts = ['rdk__AWS_ElasticLoadBalancingV2_LoadBalancer.json', 'c7n__app-elb.json'].map((file) => {
      const snapshot = elbv2LoadBalancerKind.fromConfigItem!(read(file));
      return snapshot && runCheck(check, snapshot, DEFAULT_SETTINGS).result;
    });
    // Assess
    expect(verdicts).toEqual(['fail', 'pass']);
  });
});
