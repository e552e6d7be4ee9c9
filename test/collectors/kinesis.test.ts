import 'aws-sdk-client-mock-vitest/extend';
import { DescribeStreamSummaryCommand, KinesisClient, ListStreamsCommand, ResourceNotFoundException } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { kinesisStreamKind } from '../../lib/collectors/kinesis.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import createEvent from '../fixtures/kinesis/cloudtrail-create-stream-documented.json' with { type: 'json' };
import startEvent from '../fixtures/kinesis/cloudtrail-start-stream-encryption.json' with { type: 'json' };
import stopEvent from '../fixtures/kinesis/cloudtrail-stop-stream-encryption-by-arn.json' with { type: 'json' };
import streamItem from '../fixtures/kinesis/config-item-stream.json' with { type: 'json' };
import kmsSummary from '../fixtures/kinesis/describe-stream-summary-kms.json' with { type: 'json' };
import noneSummary from '../fixtures/kinesis/describe-stream-summary-none.json' with { type: 'json' };
import page1 from '../fixtures/kinesis/list-streams-page1.json' with { type: 'json' };
import page2 from '../fixtures/kinesis/list-streams-page2.json' with { type: 'json' };
import deleteEvent from '../fixtures/events/removal/kinesis-delete-stream.json' with { type: 'json' };
import { configItem, mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const kinesis = mockedClient(KinesisClient);
const ctx = mockedContext('us-east-1', '111122223333');

describe('kinesisStreamKind.collect', () => {
  it('reads the encryption type and key from DescribeStreamSummary', async () => {
    // Prepare
    kinesis.on(DescribeStreamSummaryCommand, { StreamName: 'hl7-feed' }).resolves(sdkOutput(kmsSummary));
    // Act
    const snapshot = await kinesisStreamKind.collect(ctx, 'hl7-feed');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::Kinesis::Stream', id: 'hl7-feed', arn: 'arn:aws:kinesis:us-east-1:111122223333:stream/hl7-feed' });
    expect(snapshot.state).toMatchObject({ streamName: 'hl7-feed', encryptionType: 'KMS', streamStatus: 'ACTIVE' });
    expect(snapshot.state?.keyId).toMatch(/^arn:aws:kms:/);
  });

  it('reads a stream named by ARN under its name', async () => {
    kinesis.on(DescribeStreamSummaryCommand, { StreamName: 'clickstream' }).resolves(sdkOutput(noneSummary));
    const snapshot = await kinesisStreamKind.collect(ctx, 'arn:aws:kinesis:us-east-1:111122223333:stream/clickstream');
    expect(snapshot.resource.id).toBe('clickstream');
    expect(snapshot.state).toMatchObject({ encryptionType: 'NONE', keyId: null });
  });

  it('reports ResourceNotFoundException as deleted', async () => {
    kinesis.on(DescribeStreamSummaryCommand).rejects(new ResourceNotFoundException({ message: 'Stream device-telemetry under account 111122223333 not found.', $metadata: {} }));
    expect(await kinesisStreamKind.collect(ctx, 'device-telemetry')).toMatchObject({ deleted: true, resource: { id: 'device-telemetry' } });
  });

  it('turns AccessDeniedException into snapshot.error', async () => {
    kinesis.on(DescribeStreamSummaryCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: kinesis:DescribeStreamSummary'));
    expect((await kinesisStreamKind.collect(ctx, 'hl7-feed')).error).toMatchObject({ operation: 'kinesis:DescribeStreamSummary', code: 'ACCESS_DENIED' });
  });
});

describe('kinesisStreamKind.enumerate', () => {
  it('follows NextToken across pages', async () => {
    kinesis.on(ListStreamsCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    const ids: string[] = [];
    for await (const id of kinesisStreamKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['hl7-feed', 'clickstream', 'device-telemetry']);
    expect(kinesis).toHaveReceivedNthCommandWith(ListStreamsCommand, 2, { NextToken: 'page-2-token' });
  });
});

describe('kinesisStreamKind.fromConfigItem', () => {
  it('decides from configuration.StreamEncryption', () => {
    expect(kinesisStreamKind.fromConfigItem!(configItem(streamItem))).toMatchObject({
      source: 'config-item',
      resource: { id: 'hl7-feed', arn: 'arn:aws:kinesis:us-east-1:111122223333:stream/hl7-feed' },
      tags: { 'data-classification': 'ephi' },
      state: { streamName: 'hl7-feed', encryptionType: 'KMS' },
    });
  });

  it('reads the stream live when the item has no StreamEncryption (absence is not documented to mean off)', () => {
    const { StreamEncryption: _, ...configuration } = streamItem.configuration;
    expect(kinesisStreamKind.fromConfigItem!(configItem({ ...streamItem, configuration }))).toBeUndefined();
  });

  it('marks a deleted stream deleted', () => {
    const snapshot = kinesisStreamKind.fromConfigItem!(configItem({ ...streamItem, configurationItemStatus: 'ResourceDeleted', configuration: null }));
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: 'hl7-feed' } });
  });
});

describe('kinesisStreamKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ["the developer guide's documented CreateStream", createEvent, ['GoodStream']],
    ['StartStreamEncryption by name', startEvent, ['hl7-feed']],
    ['StopStreamEncryption by stream ARN', stopEvent, ['clickstream']],
    ['DeleteStream', deleteEvent, ['device-telemetry']],
  ])('%s', (_name, record, expected) => {
    expect(kinesisStreamKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });
});
