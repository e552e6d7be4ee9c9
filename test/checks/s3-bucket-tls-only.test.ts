import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/s3-bucket-tls-only/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { S3BucketState } from '../../lib/model/states/s3.ts';
import { itHasValidMetadata } from '../fixtures/checks/harness.ts';
import states from '../fixtures/s3/bucket-states.json' with { type: 'json' };
import { bucketSnapshots } from '../fixtures/s3/bucket-snapshot.ts';

const ID = 's3-bucket-tls-only';

const { snapshot, unreadable: bucketUnreadable } = bucketSnapshots(check);

describe(ID, () => {
  it.each<[string, Snapshot<S3BucketState>, Result, RegExp]>([
    ['Deny s3:* on bucket and objects when aws:SecureTransport is "false"', snapshot(states.hardened), 'pass', /claims-scans policy denies requests without TLS .*\(DenyInsecureTransport\)/],
    ['BoolIfExists with boolean false, Principal {AWS: *}, single Statement object', snapshot(states.tlsBoolIfExistsBoolean), 'pass', /denies requests without TLS/],
    ['no bucket policy', snapshot(states.noPolicy), 'fail', /claims-scans has no bucket policy, so requests over plain HTTP are accepted/],
    ['a policy without a TLS statement', snapshot(states.policyWithoutTls), 'fail', /has no Deny for aws:SecureTransport false on principal \*/],
    ['objects only, not the bucket', snapshot(states.tlsObjectsOnly), 'fail', /denies insecure transport but not on the bucket itself \(arn:aws:s3:::claims-scans\)/],
    ['a Deny for one role, not everyone', snapshot(states.tlsOneRolePrincipal), 'fail', /has no Deny for aws:SecureTransport false/],
    ['a Deny narrowed by a VPC endpoint condition', snapshot(states.tlsNarrowedByVpce), 'fail', /has no Deny for aws:SecureTransport false/],
    ['a Deny when SecureTransport is true (real c7n policy shape)', snapshot(states.tlsDenyWhenSecure), 'fail', /has no Deny/],
    ['the bucket was deleted', snapshot(undefined, {}, { deleted: true }), 'not_applicable', /was deleted/],
    ['GetBucketPolicy was denied', snapshot(states.policyUnreadable), 'error', /ACCESS_DENIED: GetBucketPolicy was denied for bucket claims-scans/],
    ['the bucket could not be read', bucketUnreadable, 'error', /ACCESS_DENIED: GetBucketLocation was denied/],
  ])('%s → %s', (_name, snap, expected, reason) => {
    // Act
    const finding = runCheck(check, snap, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('observes which statements cover the bucket and its objects', () => {
    const finding = runCheck(check, snapshot(states.tlsObjectsOnly), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({ bucket: 'claims-scans', statements: ['DenyHttpObjects'], coversBucket: false, coversObjects: true });
  });

  itHasValidMetadata(check, ID, { service: 's3' });
});
