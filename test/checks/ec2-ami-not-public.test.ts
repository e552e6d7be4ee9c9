import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/ec2-ami-not-public/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { ImageState } from '../../lib/model/states/ec2.ts';
import states from '../fixtures/ec2/image-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const images = states as Record<string, ImageState>;

describe('ec2-ami-not-public', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['private, new public sharing blocked', 'privateBlocked', 'pass', /^ami-0a1b2c3d4e5f60001 \(clinic-app-2024-06\) is private \(image block public access in us-east-1 is block-new-sharing\)$/],
    ['private, but block public access is off', 'privateUnblocked', 'fail', /^ami-0a1b2c3d4e5f60002 \(build-base\) is private, but image block public access in us-east-1 is unblocked/],
    ['public', 'publicUnblocked', 'fail', /^ami-011213ff2fc95b6f6 \(ehr-server\) is public: any AWS account can launch it/],
    // Trap: blocking new sharing never unpublishes an AMI that is already public.
    ['public although new sharing is blocked', 'publicBlocked', 'fail', /^ami-0a1b2c3d4e5f60004 is public: .* block-new-sharing\)$/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, images[fixture]!.imageId, images[fixture]!);
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('records publicity, image state and the region setting', () => {
    const finding = runCheck(check, snapshotOf(check, 'ami-0a1b2c3d4e5f60004', images.publicBlocked!), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({ imageId: 'ami-0a1b2c3d4e5f60004', public: true, imageState: 'disabled', blockPublicAccess: { state: 'block-new-sharing', managedBy: 'declarative-policy' } });
  });

  it('is not_applicable for a deregistered AMI', () => {
    const finding = runCheck(check, snapshotOf(check, 'ami-0gone', undefined, { deleted: true }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('not_applicable');
  });

  it('is error when the region setting could not be read', () => {
    const error = accessDenied('ec2:GetImageBlockPublicAccessState', 'UnauthorizedOperation');
    const finding = runCheck(check, snapshotOf(check, 'ami-0a1b2c3d4e5f60001', undefined, { error }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.reason).toMatch(/^ACCESS_DENIED: ec2:GetImageBlockPublicAccessState was denied/);
  });

  itHasValidMetadata(check, 'ec2-ami-not-public', { service: 'ec2', hasConfigRule: false });
});
