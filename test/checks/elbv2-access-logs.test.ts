import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/elbv2-access-logs/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { Elbv2LoadBalancerState } from '../../lib/model/states/elbv2.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/portal/50dc6c495c0c9188';
const alb = (accessLogs: Elbv2LoadBalancerState['accessLogs']): Elbv2LoadBalancerState => ({ loadBalancerArn: ARN, name: 'portal', type: 'application', scheme: 'internet-facing', accessLogs });
const nlb = (listenerProtocols: string[]): Elbv2LoadBalancerState => ({ loadBalancerArn: ARN.replace('/app/', '/net/'), name: 'ingest', type: 'network', accessLogs: { enabled: false }, listenerProtocols });

describe('elbv2-access-logs', () => {
  it.each<[string, Elbv2LoadBalancerState, Result, RegExp]>([
    ['ALB logging to S3', alb({ enabled: true, bucket: 'elb-logs', prefix: 'portal' }), 'pass', /^portal writes access logs to s3:\/\/elb-logs\/portal$/],
    ['ALB with logging off', alb({ enabled: false }), 'fail', /^portal \(application\) has access logging off$/],
    ['ALB with a bucket set but logging off', alb({ enabled: false, bucket: 'elb-logs' }), 'fail', /access logging off/],
    ['NLB with a TLS listener and logging off', nlb(['TCP', 'TLS']), 'fail', /Network Load Balancer with a TLS listener/],
    ['NLB with only TCP listeners (its logs would record nothing)', nlb(['TCP', 'UDP']), 'not_applicable', /without a TLS listener \(TCP, UDP\)/],
    ['NLB without listeners', nlb([]), 'not_applicable', /\(none\)/],
    ['NLB logging to S3', { ...nlb(['TLS']), accessLogs: { enabled: true, bucket: 'nlb-logs' } }, 'pass', /writes access logs to s3:\/\/nlb-logs$/],
    ['Gateway Load Balancer', { loadBalancerArn: ARN.replace('/app/', '/gwy/'), type: 'gateway', accessLogs: { enabled: false } }, 'not_applicable', /Gateway Load Balancer/],
    ['NLB with logging off whose listeners were not read', { ...nlb([]), listenerProtocols: undefined }, 'error', /listeners .* were not read/],
  ])('%s -> %s', (_name, state, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, state.loadBalancerArn, state);
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    expect(finding.observed.accessLogs).toEqual(state.accessLogs);
  });

  it('is not_applicable for a deleted load balancer', () => {
    expect(runCheck(check, snapshotOf(check, ARN, undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error with the code when the attribute read was denied', () => {
    // Prepare
    const error = accessDenied('elasticloadbalancing:DescribeLoadBalancerAttributes');
    // Act
    const finding = runCheck(check, snapshotOf(check, ARN, undefined, { error }), DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe('error');
    expect(finding.observed.error).toMatchObject({ code: 'ACCESS_DENIED' });
  });

  it('keeps the verdict when only the tags could not be read', () => {
    const snapshot = snapshotOf(check, ARN, alb({ enabled: false }), { tagsError: accessDenied('elasticloadbalancing:DescribeTags') });
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    expect(finding.result).toBe('fail');
    expect(finding.observed.unreadable).toEqual([expect.objectContaining({ operation: 'elasticloadbalancing:DescribeTags' })]);
  });

  itHasValidMetadata(check, 'elbv2-access-logs', { service: 'elasticloadbalancing', hasConfigRule: false });
});
