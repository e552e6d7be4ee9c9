import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/ec2-phi-subnet-no-igw-route/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { SubnetState } from '../../lib/model/states/ec2.ts';
import states from '../fixtures/ec2/subnet-states.json' with { type: 'json' };
import { itHasValidMetadata, snapshotOf, throttled } from '../fixtures/checks/harness.ts';

const subnets = states as Record<string, SubnetState>;
const PHI = { 'data-classification': 'ephi' };

describe('ec2-phi-subnet-no-igw-route', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['0.0.0.0/0 to an igw via the main table', 'publicViaMain', 'fail', /^subnet-29428871 routes 0\.0\.0\.0\/0 -> igw-a5f227c1 via main route table rtb-50b9b034$/],
    ['::/0 to a detached igw (blackhole)', 'ipv6ToIgwBlackhole', 'fail', /::\/0 -> igw-a5f227c1 \(blackhole\) via route table rtb-0c1d2e3f4a5b6c7d8/],
    ['default route to NAT; igw only for a private range', 'privateViaNat', 'pass', /^subnet-38c20312 has no default route to an internet gateway \(route table rtb-0a1b2c3d4e5f6a7b8\)$/],
    ['no route table found at all', 'noRouteTable', 'error', /no route table .* subnet-e83ba2d5/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Prepare: PHI-scoped, as the collector merges subnet and VPC tags
    const snapshot = snapshotOf(check, subnets[fixture]!.subnetId, subnets[fixture]!, { tags: PHI });
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('is not_applicable for a subnet outside PHI scope, even a public one', () => {
    const snapshot = snapshotOf(check, 'subnet-29428871', subnets.publicViaMain!, { tags: { Name: 'public-a' } });
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    expect(finding.result).toBe('not_applicable');
    expect(finding.phiScoped).toBe(false);
  });

  it('keeps the offending routes in observed', () => {
    const finding = runCheck(check, snapshotOf(check, 'subnet-29428871', subnets.publicViaMain!, { tags: PHI }), DEFAULT_SETTINGS);
    expect(finding.observed).toMatchObject({ routeTableId: 'rtb-50b9b034', association: 'main', igwRoutes: [{ destination: '0.0.0.0/0', target: 'igw-a5f227c1' }] });
  });

  it('is error when the read failed', () => {
    const error = throttled('ec2:DescribeRouteTables');
    const finding = runCheck(check, snapshotOf(check, 'subnet-29428871', undefined, { tags: PHI, error }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.reason).toMatch(/THROTTLED: ec2:DescribeRouteTables was throttled/);
  });

  itHasValidMetadata(check, 'ec2-phi-subnet-no-igw-route', { service: 'ec2', hasConfigRule: false });
});
