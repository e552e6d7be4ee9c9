import 'aws-sdk-client-mock-vitest/extend';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { beforeEach, describe, expect, it } from 'vitest';
import multiRegion from '../../lib/checks/cloudtrail-multi-region-enabled/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { managementCoverage } from '../../lib/collectors/cloudtrail-account.ts';
import { cloudTrailAccountKind } from '../../lib/collectors/cloudtrail.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import stopLoggingEvent from '../fixtures/cloudtrail/cloudtrail-stop-logging.json' with { type: 'json' };
import describeTrails from '../fixtures/cloudtrail/describe-trails.json' with { type: 'json' };
import advancedWriteOnly from '../fixtures/cloudtrail/get-event-selectors-advanced-write-only.json' with { type: 'json' };
import advancedReadOnly from '../fixtures/cloudtrail/get-event-selectors-advanced-read-only.json' with { type: 'json' };
import advanced from '../fixtures/cloudtrail/get-event-selectors-advanced.json' with { type: 'json' };
import allSelectors from '../fixtures/cloudtrail/get-event-selectors-all.json' with { type: 'json' };
import dataOnly from '../fixtures/cloudtrail/get-event-selectors-data-only.json' with { type: 'json' };
import logging from '../fixtures/cloudtrail/get-trail-status-logging.json' with { type: 'json' };
import stopped from '../fixtures/cloudtrail/get-trail-status-stopped.json' with { type: 'json' };
import { corpusJson, corpusRecords, HAS_CORPUS } from '../fixtures/cloudtrail/corpus.ts';
import { mockedClient, mockedContext, sdkOutput } from '../fixtures/collectors/ctx.ts';

const ORG_AUDIT = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit';
const LOCAL = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/app-data-events';
const cloudtrail = mockedClient(CloudTrailClient);
const ctx = mockedContext('eu-west-1');

beforeEach(() => {
  cloudtrail.on(DescribeTrailsCommand, { includeShadowTrails: true }).resolves(sdkOutput(describeTrails));
});

describe('cloudTrailAccountKind.collect', () => {
  it('reads every trail, shadow trails included, with logging status and selectors', async () => {
    // Prepare
    cloudtrail.on(GetTrailStatusCommand, { Name: ORG_AUDIT }).resolves(sdkOutput(logging));
    cloudtrail.on(GetTrailStatusCommand, { Name: LOCAL }).resolves(sdkOutput(stopped));
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: ORG_AUDIT }).resolves(sdkOutput(allSelectors));
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: LOCAL }).resolves(sdkOutput(dataOnly));
    // Act
    const snapshot = await cloudTrailAccountKind.collect(ctx, '111122223333');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::::Account', id: '111122223333' });
    expect(snapshot.state?.trails.map((t) => [t.name, t.isLogging, t.managementEvents?.readWriteType])).toEqual([
      ['org-audit', true, 'All'],
      ['app-data-events', false, 'None'],
    ]);
    expect(runCheck(multiRegion, snapshot, DEFAULT_SETTINGS)).toMatchObject({ result: 'pass', reason: expect.stringContaining('org-audit (home us-east-1)') });
  });

  it('does not read the selectors of a trail without custom selectors: it logs all management events', async () => {
    // Prepare: org-audit reports HasCustomEventSelectors false.
    cloudtrail.on(GetTrailStatusCommand).resolves(sdkOutput(logging));
    cloudtrail.on(GetEventSelectorsCommand).resolves(sdkOutput(dataOnly));
    // Act
    const snapshot = await cloudTrailAccountKind.collect(ctx, '111122223333');
    // Assess
    expect(snapshot.state?.trails[0]?.managementEvents).toEqual({ readWriteType: 'All', excludedSources: [], selectorKind: 'default' });
    expect(cloudtrail).not.toHaveReceivedCommandWith(GetEventSelectorsCommand, { TrailName: ORG_AUDIT });
  });

  it('a stopped multi-region trail makes the check fail, naming why', async () => {
    cloudtrail.on(GetTrailStatusCommand).resolves(sdkOutput(stopped));
    cloudtrail.on(GetEventSelectorsCommand).resolves(sdkOutput(allSelectors));
    const snapshot = await cloudTrailAccountKind.collect(ctx, '111122223333');
    expect(runCheck(multiRegion, snapshot, DEFAULT_SETTINGS)).toMatchObject({ result: 'fail', reason: expect.stringContaining('org-audit is multi-region but logging is stopped') });
  });

  it('keeps a trail whose selectors cannot be read, with its read error', async () => {
    // org-audit with selectors of its own, so they must be read.
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: describeTrails.trailList.map((t) => ({ ...t, HasCustomEventSelectors: true })) });
    cloudtrail.on(GetTrailStatusCommand).resolves(sdkOutput(logging));
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: ORG_AUDIT }).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: LOCAL }).resolves(sdkOutput(allSelectors));
    const snapshot = await cloudTrailAccountKind.collect(ctx, '111122223333');
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.state?.trails[0]).toMatchObject({ name: 'org-audit', managementEvents: null, readError: { operation: 'GetEventSelectors', code: 'ACCESS_DENIED' } });
    expect(runCheck(multiRegion, snapshot, DEFAULT_SETTINGS).result).toBe('error');
  });

  it('an account without trails has an empty list, not an error', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    const snapshot = await cloudTrailAccountKind.collect(ctx, '111122223333');
    expect(snapshot.state).toEqual({ trails: [] });
  });

  it('turns AccessDenied on DescribeTrails into snapshot.error', async () => {
    cloudtrail.on(DescribeTrailsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const snapshot = await cloudTrailAccountKind.collect(ctx, '111122223333');
    expect(snapshot.error).toMatchObject({ operation: 'DescribeTrails', code: 'ACCESS_DENIED' });
  });
});

