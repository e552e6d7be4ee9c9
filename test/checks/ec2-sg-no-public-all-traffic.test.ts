import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/ec2-sg-no-public-all-traffic/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { SecurityGroupState } from '../../lib/model/states/ec2.ts';
import states from '../fixtures/ec2/sg-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const sg = states as Record<string, SecurityGroupState>;
const ACCESS_DENIED = accessDenied('ec2:DescribeSecurityGroups', 'UnauthorizedOperation');

describe('ec2-sg-no-public-all-traffic', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['protocol -1 from 0.0.0.0/0', 'allProtocolsOpen', 'fail', /sg-0a1b2c3d4e5f60005 \(wide-open\) allows 0\.0\.0\.0\/0 on all traffic/],
    ['tcp 0-65535 from ::/0', 'allTcpPortsIpv6', 'fail', /allows ::\/0 on tcp\/0-65535/],
    ['udp 1-65535 counts as all ports', 'allUdpFromOne', 'fail', /0\.0\.0\.0\/0 on udp\/1-65535/],
    ['single public ports only', 'sshOpenToWorld', 'pass', /launch-wizard-7\) allows no ingress from the internet on all ports/],
    ['a public range that is not every port', 'databaseRangeOpenIpv6', 'pass', /allows no ingress from the internet/],
    ['protocol -1 only from a group reference', 'privateOnly', 'pass', /sg-2f8e3b5e/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, sg[fixture]!.groupId, sg[fixture]!);
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('keeps the offending rules in observed', () => {
    const finding = runCheck(check, snapshotOf(check, 'sg-0a1b2c3d4e5f60005', sg.allProtocolsOpen!), DEFAULT_SETTINGS);
    expect(finding.observed.allTrafficRules).toEqual([{ cidr: '0.0.0.0/0', protocol: '-1' }]);
  });

  it('is not_applicable for a deleted group', () => {
    expect(runCheck(check, snapshotOf(check, 'sg-0gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when the read failed', () => {
    const finding = runCheck(check, snapshotOf(check, 'sg-0a1b2c3d4e5f60005', undefined, { error: ACCESS_DENIED }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.observed.error).toEqual(ACCESS_DENIED);
  });

  itHasValidMetadata(check, 'ec2-sg-no-public-all-traffic', { service: 'ec2', hasConfigRule: false });
});
