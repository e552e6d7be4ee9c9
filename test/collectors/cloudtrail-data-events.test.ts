import 'aws-sdk-client-mock-vitest/extend';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { GetBucketLocationCommand, GetBucketTaggingCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/cloudtrail-s3-data-events-phi/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { s3DataEventsKind } from '../../lib/collectors/cloudtrail-data-events.ts';
import { RunMemo } from '../../lib/collectors/run-memo.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import type { S3DataEventsState } from '../../lib/model/states/cloudtrail-data-events.ts';
import describeTrails from '../fixtures/cloudtrail/s3-data-describe-trails.json' with { type: 'json' };
import putBucketTagging from '../fixtures/cloudtrail/s3-data-put-bucket-tagging.json' with { type: 'json' };
import splitReadWrite from '../fixtures/cloudtrail/s3-data-get-event-selectors-split-read-write.json' with { type: 'json' };
import orgBucketPrefix from '../fixtures/cloudtrail/s3-data-get-event-selectors-org-bucket-prefix.json' with { type: 'json' };
import memberTrails from '../fixtures/cloudtrail/describe-trails-member-account.json' with { type: 'json' };
import stopLogging from '../fixtures/cloudtrail/cloudtrail-stop-logging.json' with { type: 'json' };
import phiTags from '../fixtures/s3/get-bucket-tagging-phi.json' with { type: 'json' };
import bucketsPage1 from '../fixtures/s3/list-buckets-page1.json' with { type: 'json' };
import bucketsPage2 from '../fixtures/s3/list-buckets-page2.json' with { type: 'json' };
import { mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const s3 = mockedClient(S3Client);
const cloudtrail = mockedClient(CloudTrailClient);
const ctx = mockedContext('us-east-1', '111122223333');
const AUDIT = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/audit';
const ORG = 'arn:aws:cloudtrail:us-east-1:999988887777:trail/OrganizationTrail';

function bucketInUsEast1(): void {
  s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: undefined });
  s3.on(GetBucketTaggingCommand).resolves(sdkOutput(phiTags));
}

