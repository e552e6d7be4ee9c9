import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/ebs-volume-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { EbsVolumeState } from '../../lib/model/states/ec2.ts';
import states from '../fixtures/ec2/ebs-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const volumes = states as unknown as Record<string, EbsVolumeState>;

describe('ebs-volume-encrypted', () => {
  it.each<[string, 'volumeEncrypted' | 'volumeUnencryptedAttached' | 'volumeUnencryptedAvailable', Result, RegExp]>([
    ['encrypted with a KMS key', 'volumeEncrypted', 'pass', /^vol-a416b170 is encrypted with arn:aws:kms:/],
    ['unencrypted and attached', 'volumeUnencryptedAttached', 'fail', /^vol-0f53c81b92b4ecfce is not encrypted \(attached to i-0aaaaec4b77188b69\)$/],
    ['unencrypted and unattached', 'volumeUnencryptedAvailable', 'fail', /^vol-06fb3a30a68993a66 is not encrypted$/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, volumes[fixture]!.volumeId, volumes[fixture]!);
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    expect(finding.observed.encrypted).toBe(volumes[fixture]!.encrypted);
  });

  it('is not_applicable for a deleted volume', () => {
    expect(runCheck(check, snapshotOf(check, 'vol-0gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when the read failed', () => {
    const error = accessDenied('ec2:DescribeVolumes', 'UnauthorizedOperation');
    expect(runCheck(check, snapshotOf(check, 'vol-a416b170', undefined, { error }), DEFAULT_SETTINGS).result).toBe('error');
  });

  itHasValidMetadata(check, 'ebs-volume-encrypted', { service: 'ec2', hasConfigRule: false });
});
