import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/ec2-instance-no-public-ip/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { InstanceState } from '../../lib/model/states/ec2.ts';
import states from '../fixtures/ec2/instance-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const instances = states as Record<string, InstanceState>;
const PHI = { 'data-classification': 'PHI' };

describe('ec2-instance-no-public-ip', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['private instance', 'private', 'pass', /^i-0a1b2c3d4e5f60001 \(running\) has no public IPv4 address$/],
    ['address auto-assigned at launch', 'autoAssigned', 'fail', /^i-007d374c8912e3e90 \(running\) has a public IPv4 address: 54\.175\.43\.43 on eni-fde9493f \(assigned by AWS\)$/],
    ['Elastic IP on a secondary private address', 'elasticIpOnSecondary', 'fail', /203\.0\.113\.25 on eni-0a1b2c3d4e5f60b02 \(Elastic IP\)/],
    ['stopped, Elastic IP kept', 'stoppedWithElasticIp', 'fail', /\(stopped\) has a public IPv4 address: 198\.51\.100\.7/],
    ['stopped, no address', 'stoppedNoAddress', 'pass', /\(stopped\) has no public IPv4 address/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, instances[fixture]!.instanceId, instances[fixture]!, { tags: PHI });
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('is not_applicable for an instance outside PHI scope, even a public one', () => {
    const finding = runCheck(check, snapshotOf(check, 'i-007d374c8912e3e90', instances.autoAssigned!, { tags: { Name: 'web' } }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('not_applicable');
    expect(finding.phiScoped).toBe(false);
  });

  it('keeps every address and where it sits in observed', () => {
    const finding = runCheck(check, snapshotOf(check, 'i-0a1b2c3d4e5f60003', instances.elasticIpOnSecondary!, { tags: PHI }), DEFAULT_SETTINGS);
    expect(finding.observed).toMatchObject({ instanceId: 'i-0a1b2c3d4e5f60003', subnetId: 'subnet-38c20312', publicIps: [{ publicIp: '203.0.113.25', privateIp: '10.0.1.57', ipOwnerId: '111122223333' }] });
  });

  it('is not_applicable for a terminated instance', () => {
    expect(runCheck(check, snapshotOf(check, 'i-0gone', undefined, { deleted: true, tags: PHI }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when DescribeInstances was denied', () => {
    const error = accessDenied('ec2:DescribeInstances', 'UnauthorizedOperation');
    const finding = runCheck(check, snapshotOf(check, 'i-0a1b2c3d4e5f60001', undefined, { error }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.reason).toMatch(/^ACCESS_DENIED: ec2:DescribeInstances was denied/);
  });

  itHasValidMetadata(check, 'ec2-instance-no-public-ip', { service: 'ec2' });
});