describe('s3DataEventsKind.collect', () => {
  it('reads the bucket, its tags and each trail with its status and S3 data-event selectors', async () => {
    // Prepare: audit logs reads and writes in two advanced selectors (Prowler #1795); mgmt-only has no custom selectors
    bucketInUsEast1();
    cloudtrail.on(DescribeTrailsCommand).resolves(sdkOutput(describeTrails));
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: AUDIT }).resolves(sdkOutput(splitReadWrite));
    // Act
    const snapshot = await s3DataEventsKind.collect(ctx, 'patient-scans');
    // Assess
    expect(snapshot).toMatchObject({ resource: { type: 'AWS::S3::Bucket', id: 'patient-scans', arn: 'arn:aws:s3:::patient-scans' }, region: 'us-east-1', tags: { 'data-classification': 'ephi' } });
    expect(cloudtrail).toHaveReceivedCommandWith(DescribeTrailsCommand, { includeShadowTrails: true });
    expect(cloudtrail).toHaveReceivedCommandTimes(GetEventSelectorsCommand, 1);
    expect(snapshot.state?.trails.map((t) => [t.name, t.isLogging, t.s3DataEvents?.map((s) => s.readWriteType)])).toEqual([
      ['audit', true, ['ReadOnly', 'WriteOnly']],
      ['mgmt-only', true, []],
    ]);
    expect(runCheck(check, snapshot, DEFAULT_SETTINGS).result).toBe('pass');
  });

  it('passes a member bucket covered by the organization trail of the management account (Prowler #2438)', async () => {
    bucketInUsEast1();
    cloudtrail.on(DescribeTrailsCommand).resolves(sdkOutput(memberTrails));
    cloudtrail.on(GetTrailStatusCommand, { Name: ORG }).resolves({ IsLogging: true });
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: ORG }).resolves(sdkOutput(orgBucketPrefix));
    const snapshot = await s3DataEventsKind.collect(ctx, 'patient-scans');
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    expect(finding.result).toBe('pass');
    expect(finding.reason).toMatch(/organization trail OrganizationTrail \(owned by 999988887777\)/);
  });

  it('makes a member refused the organization trail selectors an error, never a fail', async () => {
    bucketInUsEast1();
    cloudtrail.on(DescribeTrailsCommand).resolves(sdkOutput(memberTrails));
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    cloudtrail.on(GetEventSelectorsCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: cloudtrail:GetEventSelectors', 403));
    const snapshot = await s3DataEventsKind.collect(ctx, 'patient-scans');
    expect(snapshot.state?.trails[0]).toMatchObject({ s3DataEvents: null, readError: { operation: 'GetEventSelectors', code: 'ACCESS_DENIED' } });
    expect(runCheck(check, snapshot, DEFAULT_SETTINGS)).toMatchObject({ result: 'error', reason: expect.stringMatching(/^ACCESS_DENIED: GetEventSelectors was denied for organization trail/) });
  });

  it('reads the trails once per run and region, not once per bucket', async () => {
    bucketInUsEast1();
    cloudtrail.on(DescribeTrailsCommand).resolves(sdkOutput(describeTrails));
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    cloudtrail.on(GetEventSelectorsCommand).resolves(sdkOutput(splitReadWrite));
    const run = { ...ctx, memo: new RunMemo() };
    await s3DataEventsKind.collect(run, 'patient-scans');
    await s3DataEventsKind.collect(run, 'lab-results');
    expect(cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 1);
    expect(s3).toHaveReceivedCommandTimes(GetBucketTaggingCommand, 2);
  });

  it('reports a missing bucket as deleted', async () => {
    s3.on(GetBucketLocationCommand).rejects(sdkError('NoSuchBucket', 'The specified bucket does not exist', 404));
    const snapshot = await s3DataEventsKind.collect(ctx, 'patient-scans');
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: 'patient-scans' } });
    expect(cloudtrail).not.toHaveReceivedCommand(DescribeTrailsCommand);
  });

  it('turns a denied GetBucketLocation into snapshot.error', async () => {
    s3.on(GetBucketLocationCommand).rejects(sdkError('AccessDenied', 'Access Denied', 403));
    const snapshot = await s3DataEventsKind.collect(ctx, 'patient-scans');
    expect(snapshot.error).toMatchObject({ operation: 'GetBucketLocation', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toBeUndefined();
  });

  it('keeps a denied DescribeTrails in the state: error for a PHI bucket, not_applicable for another', async () => {
    // Prepare
    bucketInUsEast1();
    cloudtrail.on(DescribeTrailsCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: cloudtrail:DescribeTrails', 403));
    // Act
    const snapshot = await s3DataEventsKind.collect(ctx, 'patient-scans');
    // Assess
    expect(snapshot.state).toMatchObject({ trails: [], trailsError: { operation: 'DescribeTrails', code: 'ACCESS_DENIED' } });
    expect(runCheck(check, snapshot, DEFAULT_SETTINGS).result).toBe('error');
    expect(runCheck(check, { ...snapshot, tags: { team: 'web' } }, DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('keeps a denied tag read as tagsError: the bucket is judged as PHI-scoped', async () => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    s3.on(GetBucketTaggingCommand).rejects(sdkError('AccessDenied', 'Access Denied', 403));
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    const snapshot = await s3DataEventsKind.collect(mockedContext('eu-west-1', '111122223333'), 'patient-scans');
    expect(snapshot).toMatchObject({ region: 'eu-west-1', tagsError: { operation: 'GetBucketTagging', code: 'ACCESS_DENIED' }, state: { region: 'eu-west-1', trails: [] } });
    expect(runCheck(check, snapshot as typeof snapshot & { state: S3DataEventsState }, DEFAULT_SETTINGS).result).toBe('fail');
  });
});

describe('s3DataEventsKind listing and events', () => {
  it('enumerates the buckets of the region across ListBuckets pages', async () => {
    s3.on(ListBucketsCommand).resolvesOnce(sdkOutput(bucketsPage1)).resolvesOnce(sdkOutput(bucketsPage2));
    const ids: string[] = [];
    for await (const id of s3DataEventsKind.enumerate(mockedContext('us-west-2'))) ids.push(id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(s3).toHaveReceivedNthCommandWith(ListBucketsCommand, 1, { BucketRegion: 'us-west-2' });
  });

  it('names the bucket of PutBucketTagging', () => {
    expect(s3DataEventsKind.idsFromEvent(putBucketTagging as CloudTrailRecord)).toEqual(['patient-scans']);
  });

  it('names no bucket for a trail event, which fans out to every bucket', () => {
    expect(s3DataEventsKind.idsFromEvent(stopLogging as CloudTrailRecord)).toEqual([]);
  });
});
