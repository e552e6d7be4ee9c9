import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/efs-file-system-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { EfsFileSystemState } from '../../lib/model/states/efs.ts';
import fixtures from '../fixtures/efs/states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const states = fixtures as Record<string, EfsFileSystemState>;
const PHI = { 'data-classification': 'ephi' };

describe('efs-file-system-encrypted', () => {
  it.each<[string, string, Record<string, string>, Result, RegExp]>([
    ['encrypted with a KMS key', 'encryptedWithKey', PHI, 'pass', /^EFS file system fs-0a1b2c3d4e5f60718 \(imaging-share\) is encrypted at rest with KMS key arn:aws:kms:/],
    ['unencrypted', 'unencrypted', {}, 'fail', /^EFS file system fs-0f1e2d3c4b5a69788 \(build-cache\) is not encrypted at rest, and EFS cannot encrypt it in place/],
    ['unencrypted, PHI-scoped and unnamed', 'unencryptedUnnamed', PHI, 'fail', /^EFS file system fs-01234567890abcdef is not encrypted/],
  ])('%s -> %s', (_name, fixture, tags, expected, reason) => {
    // Prepare
    const state = states[fixture]!;
    // Act
    const finding = runCheck(check, snapshotOf(check, state.fileSystemId, state, { tags }), DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    expect(finding.observed).toMatchObject({ fileSystemId: state.fileSystemId, encrypted: state.encrypted, kmsKeyId: state.kmsKeyId });
  });

  it('judges every file system alike: PHI scope is recorded, not required', () => {
    const finding = runCheck(check, snapshotOf(check, 'fs-0f1e2d3c4b5a69788', states.unencrypted!, { tags: PHI }), DEFAULT_SETTINGS);
    expect(finding).toMatchObject({ result: 'fail', phiScoped: true });
  });

  it('is not_applicable for a deleted file system', () => {
    const finding = runCheck(check, snapshotOf(check, 'fs-0f1e2d3c4b5a69788', undefined, { deleted: true }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('not_applicable');
  });

  it('is error, with the code, when DescribeFileSystems is denied', () => {
    const error = accessDenied('elasticfilesystem:DescribeFileSystems', 'AccessDeniedException');
    const finding = runCheck(check, snapshotOf(check, 'fs-0a1b2c3d4e5f60718', undefined, { error }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.observed).toMatchObject({ error: { code: 'ACCESS_DENIED' } });
  });

  itHasValidMetadata(check, 'efs-file-system-encrypted', { service: 'elasticfilesystem' });
});
