/**
 * SQS queues, SNS topics and Kinesis streams. Mix: PHI queues mostly on SSE-KMS, the others on
 * SSE-SQS (a fail for the PHI ones among them), one queue in five unencrypted (created before
 * SSE-SQS became the default); one topic in four and one stream in four without a KMS key.
 */
import type {
  DescribeStreamSummaryCommandInput, DescribeStreamSummaryCommandOutput, ListStreamsCommandInput, ListStreamsCommandOutput,
} from '@aws-sdk/client-kinesis';
import type { GetTopicAttributesCommandInput, GetTopicAttributesCommandOutput, ListTopicsCommandInput, ListTopicsCommandOutput } from '@aws-sdk/client-sns';
import type { GetQueueAttributesCommandInput, GetQueueAttributesCommandOutput, ListQueuesCommandInput, ListQueuesCommandOutput, ListQueueTagsCommandInput, ListQueueTagsCommandOutput } from '@aws-sdk/client-sqs';
import { indexPage, notFound, type AnswerTable, type Output } from '../fake-clients.ts';
import { customerKey, daysAgo, indexOf, numberedId, tagMapOf, type AccountPlan } from './plan.ts';

function sqsAnswers(plan: AccountPlan): AnswerTable {
  const base = `https://sqs.${plan.region}.amazonaws.com/${plan.account}/`;
  const name = (q: number) => numberedId('claims-intake-', q);
  const known = (url: string | undefined) => {
    const q = indexOf(url?.slice(base.length), 'claims-intake-', 10);
    return url?.startsWith(base) && q !== undefined && q < plan.counts.queues ? q : undefined;
  };
  /** KMS for PHI queues (but one in three), SSE-SQS otherwise, none for one queue in five. */
  const encryption = (q: number): Record<string, string> => {
    if (q % 5 === 4) return { SqsManagedSseEnabled: 'false' };
    if (q % 3 === 0 && q % 9 !== 6) return { SqsManagedSseEnabled: 'false', KmsMasterKeyId: customerKey(plan, q), KmsDataKeyReusePeriodSeconds: '300' };
    return { SqsManagedSseEnabled: 'true' };
  };
  return {
    SQSClient: {
      ListQueues: (input: ListQueuesCommandInput): Output<ListQueuesCommandOutput> => {
        const { indexes, next } = indexPage(plan.counts.queues, input.NextToken, input.MaxResults ?? 1000);
        return { QueueUrls: indexes.map((q) => `${base}${name(q)}`), ...(next ? { NextToken: next } : {}) };
      },
      GetQueueAttributes: (input: GetQueueAttributesCommandInput): Output<GetQueueAttributesCommandOutput> | Error => {
        const q = known(input.QueueUrl);
        if (q === undefined) return notFound('QueueDoesNotExist');
        const all: Record<string, string> = { QueueArn: `arn:aws:sqs:${plan.region}:${plan.account}:${name(q)}`, ...encryption(q) };
        // SQS answers only the attributes asked for, and only those the queue has.
        return { Attributes: Object.fromEntries((input.AttributeNames ?? []).flatMap((a) => (all[a] !== undefined ? [[a, all[a]!]] : []))) };
      },
      ListQueueTags: (input: ListQueueTagsCommandInput): Output<ListQueueTagsCommandOutput> | Error => {
        const q = known(input.QueueUrl);
        return q === undefined ? notFound('QueueDoesNotExist') : { Tags: tagMapOf(q, name(q)) };
      },
    },
  };
}

function snsAnswers(plan: AccountPlan): AnswerTable {
  const arn = (t: number) => `arn:aws:sns:${plan.region}:${plan.account}:${numberedId('lab-results-', t)}`;
  const policy = (topicArn: string) => JSON.stringify({
    Version: '2008-10-17', Id: '__default_policy_ID',
    Statement: [{ Sid: '__default_statement_ID', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:Publish', 'SNS:Subscribe', 'SNS:GetTopicAttributes'], Resource: topicArn, Condition: { StringEquals: { 'AWS:SourceOwner': plan.account } } }],
  });
  return {
    SNSClient: {
      // 100 topics a page.
      ListTopics: (input: ListTopicsCommandInput): Output<ListTopicsCommandOutput> => {
        const { indexes, next } = indexPage(plan.counts.topics, input.NextToken, 100);
        return { Topics: indexes.map((t) => ({ TopicArn: arn(t) })), ...(next ? { NextToken: next } : {}) };
      },
      GetTopicAttributes: (input: GetTopicAttributesCommandInput): Output<GetTopicAttributesCommandOutput> | Error => {
        const t = indexOf(input.TopicArn?.slice(input.TopicArn.lastIndexOf(':') + 1), 'lab-results-', 10);
        if (t === undefined || t >= plan.counts.topics) return notFound('NotFoundException');
        return {
          Attributes: {
            TopicArn: arn(t), Owner: plan.account, Policy: policy(arn(t)), DisplayName: '', SubscriptionsConfirmed: '2', SubscriptionsPending: '0', SubscriptionsDeleted: '0',
            EffectiveDeliveryPolicy: '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3}}}',
            ...(t % 4 === 3 ? {} : { KmsMasterKeyId: customerKey(plan, t) }),
          },
        };
      },
    },
  };
}

function kinesisAnswers(plan: AccountPlan): AnswerTable {
  const name = (s: number) => numberedId('hl7-feed-', s);
  const arn = (s: number) => `arn:aws:kinesis:${plan.region}:${plan.account}:stream/${name(s)}`;
  return {
    KinesisClient: {
      // Limit defaults to 100.
      ListStreams: (input: ListStreamsCommandInput): Output<ListStreamsCommandOutput> => {
        const { indexes, next } = indexPage(plan.counts.streams, input.NextToken, input.Limit ?? 100);
        return {
          StreamNames: indexes.map(name), HasMoreStreams: next !== undefined, ...(next ? { NextToken: next } : {}),
          StreamSummaries: indexes.map((s) => ({ StreamName: name(s), StreamARN: arn(s), StreamStatus: 'ACTIVE', StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamCreationTimestamp: daysAgo(300) })),
        };
      },
      DescribeStreamSummary: (input: DescribeStreamSummaryCommandInput): Output<DescribeStreamSummaryCommandOutput> | Error => {
        const s = indexOf(input.StreamName, 'hl7-feed-', 10);
        if (s === undefined || s >= plan.counts.streams) return notFound('ResourceNotFoundException');
        const encrypted = s % 4 !== 1;
        return {
          StreamDescriptionSummary: {
            StreamName: name(s), StreamARN: arn(s), StreamStatus: 'ACTIVE', StreamModeDetails: { StreamMode: 'ON_DEMAND' }, RetentionPeriodHours: 24, StreamCreationTimestamp: daysAgo(300),
            EnhancedMonitoring: [{ ShardLevelMetrics: [] }], EncryptionType: encrypted ? 'KMS' : 'NONE', ...(encrypted ? { KeyId: customerKey(plan, s) } : {}), OpenShardCount: 4, ConsumerCount: 1,
          },
        };
      },
    },
  };
}

/** The SQS, SNS and Kinesis answers of the account. */
export function messagingAnswers(plan: AccountPlan): AnswerTable {
  return { ...sqsAnswers(plan), ...snsAnswers(plan), ...kinesisAnswers(plan) };
}
