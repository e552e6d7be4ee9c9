import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/s3-bucket-access-logging/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { S3BucketState } from '../../lib/model/states/s3.ts';
import { itHasValidMetadata } from '../fixtures/checks/harness.ts';
import states from '../fixtures/s3/bucket-states.json' with { type: 'json' };
import { bucketSnapshots } from '../fixtures/s3/bucket-snapshot.ts';

const ID = 's3-bucket-access-logging';
const PHI = { 'data-classification': 'ephi' };

const { snapshot, unreadable: bucketUnreadable } = bucketSnapshots(check);

describe(ID, () => {
  it.each<[string, Snapshot<S3BucketState>, Result, RegExp]>([
    ['PHI-scoped bucket with logging', snapshot(states.hardened, PHI), 'pass', /claims-scans writes server access logs to s3:\/\/claims-access-logs\/claims-scans\//],
    ['PHI-scoped bucket without logging', snapshot(states.loggingOff, PHI), 'fail', /PHI-scoped bucket claims-scans has server access logging off/],
    ['bucket outside PHI scope', snapshot(states.loggingOff, { 'data-classification': 'public' }), 'not_applicable', /claims-scans is not PHI-scoped/],
    ['GetBucketLogging throttled', snapshot(states.loggingUnreadable, PHI), 'error', /THROTTLED: GetBucketLogging was throttled for bucket claims-scans \(SlowDown/],
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
