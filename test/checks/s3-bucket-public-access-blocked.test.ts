import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/s3-bucket-public-access-blocked/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { S3BucketState } from '../../lib/model/states/s3.ts';
import { itHasValidMetadata } from '../fixtures/checks/harness.ts';
import states from '../fixtures/s3/bucket-states.json' with { type: 'json' };
import { bucketSnapshots } from '../fixtures/s3/bucket-snapshot.ts';

const ID = 's3-bucket-public-access-blocked';

const { snapshot, unreadable: bucketUnreadable } = bucketSnapshots(check);

describe(ID, () => {
  it.each<[string, Snapshot<S3BucketState>, Result, RegExp]>([
    ['all four on at bucket level', snapshot(states.hardened), 'pass', /bucket claims-scans has all four Block Public Access settings on/],
    ['bucket partial, account all on', snapshot(states.bucketBlockPartialAccountOn), 'pass', /account-level Block Public Access is fully on, covering bucket claims-scans/],
    ['bucket all on, account level unreadable', snapshot(states.bucketBlockOnAccountUnreadable), 'pass', /has all four Block Public Access settings on/],
    ['neither configured', snapshot(states.bucketBlockAbsentAccountOff), 'fail', /claims-scans can be made public: bucket-level Block Public Access not configured; account level has BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off/],
    ['both partial', snapshot(states.bucketBlockPartialAccountPartial), 'fail', /bucket-level Block Public Access IgnorePublicAcls off; account level has IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off/],
    ['bucket level unreadable and account off', snapshot(states.bucketBlockUnreadableAccountOff), 'error', /ACCESS_DENIED: GetPublicAccessBlock was denied for bucket claims-scans/],
    ['the bucket was deleted', snapshot(undefined, {}, { deleted: true }), 'not_applicable', /was deleted/],
    ['the bucket could not be read', bucketUnreadable, 'error', /ACCESS_DENIED: GetBucketLocation was denied/],
  ])('%s → %s', (_name, snap, expected, reason) => {
    // Act
    const finding = runCheck(check, snap, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  itHasValidMetadata(check, ID, { service: 's3', hasConfigRule: false });
});
