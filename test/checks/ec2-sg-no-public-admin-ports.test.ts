import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/ec2-sg-no-public-admin-ports/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { SecurityGroupState } from '../../lib/model/states/ec2.ts';
import states from '../fixtures/ec2/sg-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const sg = states as Record<string, SecurityGroupState>;
const ACCESS_DENIED = accessDenied('ec2:DescribeSecurityGroups', 'UnauthorizedOperation');

describe('ec2-sg-no-public-admin-ports', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['ssh open to 0.0.0.0/0', 'sshOpenToWorld', 'fail', /sg-0a1b2c3d4e5f60001 \(launch-wizard-7\) allows 0\.0\.0\.0\/0 on tcp\/22$/],
    ['a tcp range over postgres from ::/0', 'databaseRangeOpenIpv6', 'fail', /::\/0 on tcp\/5000-5500 \(reaches 5432, 5439\)/],
    ['a /0 CIDR with host bits set', 'slashZeroHostBits', 'fail', /208\.236\.235\.254\/0 on tcp\/22/],
    ['RDP over UDP', 'rdpOverUdp', 'fail', /0\.0\.0\.0\/0 on udp\/3389/],
    ['all traffic covers every admin port', 'allProtocolsOpen', 'fail', /0\.0\.0\.0\/0 on all traffic \(reaches 22, 3389/],
    ['DNS over UDP is not an admin port', 'dnsOverUdp', 'pass', /allows no ingress from the internet to admin ports/],
    ['private CIDR, prefix list and group references only', 'privateOnly', 'pass', /sg-2f8e3b5e .* allows no ingress/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, sg[fixture]!.groupId, sg[fixture]!);
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('names the CIDR, protocol and ports it rests on in observed', () => {
    const finding = runCheck(check, snapshotOf(check, 'sg-0a1b2c3d4e5f60001', sg.sshOpenToWorld!), DEFAULT_SETTINGS);
    expect(finding.observed.publicAdminRules).toEqual([{ cidr: '0.0.0.0/0', protocol: 'tcp', fromPort: 22, toPort: 22, adminPorts: [22] }]);
  });

  it('follows settings.adminPorts', () => {
    const settings = { ...DEFAULT_SETTINGS, adminPorts: [443] };
    const finding = runCheck(check, snapshotOf(check, 'sg-0a1b2c3d4e5f60001', sg.sshOpenToWorld!), settings);
    expect(finding.result).toBe('fail');
    expect(finding.reason).toMatch(/0\.0\.0\.0\/0 on tcp\/443; ::\/0 on tcp\/443/);
    expect(finding.reason).not.toMatch(/tcp\/22/);
  });

  it('is not_applicable for a deleted group', () => {
    const finding = runCheck(check, snapshotOf(check, 'sg-0gone', undefined, { deleted: true }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('not_applicable');
  });

  it('is error when the read failed', () => {
    const finding = runCheck(check, snapshotOf(check, 'sg-0a1b2c3d4e5f60001', undefined, { error: ACCESS_DENIED }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.reason).toMatch(/ACCESS_DENIED: ec2:DescribeSecurityGroups was denied/);
  });

  itHasValidMetadata(check, 'ec2-sg-no-public-admin-ports', { service: 'ec2', hasConfigRule: false });
});
