import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/config-recorder-enabled/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { ConfigRecorderState } from '../../lib/model/states/config.ts';
import states from '../fixtures/config-service/recorder-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const recorders = states as Record<keyof typeof states, ConfigRecorderState>;
const ID = '111122223333:us-east-1';

describe('config-recorder-enabled', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['all supported types, recording', 'recordingAll', 'pass', /^recorder default records all supported resource types in account 111122223333 in us-east-1 and is recording$/],
    ['allSupported on a recorder older than recordingStrategy', 'legacyAllSupported', 'pass', /^recorder default records all supported/],
    ['recorder stopped', 'stopped', 'fail', /^recorder default is stopped \(account 111122223333 in us-east-1\)$/],
    ['no recorder', 'none', 'fail', /^no AWS Config configuration recorder in account 111122223333 in us-east-1$/],
    ['only a service-linked recorder', 'serviceLinkedOnly', 'fail', /only service-linked recorders: AWSConfigurationRecorderForSecurityHub/],
    ['an inclusion list', 'inclusionOnly', 'fail', /records only 2 resource type\(s\): AWS::S3::Bucket, AWS::EC2::SecurityGroup/],
    ['excluded types', 'exclusions', 'fail', /recorder default excludes AWS::RDS::DBInstance/],
    ['last recording failed', 'failing', 'fail', /last recording failed \(AccessDenied\)/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Act
    const finding = runCheck(check, snapshotOf(check, ID, recorders[fixture]), DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('is error when the recorders could not be read', () => {
    const finding = runCheck(check, snapshotOf(check, ID, undefined, { error: accessDenied('DescribeConfigurationRecorders') }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.reason).toMatch(/^ACCESS_DENIED: DescribeConfigurationRecorders was denied/);
  });

  it('is not_applicable for a deleted snapshot', () => {
    const finding = runCheck(check, snapshotOf(check, ID, undefined, { deleted: true }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('not_applicable');
  });

  itHasValidMetadata(check, 'config-recorder-enabled', { service: 'config', hasConfigRule: false });
});
