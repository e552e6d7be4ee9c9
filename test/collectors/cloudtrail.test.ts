import 'aws-sdk-client-mock-vitest/extend';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ListTrailsCommand,
  TrailNotFoundException,
} from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import metadata from '../../lib/checks/cloudtrail-log-file-validation/metadata.json' with { type: 'json' };
import { cloudTrailTrailKind } from '../../lib/collectors/cloudtrail.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import createTrailEvent from '../fixtures/cloudtrail/cloudtrail-create-trail.json' with { type: 'json' };
import stopLoggingEvent from '../fixtures/cloudtrail/cloudtrail-stop-logging.json' with { type: 'json' };
import trailItem from '../fixtures/cloudtrail/config-item-trail.json' with { type: 'json' };
import describeTrails from '../fixtures/cloudtrail/describe-trails.json' with { type: 'json' };
import memberDescribeTrails from '../fixtures/cloudtrail/describe-trails-member-account.json' with { type: 'json' };
import logging from '../fixtures/cloudtrail/get-trail-status-logging.json' with { type: 'json' };
import listTags from '../fixtures/cloudtrail/list-tags.json' with { type: 'json' };
import trailsPage1 from '../fixtures/cloudtrail/list-trails-page1.json' with { type: 'json' };
import trailsPage2 from '../fixtures/cloudtrail/list-trails-page2.json' with { type: 'json' };
import { corpusJson, corpusRecords, HAS_CORPUS } from '../fixtures/cloudtrail/corpus.ts';
import { configItem, mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const ORG_AUDIT = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit';
const LOCAL = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/app-data-events';
const [homeTrail, localTrail] = describeTrails.trailList;
const cloudtrail = mockedClient(CloudTrailClient);

describe('cloudTrailTrailKind.collect', () => {
  it('reads a trail in its home region: settings, logging status, tags', async () => {
    // Prepare
    cloudtrail.on(DescribeTrailsCommand, { trailNameList: [ORG_AUDIT] }).resolves({ trailList: [homeTrail!] });
    cloudtrail.on(GetTrailStatusCommand, { Name: ORG_AUDIT }).resolves(sdkOutput(logging));
    cloudtrail.on(ListTagsCommand).resolves(listTags);
    // Act
    const snapshot = await cloudTrailTrailKind.collect(mockedContext('us-east-1'), ORG_AUDIT);
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::CloudTrail::Trail', id: ORG_AUDIT, arn: ORG_AUDIT });
    expect(snapshot.state).toEqual({
      name: 'org-audit', arn: ORG_AUDIT, homeRegion: 'us-east-1', isMultiRegion: true, isOrganizationTrail: false, ownerAccount: '111122223333',
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/36812ccf-daaf-49b1-a24b-0eef254ffe41', logFileValidationEnabled: true, isLogging: true,
    });
    expect(snapshot.tags).toEqual({ 'data-classification': 'phi' });
    expect(cloudtrail).toHaveReceivedCommandWith(ListTagsCommand, { ResourceIdList: [ORG_AUDIT] });
  });

  it('a denied ListTags leaves the trail facts standing and the tags unknown', async () => {
    cloudtrail.on(DescribeTrailsCommand, { trailNameList: [ORG_AUDIT] }).resolves({ trailList: [homeTrail!] });
    cloudtrail.on(GetTrailStatusCommand, { Name: ORG_AUDIT }).resolves(sdkOutput(logging));
    cloudtrail.on(ListTagsCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: cloudtrail:ListTags'));
    const snapshot = await cloudTrailTrailKind.collect(mockedContext('us-east-1'), ORG_AUDIT);
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.tagsError).toMatchObject({ operation: 'ListTags', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toMatchObject({ logFileValidationEnabled: true, isLogging: true });
  });

  it('evaluates a shadow trail from its home region data, without ListTags (it cannot reach it)', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [homeTrail!] });
    cloudtrail.on(GetTrailStatusCommand).resolves(sdkOutput(logging));
    const snapshot = await cloudTrailTrailKind.collect(mockedContext('eu-west-2'), ORG_AUDIT);
    expect(snapshot.region).toBe('us-east-1');
    expect(snapshot.state?.homeRegion).toBe('us-east-1');
    expect(cloudtrail).toHaveReceivedCommandWith(GetTrailStatusCommand, { Name: ORG_AUDIT });
    expect(cloudtrail).not.toHaveReceivedCommand(ListTagsCommand);
  });

  it('evaluates the organization trail a member account sees from DescribeTrails, without reads the member may be refused', async () => {
    // Prepare
    const [orgTrail] = memberDescribeTrails.trailList;
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [orgTrail!] });
    cloudtrail.on(GetTrailStatusCommand).rejects(new TrailNotFoundException({ message: 'Unknown trail', $metadata: {} }));
    // Act
    const snapshot = await cloudTrailTrailKind.collect(mockedContext('us-east-1', '111122223333'), orgTrail!.TrailARN);
    // Assess
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.deleted).toBeUndefined();
    expect(snapshot.state).toMatchObject({ isOrganizationTrail: true, ownerAccount: '999988887777', logFileValidationEnabled: true, isLogging: null });
    expect(cloudtrail).not.toHaveReceivedCommand(GetTrailStatusCommand);
    expect(cloudtrail).not.toHaveReceivedCommand(ListTagsCommand);
  });

  it('gives an explicit null key and false validation for a plain trail', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [localTrail!] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    cloudtrail.on(ListTagsCommand).resolves({ ResourceTagList: [{ ResourceId: LOCAL, TagsList: [] }] });
    const snapshot = await cloudTrailTrailKind.collect(mockedContext('eu-west-1'), LOCAL);
    expect(snapshot.state).toMatchObject({ kmsKeyId: null, logFileValidationEnabled: false, isLogging: false, isMultiRegion: false });
  });

  it('turns AccessDenied into snapshot.error', async () => {
    cloudtrail.on(DescribeTrailsCommand).rejects(Object.assign(new Error('not authorized to perform: cloudtrail:DescribeTrails'), { name: 'AccessDeniedException' }));
    const snapshot = await cloudTrailTrailKind.collect(mockedContext('us-east-1'), ORG_AUDIT);
    expect(snapshot.error).toMatchObject({ operation: 'DescribeTrails', code: 'ACCESS_DENIED' });
  });

  it.each<[string, () => void]>([
    ['DescribeTrails lists nothing', () => cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] })],
    ['GetTrailStatus says TrailNotFound', () => {
      cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [homeTrail!] });
      cloudtrail.on(GetTrailStatusCommand).rejects(new TrailNotFoundException({ message: 'Unknown trail', $metadata: {} }));
    }],
  ])('reports a deleted trail when %s', async (_name, prepare) => {
    prepare();
    const snapshot = await cloudTrailTrailKind.collect(mockedContext('us-east-1'), ORG_AUDIT);
    expect(snapshot.deleted).toBe(true);
    expect(snapshot.error).toBeUndefined();
  });
});

