import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/cloudtrail-s3-data-events-phi/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { S3DataEventsState } from '../../lib/model/states/cloudtrail-data-events.ts';
import states from '../fixtures/cloudtrail/s3-data-events-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf, type SnapshotExtras } from '../fixtures/checks/harness.ts';

const buckets = states as Record<keyof typeof states, S3DataEventsState>;
const PHI = { tags: { 'data-classification': 'ephi' } };
const trailsDenied: S3DataEventsState = { ...buckets.noTrails, trailsError: accessDenied('DescribeTrails', 'AccessDeniedException') };

function bucket(state: S3DataEventsState | undefined, extra: SnapshotExtras<S3DataEventsState> = PHI): Snapshot<S3DataEventsState> {
  return snapshotOf(check, 'patient-scans', state, { arn: 'arn:aws:s3:::patient-scans', ...extra });
}

describe('cloudtrail-s3-data-events-phi', () => {
  it.each<[string, Result, Snapshot<S3DataEventsState>, RegExp]>([
    ['an advanced selector for every S3 object, reads and writes', 'pass', bucket(buckets.advancedAllBuckets), /^object reads and writes of PHI bucket patient-scans \(us-east-1\) are logged by trail audit$/],
    ['reads and writes in two advanced selectors (Prowler #1795)', 'pass', bucket(buckets.advancedReadsAndWritesApart), /logged by trail audit$/],
    ['a basic selector naming the bucket among others', 'pass', bucket(buckets.basicBucketPrefix), /logged by trail audit$/],
    ['the organization trail of the management account (Prowler #2438)', 'pass', bucket(buckets.organizationTrail), /logged by organization trail OrganizationTrail \(owned by 999988887777\)$/],
    ['another trail already covers it when one trail cannot be read', 'pass', bucket(buckets.unreadableButCovered), /logged by trail audit$/],
    ['reads logged, the write trail stopped', 'fail', bucket(buckets.readsOnWriteTrailOnly), /trail reads records only read data events of the bucket; trail writes is not logging/],
    ['only a key prefix of the bucket', 'fail', bucket(buckets.keyPrefixOnly), /selector "exports" matches only some of its objects/],
    ['a path excluded with NotStartsWith', 'fail', bucket(buckets.pathExcluded), /selector "all but tmp" matches only some of its objects/],
    ['a selector narrowed by eventName', 'fail', bucket(buckets.eventNameFilter), /selector "puts and gets" also filters on eventName/],
    ['selectors for another bucket only', 'fail', bucket(buckets.otherBucketOnly), /trail audit records no S3 data events of the bucket/],
    ['the covering trail is stopped', 'fail', bucket(buckets.coveringTrailStopped), /trail audit is not logging/],
    ['management events only', 'fail', bucket(buckets.managementOnly), /trail audit records no S3 data events of the bucket/],
    ['no trail at all', 'fail', bucket(buckets.noTrails), /^no CloudTrail trail applies to us-east-1/],
    ['a single-region trail of another region', 'fail', bucket(buckets.singleRegionTrailElsewhere), /^no CloudTrail trail applies to us-east-1/],
    ['a bucket without the PHI tag', 'not_applicable', bucket(buckets.advancedAllBuckets, { tags: { team: 'web' } }), /patient-scans is not PHI-scoped/],
    ['a deleted bucket', 'not_applicable', bucket(undefined, { deleted: true }), /patient-scans was deleted/],
    ['the bucket could not be read', 'error', bucket(undefined, { error: accessDenied('GetBucketLocation') }), /^ACCESS_DENIED: GetBucketLocation was denied/],
    ['the trails could not be listed', 'error', bucket(trailsDenied), /^ACCESS_DENIED: DescribeTrails was denied/],
    ['the trails could not be listed, for a bucket outside PHI scope', 'not_applicable', bucket(trailsDenied, { tags: { team: 'web' } }), /is not PHI-scoped/],
    ['the organization trail selectors were refused to a member', 'error', bucket(buckets.organizationTrailUnreadable), /^ACCESS_DENIED: GetEventSelectors was denied for organization trail OrganizationTrail/],
    ['trails read in another region than the bucket', 'error', bucket(buckets.trailsReadInOtherRegion), /single-region trails of eu-west-1 were not read/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('judges a bucket whose tags could not be read as PHI-scoped', () => {
    // Prepare
    const snapshot = bucket(buckets.managementOnly, { tagsError: accessDenied('GetBucketTagging') });
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe('fail');
    expect(finding.observed.phiScope).toBe('unknown');
  });

  it('observes which trails log the reads and the writes', () => {
    const finding = runCheck(check, bucket(buckets.advancedReadsAndWritesApart), DEFAULT_SETTINGS);
    expect(finding.observed).toMatchObject({
      bucket: 'patient-scans',
      bucketRegion: 'us-east-1',
      readsLoggedBy: ['arn:aws:cloudtrail:us-east-1:111122223333:trail/audit'],
      writesLoggedBy: ['arn:aws:cloudtrail:us-east-1:111122223333:trail/audit'],
      trails: [{ trail: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/audit', isLogging: true, logsReads: true, logsWrites: true }],
    });
  });

  itHasValidMetadata(check, 'cloudtrail-s3-data-events-phi', { service: ['cloudtrail', 's3'], hasConfigRule: false });
});
