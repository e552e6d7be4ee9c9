/**
 * SNS topics (kind "sns-topic"), named by topic ARN: what ListTopics lists, what every topic
 * API and CloudTrail event takes, and AWS Config's resource id for the topic.
 */
import { GetTopicAttributesCommand, paginateListTopics, SNSClient } from '@aws-sdk/client-sns';
import type { Snapshot } from '../model/check.ts';
import { partitionOf, type CloudTrailRecord } from '../model/cloudtrail.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { text, withArn } from './values.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { SnsTopicState } from '../model/states/sns.ts';

const KIND = 'sns-topic';
const RESOURCE_TYPE = 'AWS::SNS::Topic';
/** SNS answers a missing topic with NotFound (the SDK's NotFoundException). */
const NOT_FOUND = { names: ['NotFoundException', 'NotFound'], fallback: null };
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/;

async function collect(ctx: CollectContext, topicArn: string): Promise<Snapshot<SnsTopicState>> {
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id: topicArn, ...withArn(topicArn) }, account: ctx.account, region: ctx.region, source: 'api' as const };
  const out = await read('sns:GetTopicAttributes', () => ctx.clients.get(SNSClient).send(new GetTopicAttributesCommand({ TopicArn: topicArn })), NOT_FOUND);
  if (isFailure(out)) return { ...base, error: out.error };
  if (out === null) return { ...base, deleted: true };
  // GetTopicAttributes lists KmsMasterKeyId only for an encrypted topic.
  return { ...base, state: { topicArn, kmsMasterKeyId: text(out.Attributes?.KmsMasterKeyId) } };
}

/**
 * Config records the topic in CloudFormation's shape (configuration.KmsMasterKeyId). A key there
 * decides; its absence is not documented to mean "unencrypted", so such items are read live.
 */
function fromConfigItem(item: ConfigItem): Snapshot<SnsTopicState> | undefined {
  if (item.resourceType !== RESOURCE_TYPE) return undefined;
  const config = item.configuration ?? {};
  const topicArn = text(config.TopicArn) ?? item.arn ?? item.resourceId;
  const base = snapshotFromItem<SnsTopicState>(KIND, item, { resource: { type: RESOURCE_TYPE, id: topicArn, ...withArn(topicArn) } });
  if (isGoneItem(item)) return { ...base, deleted: true };
  const kmsMasterKeyId = text(config.KmsMasterKeyId);
  return kmsMasterKeyId === null ? undefined : { ...base, state: { topicArn, kmsMasterKeyId } };
}

/**
 * SetTopicAttributes and DeleteTopic name the topic by requestParameters.topicArn; CreateTopic
 * by responseElements.topicArn, or by its requested name when the response is missing.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  const request = record.requestParameters ?? {};
  const response = record.responseElements ?? {};
  const arns = [text(request.topicArn), text(response.topicArn)].filter((arn): arn is string => arn !== null);
  const account = record.recipientAccountId ?? record.userIdentity?.accountId;
  const name = text(request.name);
  if (arns.length === 0 && record.eventName === 'CreateTopic' && name && account && record.awsRegion) {
    arns.push(`arn:${partitionOf(record.awsRegion)}:sns:${record.awsRegion}:${account}:${name}`);
  }
  return [...new Set(arns.filter((arn) => TOPIC_ARN.test(arn)))];
}

/**
 * Snapshot kind "sns-topic": one SNS topic, id = its ARN.
 *
 * @example
 * const snapshot = await snsTopicKind.collect(ctx, 'arn:aws:sns:us-east-1:111122223333:lab-results');
 * snapshot.state?.kmsMasterKeyId; // 'alias/aws/sns'
 */
export const snsTopicKind: SnapshotKind<SnsTopicState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate: (ctx) => idsFromPages(paginateListTopics({ client: ctx.clients.get(SNSClient) }, {}), (page) => page.Topics, (topic) => topic.TopicArn),
  fromConfigItem,
  idsFromEvent,
};
