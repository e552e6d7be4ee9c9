import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/kms-key-rotation-enabled/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { KmsKeyState } from '../../lib/model/states/kms.ts';
import states from '../fixtures/kms/key-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const keys = states as Record<keyof typeof states, KmsKeyState>;
const of = (name: keyof typeof states) => snapshotOf(check, keys[name].keyId, keys[name]);

describe('kms-key-rotation-enabled', () => {
  it.each<[string, Result, Snapshot<KmsKeyState>, RegExp]>([
    ['rotation on', 'pass', of('rotating'), /^KMS key 1234abcd-\S+ has automatic rotation enabled every 365 days$/],
    ['rotation off', 'fail', of('notRotating'), /^KMS key 1234abcd-\S+ has automatic rotation disabled$/],
    ['a disabled key, even with rotation on', 'fail', of('disabled'), /^KMS key 1234abcd-\S+ is disabled/],
    ['a key pending deletion', 'fail', of('pendingDeletion'), /is scheduled for deletion on 2024-06-01T00:00:00\.000Z/],
    ['an AWS-managed key', 'not_applicable', of('awsManaged'), /0987dcba-\S+ is AWS managed: AWS rotates it every year/],
    ['an asymmetric key', 'not_applicable', of('asymmetric'), /mrk-rsa-signing is a RSA_2048 key \(asymmetric or HMAC\)/],
    ['an HMAC key', 'not_applicable', of('hmac'), /hmac-key is a HMAC_256 key/],
    ['imported key material', 'not_applicable', of('importedMaterial'), /imported-key holds imported key material/],
    ['rotation status never read', 'error', of('rotationUnread'), /rotation status of KMS key 1234abcd-\S+ was not read/],
    ['a deleted key', 'not_applicable', snapshotOf(check, 'gone', undefined, { deleted: true }), /gone was deleted/],
    ['a failed read', 'error', snapshotOf(check, 'k', undefined, { error: accessDenied('GetKeyRotationStatus') }), /^ACCESS_DENIED: GetKeyRotationStatus was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('records key state and deletion date in observed', () => {
    const finding = runCheck(check, of('pendingDeletion'), DEFAULT_SETTINGS);
    expect(finding.observed).toMatchObject({ keyState: 'PendingDeletion', deletionDate: '2024-06-01T00:00:00.000Z', keyManager: 'CUSTOMER' });
  });

  itHasValidMetadata(check, 'kms-key-rotation-enabled', { service: 'kms', hasConfigRule: false });
});
