import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import { GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, QueueDoesNotExist, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { canonicalQueueUrl, sqsQueueKind } from '../../lib/collectors/sqs.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import createEvent from '../fixtures/sqs/cloudtrail-create-queue.json' with { type: 'json' };
import documentedEvent from '../fixtures/sqs/cloudtrail-set-queue-attributes-documented.json' with { type: 'json' };
import tagEvent from '../fixtures/sqs/cloudtrail-tag-queue.json' with { type: 'json' };
import queueItem from '../fixtures/sqs/config-item-queue.json' with { type: 'json' };
import kmsAttributes from '../fixtures/sqs/get-queue-attributes-kms.json' with { type: 'json' };
import sseSqsAttributes from '../fixtures/sqs/get-queue-attributes-sse-sqs.json' with { type: 'json' };
import page1 from '../fixtures/sqs/list-queues-page1.json' with { type: 'json' };
import page2 from '../fixtures/sqs/list-queues-page2.json' with { type: 'json' };
import deleteEvent from '../fixtures/events/removal/sqs-delete-queue.json' with { type: 'json' };
import { configItem, mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';
import { corpusPath, corpusPresent } from '../fixtures/corpus.ts';

const sqs = mockedClient(SQSClient);
const ctx = mockedContext('us-east-1', '111122223333');
const CLAIMS = 'https://sqs.us-east-1.amazonaws.com/111122223333/claims-intake';

describe('canonicalQueueUrl', () => {
  it.each([
    ['the service endpoint, as is', CLAIMS, 'us-west-2', CLAIMS],
    ['the legacy us-east-1 endpoint, with the given region', 'https://queue.amazonaws.com/111122223333/claims-intake', 'us-east-1', CLAIMS],
    ['a legacy regional endpoint, with its own region', 'https://eu-west-1.queue.amazonaws.com/111122223333/q', 'us-east-1', 'https://sqs.eu-west-1.amazonaws.com/111122223333/q'],
    ['a China endpoint', 'https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q', 'us-east-1', 'https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q'],
  ])('%s', (_name, url, region, expected) => {
    expect(canonicalQueueUrl(url, region)).toBe(expected);
  });

  it.each(['not a url', 'https://sqs.us-east-1.amazonaws.com/claims-intake', 'https://sqs.us-east-1.amazonaws.com/111122223333/a/b'])('is undefined for %s', (url) => {
    expect(canonicalQueueUrl(url, 'us-east-1')).toBeUndefined();
  });
});

describe('sqsQueueKind.collect', () => {
  it('reads the encryption attributes and the tags of the queue', async () => {
    // Prepare
    sqs.on(GetQueueAttributesCommand, { QueueUrl: CLAIMS }).resolves(kmsAttributes);
    sqs.on(ListQueueTagsCommand, { QueueUrl: CLAIMS }).resolves({ Tags: { 'data-classification': 'phi' } });
    // Act
    const snapshot = await sqsQueueKind.collect(ctx, CLAIMS);
    // Assess
    expect(sqs).toHaveReceivedCommandWith(GetQueueAttributesCommand, { QueueUrl: CLAIMS, AttributeNames: ['QueueArn', 'KmsMasterKeyId', 'SqsManagedSseEnabled'] });
    expect(snapshot.resource).toEqual({ type: 'AWS::SQS::Queue', id: CLAIMS, arn: 'arn:aws:sqs:us-east-1:111122223333:claims-intake' });
    expect(snapshot.state).toEqual({ queueUrl: CLAIMS, queueName: 'claims-intake', kmsMasterKeyId: 'alias/claims', sqsManagedSseEnabled: false });
    expect(snapshot.tags).toEqual({ 'data-classification': 'phi' });
  });

  it('names a queue given by a legacy URL by its service-endpoint URL', async () => {
    sqs.on(GetQueueAttributesCommand).resolves(sseSqsAttributes);
    sqs.on(ListQueueTagsCommand).resolves({});
    const snapshot = await sqsQueueKind.collect(ctx, 'https://queue.amazonaws.com/111122223333/lab-results.fifo');
    expect(snapshot.resource.id).toBe('https://sqs.us-east-1.amazonaws.com/111122223333/lab-results.fifo');
    expect(snapshot.state).toMatchObject({ sqsManagedSseEnabled: true, kmsMasterKeyId: null });
    expect(snapshot.tags).toEqual({});
  });

  it('answers an id that is not a queue URL with a NOT_FOUND error, without calling SQS (the SDK cannot send it)', async () => {
    const snapshot = await sqsQueueKind.collect(ctx, 'r-57d92763adec52d70');
    expect(snapshot.resource).toEqual({ type: 'AWS::SQS::Queue', id: 'r-57d92763adec52d70' });
    expect(snapshot.error).toMatchObject({ code: 'NOT_FOUND', name: 'InvalidQueueUrl' });
    expect(sqs).not.toHaveReceivedAnyCommand();
  });

  it('reports QueueDoesNotExist as deleted', async () => {
    sqs.on(GetQueueAttributesCommand).rejects(new QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: {} }));
    const snapshot = await sqsQueueKind.collect(ctx, CLAIMS);
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: CLAIMS } });
    expect(sqs).not.toHaveReceivedCommand(ListQueueTagsCommand);
  });

  it('turns a denied GetQueueAttributes into snapshot.error', async () => {
    sqs.on(GetQueueAttributesCommand).rejects(sdkError('AccessDenied', 'not authorized to perform: sqs:getqueueattributes', 403));
    const snapshot = await sqsQueueKind.collect(ctx, CLAIMS);
    expect(snapshot.error).toMatchObject({ operation: 'sqs:GetQueueAttributes', code: 'ACCESS_DENIED' });
  });

  it('keeps the state and reports a denied ListQueueTags as tagsError (PHI scope unknown)', async () => {
    sqs.on(GetQueueAttributesCommand).resolves(sseSqsAttributes);
    sqs.on(ListQueueTagsCommand).rejects(sdkError('AccessDenied', 'not authorized to perform: sqs:listqueuetags', 403));
    const snapshot = await sqsQueueKind.collect(ctx, CLAIMS);
    expect(snapshot.state?.sqsManagedSseEnabled).toBe(true);
    expect(snapshot.tagsError).toMatchObject({ operation: 'sqs:ListQueueTags', code: 'ACCESS_DENIED' });
    expect(snapshot.error).toBeUndefined();
  });
});

