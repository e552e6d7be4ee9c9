import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/s3-bucket-public-access-blocked/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/checks/types.ts';
import type { S3BucketState } from '../../lib/collectors/s3-state.ts';
import { validateMetadata } from '../../lib/evidence/schemas.ts';
import states from '../fixtures/s3/bucket-states.json' with { type: 'json' };

const ID = 's3-bucket-public-access-blocked';

function snapshot(state: unknown, tags: Record<string, string> = {}, extra: Partial<Snapshot<S3BucketState>> = {}): Snapshot<S3BucketState> {
  return {
    kind: 's3-bucket',
    resource: { type: 'AWS::S3::Bucket', id: 'claims-scans', arn: 'arn:aws:s3:::claims-scans' },
    account: '111122223333',
    region: 'us-east-1',
    tags,
    state: state as S3BucketState | undefined,
    source: 'api',
    ...extra,
  };
}
const bucketUnreadable = snapshot(undefined, {}, { error: { operation: 'GetBucketLocation', kind: 'AccessDenied', name: 'AccessDenied', message: 'Access Denied' } });

describe(ID, () => {
  it.each<[string, Snapshot<S3BucketState>, Result, RegExp]>([
    ['all four on at bucket level', snapshot(states.hardened), 'pass', /bucket claims-scans has all four Block Public Access settings on/],
    ['bucket partial, account all on', snapshot(states.bucketBlockPartialAccountOn), 'pass', /account-level Block Public Access is fully on, covering bucket claims-scans/],
    ['bucket all on, account level unreadable', snapshot(states.bucketBlockOnAccountUnreadable), 'pass', /has all four Block Public Access settings on/],
    ['neither configured', snapshot(states.bucketBlockAbsentAccountOff), 'fail', /claims-scans can be made public: bucket-level Block Public Access not configured; account level has BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off/],
    ['both partial', snapshot(states.bucketBlockPartialAccountPartial), 'fail', /bucket-level Block Public Access IgnorePublicAcls off; account level has IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off/],
    ['bucket level unreadable and account off', snapshot(states.bucketBlockUnreadableAccountOff), 'error', /AccessDenied: GetPublicAccessBlock failed for bucket claims-scans/],
    ['the bucket was deleted', snapshot(undefined, {}, { deleted: true }), 'not_applicable', /was deleted/],
    ['the bucket could not be read', bucketUnreadable, 'error', /GetBucketLocation failed/],
  ])('%s → %s', (_name, snap, expected, reason) => {
    // Act
    const finding = runCheck(check, snap, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('metadata: the folder name is the id and the metadata validates', () => {
    const onDisk = JSON.parse(readFileSync(new URL(`../../lib/checks/${ID}/metadata.json`, import.meta.url), 'utf8'));
    expect(onDisk.id).toBe(ID);
    expect(check.metadata).toEqual(onDisk);
    expect(validateMetadata(onDisk).id).toBe(ID);
  });
});
