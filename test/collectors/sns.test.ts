import 'aws-sdk-client-mock-vitest/extend';
import { GetTopicAttributesCommand, ListTopicsCommand, NotFoundException, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { snsTopicKind } from '../../lib/collectors/sns.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import createEvent from '../fixtures/sns/cloudtrail-create-topic.json' with { type: 'json' };
import setEvent from '../fixtures/sns/cloudtrail-set-topic-attributes.json' with { type: 'json' };
import topicItem from '../fixtures/sns/config-item-topic.json' with { type: 'json' };
import kmsAttributes from '../fixtures/sns/get-topic-attributes-kms.json' with { type: 'json' };
import plainAttributes from '../fixtures/sns/get-topic-attributes-plain.json' with { type: 'json' };
import page1 from '../fixtures/sns/list-topics-page1.json' with { type: 'json' };
import page2 from '../fixtures/sns/list-topics-page2.json' with { type: 'json' };
import deleteEvent from '../fixtures/events/removal/sns-delete-topic.json' with { type: 'json' };
import { configItem, mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const sns = mockedClient(SNSClient);
const ctx = mockedContext('us-east-1', '111122223333');
const arn = (name: string) => `arn:aws:sns:us-east-1:111122223333:${name}`;

describe('snsTopicKind.collect', () => {
  it('reads the topic key from GetTopicAttributes', async () => {
    // Prepare
    sns.on(GetTopicAttributesCommand, { TopicArn: arn('lab-results') }).resolves(kmsAttributes);
    // Act
    const snapshot = await snsTopicKind.collect(ctx, arn('lab-results'));
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::SNS::Topic', id: arn('lab-results'), arn: arn('lab-results') });
    expect(snapshot.state).toEqual({ topicArn: arn('lab-results'), kmsMasterKeyId: 'alias/aws/sns' });
  });

  it('reads an unencrypted topic (no KmsMasterKeyId attribute) as having no key', async () => {
    sns.on(GetTopicAttributesCommand).resolves(plainAttributes);
    expect((await snsTopicKind.collect(ctx, arn('ops-alerts'))).state?.kmsMasterKeyId).toBeNull();
  });

  it('gives a resource an ARN only when its id is one', async () => {
    sns.on(GetTopicAttributesCommand).resolves(plainAttributes);
    expect((await snsTopicKind.collect(ctx, 'r-57d92763adec52d70')).resource).toEqual({ type: 'AWS::SNS::Topic', id: 'r-57d92763adec52d70' });
  });

  it('reports NotFound as deleted', async () => {
    sns.on(GetTopicAttributesCommand).rejects(new NotFoundException({ message: 'Topic does not exist', $metadata: {} }));
    expect(await snsTopicKind.collect(ctx, arn('gone'))).toMatchObject({ deleted: true, resource: { id: arn('gone') } });
  });

  it('turns AuthorizationError into snapshot.error with ACCESS_DENIED', async () => {
    sns.on(GetTopicAttributesCommand).rejects(sdkError('AuthorizationErrorException', 'not authorized to perform: SNS:GetTopicAttributes', 403));
    const snapshot = await snsTopicKind.collect(ctx, arn('lab-results'));
    expect(snapshot.error).toMatchObject({ operation: 'sns:GetTopicAttributes', code: 'ACCESS_DENIED' });
  });
});

describe('snsTopicKind.enumerate', () => {
  it('follows NextToken across pages', async () => {
    sns.on(ListTopicsCommand).resolvesOnce(page1).resolvesOnce(page2);
    const ids: string[] = [];
    for await (const id of snsTopicKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual([arn('lab-results'), arn('ops-alerts'), arn('orders.fifo')]);
    expect(sns).toHaveReceivedNthCommandWith(ListTopicsCommand, 2, { NextToken: 'page-2-token' });
  });
});

describe('snsTopicKind.fromConfigItem', () => {
  it('decides from a KmsMasterKeyId in the configuration', () => {
    expect(snsTopicKind.fromConfigItem!(configItem(topicItem))).toMatchObject({
      source: 'config-item',
      resource: { id: arn('lab-results'), arn: arn('lab-results') },
      state: { kmsMasterKeyId: 'alias/aws/sns' },
    });
  });

  it('reads the topic live when the item names no key (absence is not documented to mean unencrypted)', () => {
    const { KmsMasterKeyId: _, ...configuration } = topicItem.configuration;
    expect(snsTopicKind.fromConfigItem!(configItem({ ...topicItem, configuration }))).toBeUndefined();
  });

  it('marks a deleted topic deleted', () => {
    const snapshot = snsTopicKind.fromConfigItem!(configItem({ ...topicItem, configurationItemStatus: 'ResourceDeleted', configuration: null }));
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: arn('lab-results') } });
  });
});

describe('snsTopicKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['CreateTopic names the topic in its response', createEvent, [arn('lab-results')]],
    ['CreateTopic without a response, by its requested name', { ...createEvent, responseElements: null }, [arn('lab-results')]],
    ['SetTopicAttributes names it in its request', setEvent, [arn('ops-alerts')]],
    ['DeleteTopic names it in its request', deleteEvent, [arn('orders.fifo')]],
  ])('%s', (_name, record, expected) => {
    expect(snsTopicKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });
});
