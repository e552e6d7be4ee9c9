import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/eks-cluster-endpoint-private/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { EksClusterState } from '../../lib/model/states/eks.ts';
import states from '../fixtures/eks/cluster-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const clusters = states as Record<keyof typeof states, EksClusterState>;

describe('eks-cluster-endpoint-private', () => {
  it.each<[string, Result, Snapshot<EksClusterState>, RegExp]>([
    ['a private endpoint', 'pass', snapshotOf(check, 'clinical-apps', clusters.privateOnly), /^cluster clinical-apps API endpoint is private/],
    ['public only to allow-listed ranges', 'pass', snapshotOf(check, 'partner-api', clusters.publicAllowListed), /^cluster partner-api API endpoint is public only to 203\.0\.113\.0\/24, 198\.51\.100\.17\/32$/],
    ['public to 0.0.0.0/0 (the EKS default)', 'fail', snapshotOf(check, 'dev-sandbox', clusters.publicDefault), /^cluster dev-sandbox API endpoint is public to the whole internet \(0\.0\.0\.0\/0\)$/],
    ['public with no CIDR list', 'fail', snapshotOf(check, 'no-list', clusters.publicNoCidrs), /public with no CIDR restriction/],
    ['an allow-list that also holds ::/0', 'fail', snapshotOf(check, 'dual-stack', clusters.publicIpv6World), /whole internet \(::\/0\)$/],
    ['a /0 written with host bits', 'fail', snapshotOf(check, 'odd-zero', clusters.publicOddZero), /whole internet \(10\.1\.2\.3\/0\)$/],
    ['a deleted cluster', 'not_applicable', snapshotOf(check, 'dev-sandbox', undefined, { deleted: true }), /dev-sandbox was deleted/],
    ['a denied DescribeCluster', 'error', snapshotOf(check, 'dev-sandbox', undefined, { error: accessDenied('eks:DescribeCluster', 'AccessDeniedException') }), /^ACCESS_DENIED: eks:DescribeCluster was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('records the endpoint flags and the allow-list', () => {
    const finding = runCheck(check, snapshotOf(check, 'partner-api', clusters.publicAllowListed), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({
      clusterName: 'partner-api', endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['203.0.113.0/24', '198.51.100.17/32'],
    });
  });

  itHasValidMetadata(check, 'eks-cluster-endpoint-private', { service: 'eks', hasConfigRule: false });
});
