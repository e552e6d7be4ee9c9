import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/ec2-nacl-no-public-admin-ingress/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { NetworkAclState } from '../../lib/model/states/ec2.ts';
import states from '../fixtures/ec2/nacl-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const acls = states as Record<string, NetworkAclState>;

function judge(fixture: keyof typeof states, settings = DEFAULT_SETTINGS) {
  return runCheck(check, snapshotOf(check, acls[fixture]!.networkAclId, acls[fixture]!), settings);
}

describe('ec2-nacl-no-public-admin-ingress', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['the default ACL allows all inbound traffic', 'defaultAllowAll', 'fail', /^acl-b48fd1d0 \(default\): rule 100 allows 0\.0\.0\.0\/0 on all traffic$/],
    ['ssh from anywhere after an https rule', 'sshFromWorld', 'fail', /^acl-0a1b2c3d4e5f60002: rule 110 allows 0\.0\.0\.0\/0 on tcp\/22$/],
    ['lower-numbered denies of every source shadow the allows', 'lowerDenyShadowsAllow', 'pass', /rule 100 \(0\.0\.0\.0\/0\) is shadowed by deny rule 90; rule 101 \(::\/0\) is shadowed by deny rule 91$/],
    ['a deny numbered after the allow shadows nothing', 'denyAfterAllow', 'fail', /rule 100 allows 0\.0\.0\.0\/0 on tcp\/3000-3500 \(reaches 3306, 3389\)$/],
    ['a deny of part of the internet leaves the rest coming in', 'partialDeny', 'fail', /^acl-0a1b2c3d4e5f60005 \(associated with no subnet\): rule 100 allows 0\.0\.0\.0\/0 on tcp\/22$/],
    ['two /1 denies together cover every source (the UDP deny is not needed: the allow is TCP)', 'splitDenies', 'pass', /is shadowed by deny rules 10, 20$/],
    ['admin ports denied first, every other port open', 'adminDeniedRestOpen', 'fail', /rule 100 allows 0\.0\.0\.0\/0 on all traffic$/],
    ['an IPv4 deny does not shadow an IPv6 allow', 'ipv4DenyIpv6Allow', 'fail', /rule 100 allows ::\/0 on tcp\/5432$/],
    ['private ranges, ephemeral ports above the admin ports, egress', 'privateOnly', 'pass', /^acl-0a1b2c3d4e5f60009 allows no internet ingress on all traffic or to admin ports \(22, 3389/],
    ['an inbound 1024-65535 rule from anywhere reaches database ports', 'ephemeralFromWorld', 'fail', /rule 140 allows 0\.0\.0\.0\/0 on tcp\/1024-65535 \(reaches 1433, 1521, 3306, 3389, 5432/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Act
    const finding = judge(fixture);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('names each exposing rule and each shadowed one in observed', () => {
    const open = judge('adminDeniedRestOpen');
    expect(open.observed.publicIngressRules).toEqual([{ ruleNumber: 100, cidr: '0.0.0.0/0', protocol: '-1', allTraffic: true, adminPorts: [] }]);
    const shadowed = judge('lowerDenyShadowsAllow');
    expect(shadowed.observed).toMatchObject({ publicIngressRules: [], shadowedAllowRules: [{ ruleNumber: 100, deniedBy: [90] }, { ruleNumber: 101, deniedBy: [91] }] });
  });

  it('follows settings.adminPorts', () => {
    const finding = judge('privateOnly', { ...DEFAULT_SETTINGS, adminPorts: [22, 50000] });
    expect(finding.result).toBe('fail');
    expect(finding.reason).toMatch(/rule 110 allows 0\.0\.0\.0\/0 on tcp\/32768-65535 \(reaches 50000\)/);
  });

  it('is not_applicable for a deleted ACL', () => {
    expect(runCheck(check, snapshotOf(check, 'acl-0gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when DescribeNetworkAcls was denied', () => {
    const error = accessDenied('ec2:DescribeNetworkAcls', 'UnauthorizedOperation');
    const finding = runCheck(check, snapshotOf(check, 'acl-b48fd1d0', undefined, { error }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
  });

  itHasValidMetadata(check, 'ec2-nacl-no-public-admin-ingress', { service: 'ec2', hasConfigRule: false });
});
