import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/vpc-flow-logs-enabled/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { VpcState } from '../../lib/model/states/ec2.ts';
import states from '../fixtures/ec2/vpc-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const vpcs = states as Record<string, VpcState>;

describe('vpc-flow-logs-enabled', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['an ACTIVE flow log delivering', 'activeAll', 'pass', /^vpc-0990dc6d has an active flow log: fl-0ef673ef70c4f07cc \(ALL\)$/],
    ['one failing and one delivering', 'oneFailedOneGood', 'pass', /fl-0000000000000000b \(REJECT\)$/],
    ['ACTIVE but delivery FAILED', 'activeButDeliveryFailed', 'fail', /vpc-0990dc6e has flow logs whose delivery FAILED.*fl-0e17aa62a21d4bbfe \(Access error\)/],
    ['no flow log', 'none', 'fail', /^vpc-d2d616b5 has no flow log$/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, vpcs[fixture]!.vpcId, vpcs[fixture]!);
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('fails on a flow log that is not ACTIVE, naming its status', () => {
    const state: VpcState = { vpcId: 'vpc-0990dc6d', isDefault: false, flowLogs: [{ flowLogId: 'fl-0ef673ef70c4f07cc', status: 'DELETING' }] };
    const finding = runCheck(check, snapshotOf(check, state.vpcId, state), DEFAULT_SETTINGS);
    expect(finding.result).toBe('fail');
    expect(finding.reason).toBe('vpc-0990dc6d has no ACTIVE flow log (fl-0ef673ef70c4f07cc: DELETING)');
  });

  it('is not_applicable for a deleted VPC', () => {
    expect(runCheck(check, snapshotOf(check, 'vpc-0gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when the read failed', () => {
    const error = accessDenied('ec2:DescribeFlowLogs', 'UnauthorizedOperation');
    const finding = runCheck(check, snapshotOf(check, 'vpc-0990dc6d', undefined, { error }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.reason).toMatch(/ec2:DescribeFlowLogs/);
  });

  itHasValidMetadata(check, 'vpc-flow-logs-enabled', { service: 'ec2' });
});
