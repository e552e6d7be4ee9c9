import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/s3-bucket-default-encryption/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { S3BucketState } from '../../lib/model/states/s3.ts';
import { itHasValidMetadata } from '../fixtures/checks/harness.ts';
import states from '../fixtures/s3/bucket-states.json' with { type: 'json' };
import { bucketSnapshots } from '../fixtures/s3/bucket-snapshot.ts';

const ID = 's3-bucket-default-encryption';
const PHI = { 'data-classification': 'ephi' };

const { snapshot, unreadable: bucketUnreadable } = bucketSnapshots(check);

describe(ID, () => {
  it.each<[string, Snapshot<S3BucketState>, Result, RegExp]>([
    ['SSE-KMS on a PHI-scoped bucket', snapshot(states.hardened, PHI), 'pass', /claims-scans encrypts new objects by default with SSE-KMS with key arn:aws:kms:/],
    ['DSSE-KMS on a PHI-scoped bucket', snapshot(states.dsse, PHI), 'pass', /with DSSE-KMS/],
    ['SSE-S3 on a bucket outside PHI scope', snapshot(states.sseS3), 'pass', /encrypts new objects by default with SSE-S3 \(AES256\)/],
    ['SSE-S3 on a PHI-scoped bucket', snapshot(states.sseS3, PHI), 'fail', /PHI-scoped bucket claims-scans uses SSE-S3 \(AES256\); SSE-KMS or DSSE-KMS is required/],
    ['no default encryption', snapshot(states.noEncryption), 'fail', /bucket claims-scans has no default encryption/],
    ['the bucket was deleted', snapshot(undefined, {}, { deleted: true }), 'not_applicable', /claims-scans was deleted/],
    ['GetBucketEncryption was denied', snapshot(states.encryptionUnreadable, PHI), 'error', /ACCESS_DENIED: GetBucketEncryption was denied for bucket claims-scans/],
    ['the bucket could not be read', bucketUnreadable, 'error', /ACCESS_DENIED: GetBucketLocation was denied/],
  ])('%s → %s', (_name, snap, expected, reason) => {
    // Act
    const finding = runCheck(check, snap, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('another facet failing does not hide this verdict', () => {
    const finding = runCheck(check, snapshot(states.policyUnreadable, PHI), DEFAULT_SETTINGS);
    expect(finding.result).toBe('pass');
    expect(finding.observed).toMatchObject({ algorithms: ['aws:kms'], phiScoped: true });
  });

  itHasValidMetadata(check, ID, { service: 's3', hasConfigRule: false });
});
