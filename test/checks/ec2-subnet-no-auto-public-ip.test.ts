import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/ec2-subnet-no-auto-public-ip/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { SubnetState } from '../../lib/model/states/ec2.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const PHI = { 'data-classification': 'ephi' };
/** A subnet as the collector reads it for this check alone: no route table was asked for. */
function subnet(mapPublicIpOnLaunch: boolean): SubnetState {
  return { subnetId: 'subnet-29428871', vpcId: 'vpc-0990dc6d', subnetTags: {}, vpcTags: PHI, routeTable: null, routes: [], mapPublicIpOnLaunch };
}

describe('ec2-subnet-no-auto-public-ip', () => {
  it.each<[string, boolean, Record<string, string>, Result, RegExp]>([
    ['PHI subnet that auto-assigns', true, PHI, 'fail', /^subnet-29428871 in vpc-0990dc6d assigns a public IPv4 address to every instance launched into it/],
    ['PHI subnet that does not', false, PHI, 'pass', /^subnet-29428871 in vpc-0990dc6d does not auto-assign public IPv4 addresses$/],
    ['public subnet outside PHI scope', true, { Name: 'public-a' }, 'not_applicable', /is not PHI-scoped/],
  ])('%s -> %s', (_name, mapPublicIpOnLaunch, tags, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, 'subnet-29428871', subnet(mapPublicIpOnLaunch), { tags });
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('judges an auto-assigning subnet as PHI-scoped when its VPC tags could not be read', () => {
    const tagsError = accessDenied('ec2:DescribeVpcs', 'UnauthorizedOperation');
    const finding = runCheck(check, snapshotOf(check, 'subnet-29428871', subnet(true), { tags: { Name: 'app-a' }, tagsError }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('fail');
    expect(finding.reason).toMatch(/PHI scope unknown: tags could not be read \(ACCESS_DENIED\), judged as PHI-scoped$/);
  });

  it('records the attribute it rests on', () => {
    const finding = runCheck(check, snapshotOf(check, 'subnet-29428871', subnet(true), { tags: PHI }), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({ subnetId: 'subnet-29428871', vpcId: 'vpc-0990dc6d', mapPublicIpOnLaunch: true });
  });

  it('is error when DescribeSubnets was denied', () => {
    const error = accessDenied('ec2:DescribeSubnets', 'UnauthorizedOperation');
    const finding = runCheck(check, snapshotOf(check, 'subnet-29428871', undefined, { error }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
  });

  it('is not_applicable for a deleted subnet', () => {
    expect(runCheck(check, snapshotOf(check, 'subnet-0gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  itHasValidMetadata(check, 'ec2-subnet-no-auto-public-ip', { service: 'ec2' });
});
