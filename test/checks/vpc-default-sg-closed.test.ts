import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/vpc-default-sg-closed/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { SecurityGroupState } from '../../lib/model/states/ec2.ts';
import states from '../fixtures/ec2/sg-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const sg = states as Record<string, SecurityGroupState>;
const ACCESS_DENIED = accessDenied('ec2:DescribeSecurityGroups', 'UnauthorizedOperation');

describe('vpc-default-sg-closed', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['default group as AWS creates it', 'defaultAsCreated', 'fail', /^default security group sg-a5636cde of vpc-435ac924 has 1 inbound and 1 outbound rule\(s\)$/],
    ['default group with egress left', 'defaultEgressOnly', 'fail', /has 0 inbound and 1 outbound rule/],
    ['default group emptied', 'defaultClosed', 'pass', /^default security group sg-6c7fa917 of vpc-d2d616b5 has no inbound or outbound rules$/],
    ['a non-default group, even wide open', 'allProtocolsOpen', 'not_applicable', /sg-0a1b2c3d4e5f60005 \(wide-open\) is not a VPC default security group/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, sg[fixture]!.groupId, sg[fixture]!);
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('is error when the read failed', () => {
    const finding = runCheck(check, snapshotOf(check, 'sg-a5636cde', undefined, { error: ACCESS_DENIED }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
  });

  itHasValidMetadata(check, 'vpc-default-sg-closed', { service: 'ec2' });
});