describe('cloudTrailTrailKind.enumerate', () => {
  it('follows NextToken and yields the trails whose home is this region', async () => {
    cloudtrail.on(ListTrailsCommand).resolvesOnce(trailsPage1).resolvesOnce(trailsPage2);
    const ids: string[] = [];
    for await (const id of cloudTrailTrailKind.enumerate(mockedContext('us-east-1'))) ids.push(id);
    expect(ids).toEqual([ORG_AUDIT, 'arn:aws:cloudtrail:us-east-1:111122223333:trail/security']);
    expect(cloudtrail).toHaveReceivedNthCommandWith(ListTrailsCommand, 2, { NextToken: 'token-2' });
  });
});

describe('cloudTrailTrailKind.fromConfigItem', () => {
  it('builds the state from the item (no kmsKeyId: none); logging is unknown', () => {
    const snapshot = cloudTrailTrailKind.fromConfigItem!(configItem(trailItem));
    expect(snapshot).toMatchObject({
      source: 'config-item',
      resource: { id: 'arn:aws:cloudtrail:ap-southeast-1:111122223333:trail/APJCCloudTrail' },
      state: { name: 'APJCCloudTrail', isMultiRegion: true, ownerAccount: '111122223333', logFileValidationEnabled: true, kmsKeyId: null, isLogging: null },
    });
  });

  it('returns undefined without the validation flag, deleted for a deleted item', () => {
    const partial: Record<string, unknown> = { ...trailItem.configuration };
    delete partial.logFileValidationEnabled;
    expect(cloudTrailTrailKind.fromConfigItem!(configItem({ ...trailItem, configuration: partial }))).toBeUndefined();
    expect(cloudTrailTrailKind.fromConfigItem!(configItem({ ...trailItem, configurationItemStatus: 'ResourceDeleted' }))).toMatchObject({ deleted: true });
  });

  it.skipIf(!HAS_CORPUS)('reads the real RDK template item', () => {
    const snapshot = cloudTrailTrailKind.fromConfigItem!(configItem(corpusJson('config/configuration-items/rdk__AWS_Cloudtrail_Trail.json')));
    expect(snapshot?.state).toMatchObject({ name: 'APJCCloudTrail', homeRegion: 'ap-southeast-1', logFileValidationEnabled: true });
  });
});

describe('cloudTrailTrailKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['CreateTrail: the ARN in responseElements', createTrailEvent, [ORG_AUDIT]],
    ['a bare name completed into an ARN in the right partition', stopLoggingEvent, ['arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/audit']],
  ])('%s', (_name, record, expected) => {
    expect(cloudTrailTrailKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });

  it.skipIf(!HAS_CORPUS)('names the trail in every real corpus record of a trigger event', () => {
    const records = corpusRecords(metadata.triggers.cloudtrail[0]!.eventNames);
    expect(records.length).toBeGreaterThanOrEqual(3);
    for (const { file, record } of records) {
      const name = String(record.requestParameters?.name).replace(/^.*:trail\//, '');
      const [id] = cloudTrailTrailKind.idsFromEvent(record);
      expect(id, file).toMatch(new RegExp(`^arn:aws:cloudtrail:${record.awsRegion}:${record.recipientAccountId}:trail/${name}$`));
    }
  });
});