describe('sqsQueueKind.enumerate', () => {
  it('asks for pages of 1,000 (without MaxResults ListQueues stops at 1,000) and follows NextToken', async () => {
    sqs.on(ListQueuesCommand).resolvesOnce(page1).resolvesOnce(page2);
    const ids: string[] = [];
    for await (const id of sqsQueueKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual([CLAIMS, 'https://sqs.us-east-1.amazonaws.com/111122223333/lab-results.fifo', 'https://sqs.us-east-1.amazonaws.com/111122223333/legacy-notify']);
    expect(sqs).toHaveReceivedNthCommandWith(ListQueuesCommand, 1, { MaxResults: 1000 });
    expect(sqs).toHaveReceivedNthCommandWith(ListQueuesCommand, 2, { MaxResults: 1000, NextToken: 'page-2-token' });
  });
});

describe('sqsQueueKind.fromConfigItem', () => {
  it('decides from the attribute map, keyed by the queue URL Config records', () => {
    const snapshot = sqsQueueKind.fromConfigItem!(configItem(queueItem));
    expect(snapshot).toMatchObject({
      source: 'config-item',
      resource: { type: 'AWS::SQS::Queue', id: CLAIMS, arn: 'arn:aws:sqs:us-east-1:111122223333:claims-intake' },
      tags: { 'data-classification': 'phi' },
      state: { kmsMasterKeyId: 'alias/claims', sqsManagedSseEnabled: false },
    });
  });

  it('reads SSE-SQS from the string flag', () => {
    const { KmsMasterKeyId: _, ...configuration } = queueItem.configuration;
    const snapshot = sqsQueueKind.fromConfigItem!(configItem({ ...queueItem, configuration: { ...configuration, SqsManagedSseEnabled: 'true' } }));
    expect(snapshot?.state).toMatchObject({ kmsMasterKeyId: null, sqsManagedSseEnabled: true });
  });

  it('returns undefined for an item that predates SSE-SQS (neither attribute): not encrypted would be a guess', () => {
    const { KmsMasterKeyId: _, SqsManagedSseEnabled: __, ...configuration } = queueItem.configuration;
    expect(sqsQueueKind.fromConfigItem!(configItem({ ...queueItem, configuration }))).toBeUndefined();
  });

  it('marks a deleted queue deleted', () => {
    const snapshot = sqsQueueKind.fromConfigItem!(configItem({ ...queueItem, configurationItemStatus: 'ResourceDeleted', configuration: null }));
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: CLAIMS } });
  });

  it.skipIf(!corpusPresent)('reads the real Config item of a 2020 queue live (no SSE attributes yet), under the URL Config names it by', () => {
    const envelope = JSON.parse(readFileSync(corpusPath('config/eventbridge/c7n__sqs-discover.json'), 'utf8')) as { detail: { configurationItem: unknown } };
    const item = configItem(envelope.detail.configurationItem);
    expect(sqsQueueKind.fromConfigItem!(item)).toBeUndefined();
    expect(sqsQueueKind.fromConfigItem!({ ...item, configurationItemStatus: 'ResourceDeleted' })?.resource.id).toBe(item.resourceId);
  });
});

describe('sqsQueueKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['CreateQueue names the new queue in its response', createEvent, [CLAIMS]],
    ['TagQueue names it in its request', tagEvent, ['https://sqs.us-east-1.amazonaws.com/111122223333/lab-results.fifo']],
    ['DeleteQueue names it in its request', deleteEvent, ['https://sqs.us-east-1.amazonaws.com/111122223333/legacy-notify']],
    ['the documented SetQueueAttributes example, whatever its host', documentedEvent, ['https://sqs.us-east-2.amazonaws.com/123456789012/hello1']],
    ['CreateQueue without a response, by its requested name', { ...createEvent, responseElements: null }, [CLAIMS]],
  ])('%s', (_name, record, expected) => {
    expect(sqsQueueKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });
});
