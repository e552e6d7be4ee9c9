import { describe, expect, it } from 'vitest';
import metadata from '../../lib/checks/cloudtrail-s3-data-events-phi/metadata.json' with { type: 'json' };
import { trailCoverage } from '../../lib/checks/helpers/s3-data-events.ts';
import { s3DataEventSelectors } from '../../lib/collectors/cloudtrail-data-selectors.ts';
import { s3DataEventsKind } from '../../lib/collectors/cloudtrail-data-events.ts';
import { matchesCloudTrail } from '../../lib/events/route.ts';
import type { CloudTrailTrigger } from '../../lib/model/check.ts';
import basicAllWriteOnly from '../fixtures/cloudtrail/s3-data-get-event-selectors-basic-all-write-only.json' with { type: 'json' };
import basicBucket from '../fixtures/cloudtrail/s3-data-get-event-selectors-basic-bucket.json' with { type: 'json' };
import dataOnlyEmptyValues from '../fixtures/cloudtrail/get-event-selectors-data-only.json' with { type: 'json' };
import narrowed from '../fixtures/cloudtrail/s3-data-get-event-selectors-narrowed.json' with { type: 'json' };
import orgBucketPrefix from '../fixtures/cloudtrail/s3-data-get-event-selectors-org-bucket-prefix.json' with { type: 'json' };
import splitReadWrite from '../fixtures/cloudtrail/s3-data-get-event-selectors-split-read-write.json' with { type: 'json' };
import { corpusJson, corpusRecords, HAS_CORPUS } from '../fixtures/cloudtrail/corpus.ts';
import { sdkOutput } from '../fixtures/collectors/ctx.ts';

type Answer = Parameters<typeof s3DataEventSelectors>[0];
const PATIENT_SCANS = 'arn:aws:s3:::patient-scans/';
const coverageOf = (answer: unknown, prefix = PATIENT_SCANS) => trailCoverage(s3DataEventSelectors(sdkOutput<Answer>(answer)), prefix);

describe('s3DataEventSelectors on GetEventSelectors answers', () => {
  it('reads reads and writes split over two advanced selectors, for every bucket (Prowler #1795)', () => {
    expect(s3DataEventSelectors(sdkOutput<Answer>(splitReadWrite))).toEqual([
      { selectorKind: 'advanced', name: 'S3 Read Events', readWriteType: 'ReadOnly', arnConditions: [], narrowedBy: [] },
      { selectorKind: 'advanced', name: 'S3 Write Events', readWriteType: 'WriteOnly', arnConditions: [], narrowedBy: [] },
    ]);
    expect(coverageOf(splitReadWrite)).toEqual({ reads: true, writes: true, partial: [] });
  });

  it('reads basic DataResources as ARN prefixes, skipping other resource types', () => {
    expect(s3DataEventSelectors(sdkOutput<Answer>(basicBucket))).toEqual([
      { selectorKind: 'basic', name: null, readWriteType: 'All', arnConditions: [{ operator: 'StartsWith', values: ['arn:aws:s3:::patient-scans/', 'arn:aws:s3:::billing-exports/'] }], narrowedBy: [] },
    ]);
    expect(coverageOf(basicBucket)).toEqual({ reads: true, writes: true, partial: [] });
    expect(coverageOf(basicBucket, 'arn:aws:s3:::lab-results/')).toEqual({ reads: false, writes: false, partial: [] });
  });

  it('reads arn:aws:s3 as every bucket, and WriteOnly as writes only', () => {
    expect(coverageOf(basicAllWriteOnly, 'arn:aws:s3:::any-bucket/')).toEqual({ reads: false, writes: true, partial: [] });
  });

  it('reads an S3 data resource without values as logging nothing (how an attacker turns data events off)', () => {
    expect(s3DataEventSelectors(sdkOutput<Answer>(dataOnlyEmptyValues))).toEqual([]);
  });

  it('matches a bucket by resources.ARN StartsWith, with the bucket ARN among several', () => {
    expect(coverageOf(orgBucketPrefix)).toEqual({ reads: true, writes: true, partial: [] });
    expect(coverageOf(orgBucketPrefix, 'arn:aws:s3:::patient-scans-archive/')).toEqual({ reads: false, writes: false, partial: [] });
  });

  it('does not count selectors narrowed by eventName or userIdentity, nor one that excludes a path of the bucket', () => {
    // Act
    const selectors = s3DataEventSelectors(sdkOutput<Answer>(narrowed));
    // Assess: the DynamoDB selector is not an S3 one; eventSource Equals s3.amazonaws.com narrows nothing
    expect(selectors.map((s) => [s.name, s.narrowedBy])).toEqual([
      ['Object writes but not from the backup role', ['eventName', 'userIdentity.arn']],
      ['Everything but tmp', []],
    ]);
    expect(coverageOf(narrowed)).toEqual({
      reads: false,
      writes: false,
      partial: ['selector "Object writes but not from the backup role" also filters on eventName, userIdentity.arn', 'selector "Everything but tmp" matches only some of its objects'],
    });
    // Another bucket is untouched by the tmp/ exclusion, but the eventName selector still narrows it.
    expect(coverageOf(narrowed, 'arn:aws:s3:::lab-results/')).toMatchObject({ reads: true, writes: true });
  });

  it('reads an advanced selector whose eventSource excludes S3 as logging no S3 object event', () => {
    const answer = { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'eventSource', NotEquals: ['s3.amazonaws.com'] }] }] };
    expect(s3DataEventSelectors(sdkOutput<Answer>(answer))).toEqual([]);
  });

  it('reads readOnly NotEquals true as writes only', () => {
    const answer = { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'readOnly', NotEquals: ['true'] }] }] };
    expect(coverageOf(answer)).toEqual({ reads: false, writes: true, partial: [] });
  });
});

describe.skipIf(!HAS_CORPUS)('the real corpus', () => {
  it.each([
    'api-responses/test_cloudtrail_event_selectors__cloudtrail.GetEventSelectors_1.json',
    'api-responses/test_cloudtrail_success_management_advanced_events_included__cloudtrail.GetEventSelectors_1.json',
  ])('reads no S3 data events in the management-only selectors of %s', (file) => {
    const { data } = corpusJson<{ data: Answer }>(file);
    expect(s3DataEventSelectors(data)).toEqual([]);
  });

  it('routes every real trail-change record to the check and names no bucket (the change fans out)', () => {
    const trail = metadata.triggers.cloudtrail[0] as CloudTrailTrigger;
    const records = corpusRecords(trail.eventNames);
    expect(records.length).toBeGreaterThanOrEqual(5);
    for (const { file, record } of records) {
      expect(matchesCloudTrail([trail], record), file).toBe(true);
      expect(s3DataEventsKind.idsFromEvent(record), file).toEqual([]);
    }
  });
});