describe('managementCoverage', () => {
  it.each<[string, unknown, string, string[]]>([
    ['basic All with management events', allSelectors, 'All', []],
    ['basic data events only', dataOnly, 'None', []],
    ['advanced Management with an excluded source', advanced, 'All', ['rdsdata.amazonaws.com']],
    ['advanced Management narrowed to writes', advancedWriteOnly, 'WriteOnly', []],
    ['a ReadOnly and a WriteOnly selector together', { EventSelectors: [{ ReadWriteType: 'ReadOnly' }, { ReadWriteType: 'WriteOnly' }] }, 'All', []],
    ['advanced Management with readOnly = true', advancedReadOnly, 'ReadOnly', []],
    ['advanced Management with readOnly NotEquals true', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', NotEquals: ['true'] }] }] }, 'WriteOnly', []],
    ['advanced Management without KMS and RDS Data API events', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }] }] }, 'All', ['kms.amazonaws.com', 'rdsdata.amazonaws.com']],
    ['advanced Data events only', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }] }, 'None', []],
    ['advanced Management narrowed by a filter the check cannot measure', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventName', Equals: ['ConsoleLogin'] }] }] }, 'None', []],
    ['no selectors at all: the documented default', {}, 'All', []],
  ])('%s -> %s', (_name, selectors, readWriteType, excluded) => {
    const coverage = managementCoverage(selectors as Parameters<typeof managementCoverage>[0]);
    expect(coverage.readWriteType).toBe(readWriteType);
    expect(coverage.excludedSources).toEqual(excluded);
  });

  it.skipIf(!HAS_CORPUS)('reads the real recorded selectors (basic and advanced) as All', () => {
    for (const file of [
      'api-responses/test_cloudtrail_event_selectors__cloudtrail.GetEventSelectors_1.json',
      'api-responses/test_cloudtrail_success_management_advanced_events_included__cloudtrail.GetEventSelectors_1.json',
    ]) {
      expect(managementCoverage(corpusJson<{ data: Parameters<typeof managementCoverage>[0] }>(file).data).readWriteType, file).toBe('All');
    }
  });
});

describe('cloudTrailAccountKind.enumerate and idsFromEvent', () => {
  it('enumerates the one account of the context', async () => {
    const ids: string[] = [];
    for await (const id of cloudTrailAccountKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['111122223333']);
  });

  it('names the account, whichever trail the event names', () => {
    expect(cloudTrailAccountKind.idsFromEvent(stopLoggingEvent as CloudTrailRecord)).toEqual(['111122223333']);
  });

  it.skipIf(!HAS_CORPUS)('names the recipient account in every real corpus record of a trigger event', () => {
    const records = corpusRecords(multiRegion.metadata.triggers.cloudtrail[0]!.eventNames);
    expect(records.length).toBeGreaterThanOrEqual(6);
    for (const { file, record } of records) expect(cloudTrailAccountKind.idsFromEvent(record), file).toEqual([record.recipientAccountId]);
  });
});
