import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { elbv2ListenerKind } from '../../lib/collectors/elbv2.ts';
import type { ConfigItem } from '../../lib/model/config-item.ts';
import listeners from '../fixtures/elbv2/describe-listeners.json' with { type: 'json' };
import loadBalancers from '../fixtures/elbv2/describe-load-balancers.json' with { type: 'json' };
import tags from '../fixtures/elbv2/describe-tags.json' with { type: 'json' };
import rules from '../fixtures/elbv2/describe-rules.json' with { type: 'json' };
import listenerItem from '../fixtures/elbv2/config-item-listener.json' with { type: 'json' };
import events from '../fixtures/elbv2/cloudtrail-events.json' with { type: 'json' };
import { corpusConfigItem, hasCorpus, recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const elbv2 = mockedClient(ElasticLoadBalancingV2Client);
const ctx = mockedContext('us-east-2', '111111111111');
const LB = 'arn:aws:elasticloadbalancing:us-east-2:111111111111:loadbalancer/app/test/abcd95d05fc9fc53';
const HTTP = 'arn:aws:elasticloadbalancing:us-east-2:111111111111:listener/app/test/abcd95d05fc9fc53/0000000000000080';

describe('elbv2ListenerKind.collect', () => {

  it('collects protocol, redirect action, rules, load balancer scheme and merged tags', async () => {
    // Prepare
    elbv2.on(DescribeListenersCommand, { ListenerArns: [HTTP] }).resolves(listeners as never);
    elbv2.on(DescribeLoadBalancersCommand, { LoadBalancerArns: [LB] }).resolves(loadBalancers as never);
    elbv2.on(DescribeTagsCommand).resolves(tags as never);
    elbv2.on(DescribeRulesCommand, { ListenerArn: HTTP }).resolves(rules as never);
    // Act
    const snapshot = await elbv2ListenerKind.collect(ctx, HTTP);
    // Assess
    expect(elbv2).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceArns: [LB, HTTP] });
    expect(snapshot).toMatchObject({ kind: 'elbv2-listener', resource: { type: 'AWS::ElasticLoadBalancingV2::Listener', id: HTTP, arn: HTTP } });
    expect(snapshot.state).toEqual({
      listenerArn: HTTP,
      protocol: 'HTTP',
      port: 80,
      defaultActions: [{ type: 'redirect', redirectProtocol: 'HTTPS', redirectPort: '443' }],
      // The default rule repeats the default actions: only the other rules are kept.
      rules: [{ ruleArn: `${HTTP.replace(':listener/', ':listener-rule/')}/9683b2d02a6cabee`, priority: '10', actions: [{ type: 'forward' }] }],
      loadBalancer: { arn: LB, name: 'test', scheme: 'internet-facing', type: 'application' },
    });
    // The listener's own Env tag overrides the load balancer's.
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi', Env: 'Prod-edge' });
  });

  it('turns AccessDenied into an error snapshot', async () => {
    elbv2.on(DescribeListenersCommand).rejects(sdkError('AccessDenied', 'User is not authorized to perform: elasticloadbalancing:DescribeListeners'));
    const snapshot = await elbv2ListenerKind.collect(ctx, HTTP);
    expect(snapshot.error).toMatchObject({ operation: 'elasticloadbalancing:DescribeListeners', code: 'ACCESS_DENIED' });
  });

  it('a denied DescribeTags leaves the tags unknown (tagsError), not the listener', async () => {
    elbv2.on(DescribeListenersCommand).resolves(listeners as never);
    elbv2.on(DescribeLoadBalancersCommand).resolves(loadBalancers as never);
    elbv2.on(DescribeTagsCommand).rejects(sdkError('AccessDenied'));
    elbv2.on(DescribeRulesCommand, { ListenerArn: HTTP }).resolves(rules as never);
    const snapshot = await elbv2ListenerKind.collect(ctx, HTTP);
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.tagsError).toMatchObject({ operation: 'elasticloadbalancing:DescribeTags', code: 'ACCESS_DENIED' });
    expect(snapshot.state?.protocol).toBe('HTTP');
  });

  it('a denied DescribeLoadBalancers only loses the load balancer name and scheme', async () => {
    elbv2.on(DescribeListenersCommand).resolves(listeners as never);
    elbv2.on(DescribeLoadBalancersCommand).rejects(sdkError('AccessDenied'));
    elbv2.on(DescribeTagsCommand).resolves(tags as never);
    elbv2.on(DescribeRulesCommand, { ListenerArn: HTTP }).resolves(rules as never);
    const snapshot = await elbv2ListenerKind.collect(ctx, HTTP);
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.state?.loadBalancer).toEqual({ arn: expect.stringContaining(':loadbalancer/') });
    expect(snapshot.unreadable).toEqual([expect.objectContaining({ operation: 'elasticloadbalancing:DescribeLoadBalancers', code: 'ACCESS_DENIED' })]);
  });

  it('reads every page of rules of an HTTP listener that redirects by default', async () => {
    // Prepare
    elbv2.on(DescribeListenersCommand).resolves(listeners as never);
    elbv2.on(DescribeLoadBalancersCommand).resolves(loadBalancers as never);
    elbv2.on(DescribeTagsCommand).resolves(tags as never);
    elbv2.on(DescribeRulesCommand).callsFake((input: { Marker?: string }) =>
      input.Marker ? { Rules: [{ RuleArn: 'r-2', Priority: '20', Actions: [{ Type: 'forward' }], IsDefault: false }] } : { ...rules, NextMarker: 'm' },
    );
    // Act
    const snapshot = await elbv2ListenerKind.collect(ctx, HTTP);
    // Assess
    expect(elbv2).toHaveReceivedCommandTimes(DescribeRulesCommand, 2);
    expect(snapshot.state?.rules?.map((r) => r.priority)).toEqual(['10', '20']);
  });

  it('reports a denied DescribeRules as the error: the rules decide an HTTP redirect listener', async () => {
    // Prepare
    elbv2.on(DescribeListenersCommand).resolves(listeners as never);
    elbv2.on(DescribeLoadBalancersCommand).resolves(loadBalancers as never);
    elbv2.on(DescribeTagsCommand).resolves(tags as never);
    elbv2.on(DescribeRulesCommand).rejects(sdkError('AccessDenied', 'User is not authorized to perform: elasticloadbalancing:DescribeRules'));
    // Act
    const snapshot = await elbv2ListenerKind.collect(ctx, HTTP);
    // Assess
    expect(snapshot.error).toMatchObject({ operation: 'elasticloadbalancing:DescribeRules', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toBeUndefined();
  });

  it('does not read the rules of a listener whose verdict they cannot change (HTTPS, or HTTP that forwards by default)', async () => {
    // Prepare
    const [listener] = listeners.Listeners;
    const https = { Listeners: [{ ...listener, Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }] };
    const forwarding = { Listeners: [{ ...listener, DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-2:111111111111:targetgroup/t/1' }] }] };
    elbv2.on(DescribeLoadBalancersCommand).resolves(loadBalancers as never);
    elbv2.on(DescribeTagsCommand).resolves(tags as never);
    // Act
    elbv2.on(DescribeListenersCommand).resolves(https as never);
    const httpsSnapshot = await elbv2ListenerKind.collect(ctx, HTTP);
    elbv2.on(DescribeListenersCommand).resolves(forwarding as never);
    const forwardSnapshot = await elbv2ListenerKind.collect(ctx, HTTP);
    // Assess
    expect(elbv2).not.toHaveReceivedCommand(DescribeRulesCommand);
    expect(httpsSnapshot.state?.rules).toBeUndefined();
    expect(forwardSnapshot.state?.rules).toBeUndefined();
  });

  it('reports a listener that no longer exists as deleted', async () => {
    elbv2.on(DescribeListenersCommand).rejects(sdkError('ListenerNotFoundException', 'One or more listeners not found'));
    const snapshot = await elbv2ListenerKind.collect(ctx, HTTP);
    expect(snapshot.deleted).toBe(true);
    expect(snapshot.error).toBeUndefined();
  });
});

describe('elbv2ListenerKind.enumerate', () => {

  it('pages through load balancers, then through each one listeners', async () => {
    // Prepare: two pages of load balancers; the first one has two pages of listeners
    elbv2.on(DescribeLoadBalancersCommand).callsFake((input: { Marker?: string }) =>
      input.Marker ? { LoadBalancers: [{ LoadBalancerArn: 'lb-2' }] } : { LoadBalancers: [{ LoadBalancerArn: 'lb-1' }], NextMarker: 'm' },
    );
    elbv2.on(DescribeListenersCommand).callsFake((input: { LoadBalancerArn: string; Marker?: string }) => {
      if (input.LoadBalancerArn === 'lb-2') return { Listeners: [{ ListenerArn: 'lb-2/l-1' }] };
      return input.Marker ? { Listeners: [{ ListenerArn: 'lb-1/l-2' }] } : { Listeners: [{ ListenerArn: 'lb-1/l-1' }], NextMarker: 'n' };
    });
    // Act
    const ids: string[] = [];
    for await (const id of elbv2ListenerKind.enumerate(ctx)) ids.push(id);
    // Assess
    expect(ids).toEqual(['lb-1/l-1', 'lb-1/l-2', 'lb-2/l-1']);
    expect(elbv2).toHaveReceivedCommandTimes(DescribeLoadBalancersCommand, 2);
    expect(elbv2).toHaveReceivedCommandTimes(DescribeListenersCommand, 3);
  });
});

describe('elbv2ListenerKind.fromConfigItem / idsFromEvent', () => {
  it('builds the state from a listener Config item (load balancer scheme unknown there)', () => {
    const snapshot = elbv2ListenerKind.fromConfigItem!(listenerItem as ConfigItem);
    expect(snapshot?.source).toBe('config-item');
    expect(snapshot?.state).toMatchObject({ protocol: 'HTTP', port: 80, defaultActions: [{ type: 'forward' }], loadBalancer: { arn: LB } });
    expect(snapshot?.state?.loadBalancer.scheme).toBeUndefined();
  });

  it('defers an HTTP listener item that redirects by default: its rules are not in the item', () => {
    const redirecting = { ...listenerItem, configuration: { ...listenerItem.configuration, DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443' } }] } };
    expect(elbv2ListenerKind.fromConfigItem!(redirecting as ConfigItem)).toBeUndefined();
  });

  it('reports a deleted listener item and defers an item without a protocol', () => {
    expect(elbv2ListenerKind.fromConfigItem!({ ...listenerItem, configurationItemStatus: 'ResourceDeleted' } as ConfigItem)?.deleted).toBe(true);
    expect(elbv2ListenerKind.fromConfigItem!({ ...listenerItem, configuration: { Port: 80 } } as ConfigItem)).toBeUndefined();
  });

  it.skipIf(!hasCorpus)('reads the corpus listener item', () => {
    const snapshot = elbv2ListenerKind.fromConfigItem!(corpusConfigItem('rdk__AWS_ElasticLoadBalancingV2_Listener.json'));
    expect(snapshot?.state).toMatchObject({ protocol: 'HTTP', port: 80, defaultActions: [{ type: 'forward' }] });
  });

  it.each([
    ['CreateListener', ['arn:aws:elasticloadbalancing:us-east-2:111111111111:listener/app/test/abcd95d05fc9fc53/0000000000000446']],
    ['ModifyListener', ['arn:aws:elasticloadbalancing:us-east-2:111111111111:listener/app/test/abcd95d05fc9fc53/0000000000000446']],
    ['DeleteListener', [HTTP]],
    ['CreateRule', [HTTP]], // requestParameters.listenerArn
    ['ModifyRule', [HTTP]], // only ruleArn: its listener is in the ARN
    ['DeleteRule', [HTTP]], // the rule is gone, its ARN still names the listener
  ])('%s names the listener', (eventName, ids) => {
    expect(elbv2ListenerKind.idsFromEvent(recordFrom(events, eventName))).toEqual(ids);
  });

  it('ignores the load balancer ARN a CreateListener request also carries', () => {
    expect(elbv2ListenerKind.idsFromEvent(recordFrom(events, 'CreateListener')).some((id) => id.includes(':loadbalancer/'))).toBe(false);
  });
});
