import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/ebs-default-encryption/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { EbsDefaultEncryptionState } from '../../lib/model/states/ec2.ts';
import states from '../fixtures/ec2/ebs-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const ebs = states as unknown as Record<string, EbsDefaultEncryptionState>;
const ID = '111122223333:us-east-1';

describe('ebs-default-encryption', () => {
  it.each<[string, 'defaultOn' | 'defaultOnCmk' | 'defaultOff', Result, RegExp]>([
    ['on with the AWS-managed key', 'defaultOn', 'pass', /^EBS encryption by default is on for account 111122223333 in us-east-1 with alias\/aws\/ebs$/],
    ['on with a customer key', 'defaultOnCmk', 'pass', /with arn:aws:kms:us-east-1:111122223333:key\//],
    ['off', 'defaultOff', 'fail', /^EBS encryption by default is off for account 111122223333 in us-east-1/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, ID, ebs[fixture]!);
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    expect(finding.observed).toEqual({ encryptedByDefault: ebs[fixture]!.encryptedByDefault, kmsKeyId: ebs[fixture]!.kmsKeyId });
  });

  it('is not_applicable when the snapshot says the resource is gone', () => {
    expect(runCheck(check, snapshotOf(check, ID, undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when the read failed', () => {
    const error = accessDenied('ec2:GetEbsEncryptionByDefault', 'UnauthorizedOperation');
    const finding = runCheck(check, snapshotOf(check, ID, undefined, { error }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.reason).toMatch(/ACCESS_DENIED: ec2:GetEbsEncryptionByDefault was denied/);
  });

  itHasValidMetadata(check, 'ebs-default-encryption', { service: 'ec2' });
});
