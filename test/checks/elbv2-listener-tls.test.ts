import { describe, expect, it } from 'vitest';
import check, { policyMinTls } from '../../lib/checks/elbv2-listener-tls/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { Elbv2ListenerState } from '../../lib/model/states/elbv2.ts';
import states from '../fixtures/elbv2/listener-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const listeners = states as Record<string, Elbv2ListenerState>;

describe('elbv2-listener-tls', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['HTTPS with a TLS 1.3/1.2 policy', 'httpsTls13', 'pass', /^HTTPS:443 listener arn:.* uses ELBSecurityPolicy-TLS13-1-2-2021-06 \(TLS 1\.2\+\)$/],
    ['HTTPS with a forward-secrecy 1.2 policy', 'httpsFs12', 'pass', /ELBSecurityPolicy-FS-1-2-Res-2020-10 \(TLS 1\.2\+\)/],
    ['HTTPS with a TLS 1.3-only policy', 'httpsTls13Only', 'pass', /\(TLS 1\.3\+\)/],
    ['HTTPS with ELBSecurityPolicy-2016-08', 'httpsLegacy201608', 'fail', /uses ELBSecurityPolicy-2016-08, which still accepts TLS 1\.0 \(minimum is 1\.2\)/],
    ['TLS (NLB) with a TLS 1.1 policy', 'tlsNlbTls11', 'fail', /^TLS:443 listener .* ELBSecurityPolicy-TLS-1-1-2017-01, which still accepts TLS 1\.1/],
    ['HTTPS with an unknown policy name', 'httpsUnknownPolicy', 'fail', /ELBSecurityPolicy-Future-2030-01, not a known policy limited to TLS 1\.2\+/],
    ['HTTP that only redirects to HTTPS', 'httpRedirectsToHttps', 'pass', /^HTTP:80 listener .* only redirects to HTTPS$/],
    ['HTTP redirect whose rules all redirect to HTTPS', 'httpRedirectRulesAllRedirect', 'pass', /only redirects to HTTPS \(default action and 1 rule\(s\)\)$/],
    ['HTTP redirect with a forward rule', 'httpRedirectWithForwardRule', 'fail', /redirects to HTTPS by default, but 1 rule\(s\) serve plain HTTP \(priority 10: forward\)$/],
    ['HTTP redirect keeping the protocol', 'httpRedirectKeepsProtocol', 'fail', /serves plain HTTP \(default action: redirect to #\{protocol\}\)/],
    ['HTTP forward', 'httpForward', 'fail', /^HTTP:80 listener arn:aws:elasticloadbalancing:us-west-2:644160558196:listener\/app\/alb-1\/.* serves plain HTTP \(default action: forward\)$/],
    ['TCP pass-through', 'tcpPassThrough', 'not_applicable', /TCP:5432 listener .* does not terminate TLS/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, listeners[fixture]!.listenerArn, listeners[fixture]!);
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('fails a TLS 1.2 policy when settings require TLS 1.3', () => {
    const settings = { ...DEFAULT_SETTINGS, minTlsVersion: '1.3' as const };
    const finding = runCheck(check, snapshotOf(check, 'l', listeners.httpsTls13!), settings);
    expect(finding.result).toBe('fail');
    expect(finding.observed).toMatchObject({ policyMinTls: '1.2', requiredMinTls: '1.3' });
  });

  it('records the rules it judged and says error when the rules of a redirecting HTTP listener were not read', () => {
    // Prepare
    const withoutRules: Elbv2ListenerState = { ...listeners.httpRedirectWithForwardRule!, rules: undefined };
    // Act
    const judged = runCheck(check, snapshotOf(check, 'l', listeners.httpRedirectWithForwardRule!), DEFAULT_SETTINGS);
    const unread = runCheck(check, snapshotOf(check, 'l', withoutRules), DEFAULT_SETTINGS);
    // Assess
    expect(judged.observed.rules).toEqual(listeners.httpRedirectWithForwardRule!.rules);
    expect(unread.result).toBe('error');
    expect(unread.reason).toMatch(/its rules were not read/);
  });

  it('fails HTTPS without a policy', () => {
    const state: Elbv2ListenerState = { ...listeners.httpsTls13!, sslPolicy: undefined };
    const finding = runCheck(check, snapshotOf(check, 'l', state), DEFAULT_SETTINGS);
    expect(finding.result).toBe('fail');
    expect(finding.reason).toMatch(/has no TLS security policy/);
  });

  it.each([
    ['ELBSecurityPolicy-TLS13-1-2-Res-2021-06', '1.2'],
    ['ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04', '1.2'],
    ['ELBSecurityPolicy-TLS-1-2-Ext-2018-06', '1.2'],
    ['ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04', '1.3'],
    ['ELBSecurityPolicy-TLS13-1-1-2021-06', '1.1'],
    ['ELBSecurityPolicy-FS-1-1-2019-08', '1.1'],
    ['ELBSecurityPolicy-TLS13-1-0-2021-06', '1.0'],
    ['ELBSecurityPolicy-TLS-1-0-2015-04', '1.0'],
    ['ELBSecurityPolicy-2015-05', '1.0'],
    ['ELBSecurityPolicy-FS-2018-06', '1.0'],
    ['ELBSecurityPolicy-2016-08-extra', undefined],
  ])('policy %s accepts TLS %s and up', (policy, min) => {
    expect(policyMinTls(policy)).toBe(min);
  });

  it('is not_applicable for a deleted listener and error for a failed read', () => {
    const error = accessDenied('elasticloadbalancing:DescribeListeners');
    expect(runCheck(check, snapshotOf(check, 'l', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
    expect(runCheck(check, snapshotOf(check, 'l', undefined, { error }), DEFAULT_SETTINGS).result).toBe('error');
  });

  itHasValidMetadata(check, 'elbv2-listener-tls', { service: 'elasticloadbalancing', hasConfigRule: false });
});
