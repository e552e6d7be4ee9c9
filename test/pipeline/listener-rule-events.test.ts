/**
 * Listener rule events through the real router, check and collector with a mocked ELBv2 client:
 * ModifyRule and DeleteRule name only the rule, and the verdict is the listener's, rules included.
 */
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { createAwsClients } from '../../lib/collectors/clients.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { evaluateTrigger } from '../../lib/pipeline/evaluate.ts';
import { mockedClient, sdkError, TEST_CREDENTIALS } from '../fixtures/collectors/ctx.ts';
import { fixture, triggerOf } from '../events/helpers.ts';

const elbv2 = mockedClient(ElasticLoadBalancingV2Client);

const LB = 'arn:aws:elasticloadbalancing:us-east-2:111122223333:loadbalancer/app/web/50dc6c495c0c9188';
const LISTENER = 'arn:aws:elasticloadbalancing:us-east-2:111122223333:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2';
const RULE = 'arn:aws:elasticloadbalancing:us-east-2:111122223333:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2';
const TO_HTTPS = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };

/** An HTTP:80 listener that redirects to HTTPS by default, with these rules besides the default one. */
function mockListener(rules: Array<{ RuleArn: string; Priority: string; Actions: object[] }>): void {
  elbv2.on(DescribeListenersCommand, { ListenerArns: [LISTENER] }).resolves({
    Listeners: [{ ListenerArn: LISTENER, LoadBalancerArn: LB, Port: 80, Protocol: 'HTTP', DefaultActions: [TO_HTTPS] }],
  } as never);
  elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: LB, LoadBalancerName: 'web', Scheme: 'internet-facing', Type: 'application' }] } as never);
  elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [] });
  elbv2.on(DescribeRulesCommand, { ListenerArn: LISTENER }).resolves({
    Rules: [...rules.map((r) => ({ ...r, IsDefault: false })), { RuleArn: `${RULE}/0default0000000`, Priority: 'default', Actions: [TO_HTTPS], IsDefault: true }],
  } as never);
}

async function evaluate(name: string) {
  const trigger = triggerOf(parseInput(fixture(`removal/${name}`), name)[0]);
  const deps = {
    clientsFor: (_account: string, region: string) => createAwsClients(region, { credentials: TEST_CREDENTIALS }),
    settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: SNAPSHOT_KINDS, functionName: 'cloudtrail-event',
  };
  return (await evaluateTrigger(trigger, deps)).records.map((r) => ({ check: r.check.id, resource: r.resource.id, result: r.result, reason: r.reason }));
}

describe('listener rule events', () => {
  it('ModifyRule to a forward action fails the HTTP listener that otherwise redirects to HTTPS', async () => {
    // Prepare
    mockListener([{ RuleArn: `${RULE}/9683b2d02a6cabee`, Priority: '10', Actions: [{ Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-2:111122223333:targetgroup/web-targets/73e2d6bc24d8a067' }] }]);
    // Act
    const records = await evaluate('elbv2-modify-rule.json');
    // Assess
    expect(records).toEqual([
      { check: 'elbv2-listener-tls', resource: LISTENER, result: 'fail', reason: expect.stringMatching(/redirects to HTTPS by default, but 1 rule\(s\) serve plain HTTP \(priority 10: forward\)$/) },
    ]);
  });

  it('DeleteRule (the rule is gone) re-evaluates its listener: the rules left all redirect, so it passes', async () => {
    // Prepare
    mockListener([{ RuleArn: `${RULE}/1291d13826f405c3`, Priority: '5', Actions: [TO_HTTPS] }]);
    // Act
    const records = await evaluate('elbv2-delete-rule.json');
    // Assess
    expect(records).toEqual([{ check: 'elbv2-listener-tls', resource: LISTENER, result: 'pass', reason: expect.stringMatching(/only redirects to HTTPS \(default action and 1 rule\(s\)\)$/) }]);
  });

  it('a denied DescribeRules is an error record, not a pass on the default action alone', async () => {
    // Prepare
    mockListener([]);
    elbv2.on(DescribeRulesCommand).rejects(sdkError('AccessDenied', 'User is not authorized to perform: elasticloadbalancing:DescribeRules'));
    // Act
    const records = await evaluate('elbv2-modify-rule.json');
    // Assess
    expect(records).toEqual([{ check: 'elbv2-listener-tls', resource: LISTENER, result: 'error', reason: expect.stringMatching(/elasticloadbalancing:DescribeRules/) }]);
  });
});
