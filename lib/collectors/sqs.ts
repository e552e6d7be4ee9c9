/**
 * SQS queues (kind "sqs-queue"), named by queue URL in its service-endpoint form
 * (`https://sqs.<region>.amazonaws.com/<account>/<name>`): the id AWS Config records a queue
 * under, what ListQueues answers and what every queue API and CloudTrail event takes. Events and
 * older SDKs also write the legacy endpoints (`https://queue.amazonaws.com/...`,
 * `https://<region>.queue.amazonaws.com/...`); those are rewritten so one queue has one id.
 */
import { GetQueueAttributesCommand, ListQueueTagsCommand, paginateListQueues, SQSClient } from '@aws-sdk/client-sqs';
import type { Snapshot } from '../model/check.ts';
import { partitionOf, type CloudTrailRecord } from '../model/cloudtrail.ts';
import { isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { text, withArn } from './values.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { SqsQueueState } from '../model/states/sqs.ts';

const KIND = 'sqs-queue';
const RESOURCE_TYPE = 'AWS::SQS::Queue';
const TAGS_READ = 'sqs:ListQueueTags';
/** QueueDoesNotExist is the SDK's name; the query-compatible wire code is the older one. */
const NOT_FOUND = { names: ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'], fallback: null };
/** Without MaxResults ListQueues returns at most 1,000 queues and no NextToken: the rest would be silently missed. */
const PAGE_SIZE = 1000;

/** The region a queue URL's host names, if it names one (the legacy us-east-1 host does not). */
function hostRegion(host: string): string | undefined {
  return /^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(host)?.[1] ?? /^([a-z0-9-]+)\.queue\.amazonaws\.com(\.cn)?$/.exec(host)?.[1];
}

function serviceUrl(region: string, account: string, name: string): string {
  return `https://sqs.${region}.amazonaws.com${partitionOf(region) === 'aws-cn' ? '.cn' : ''}/${account}/${name}`;
}

/**
 * The service-endpoint form of a queue URL, whatever endpoint it was written with; `region` is
 * used when the host names none. Undefined for what is not a queue URL.
 *
 * @example canonicalQueueUrl('https://queue.amazonaws.com/123456789012/orders', 'us-east-1') // 'https://sqs.us-east-1.amazonaws.com/123456789012/orders'
 */
export function canonicalQueueUrl(url: string, region: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const [account, name, ...rest] = parsed.pathname.split('/').filter((part) => part !== '');
  if (!account || !/^\d{12}$/.test(account) || !name || rest.length > 0) return undefined;
  return serviceUrl(hostRegion(parsed.hostname) ?? region, account, name);
}

/** The queue's name: the URL's last path segment. */
function queueNameOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

/** The queue's ARN from its service-endpoint URL; undefined for what is not one. */
function queueArnOf(url: string): string | undefined {
  const match = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([^/]+)$/.exec(url);
  return match ? `arn:${partitionOf(match[1])}:sqs:${match[1]}:${match[2]}:${match[3]}` : undefined;
}

/** SqsManagedSseEnabled is the string "true"/"false" in GetQueueAttributes and Config items. */
function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

async function collect(ctx: CollectContext, id: string): Promise<Snapshot<SqsQueueState>> {
  const queueUrl = canonicalQueueUrl(id, ctx.region);
  if (!queueUrl) {
    // Every queue API takes the URL (the SDK cannot even send another value): no such queue can be read.
    const error = { operation: 'sqs:GetQueueAttributes', code: 'NOT_FOUND' as const, name: 'InvalidQueueUrl', message: `${id} is not an SQS queue URL` };
    return { kind: KIND, resource: { type: RESOURCE_TYPE, id }, account: ctx.account, region: ctx.region, source: 'api', error };
  }
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id: queueUrl }, account: ctx.account, region: ctx.region, source: 'api' as const };
  const sqs = ctx.clients.get(SQSClient);
  const input = { QueueUrl: queueUrl, AttributeNames: ['QueueArn' as const, 'KmsMasterKeyId' as const, 'SqsManagedSseEnabled' as const] };
  const out = await read('sqs:GetQueueAttributes', () => sqs.send(new GetQueueAttributesCommand(input)), NOT_FOUND);
  if (isFailure(out)) return { ...base, error: out.error };
  if (out === null) return { ...base, deleted: true };
  const attributes: Record<string, string> = out.Attributes ?? {};
  const state: SqsQueueState = {
    queueUrl,
    queueName: queueNameOf(queueUrl),
    kmsMasterKeyId: text(attributes.KmsMasterKeyId),
    // An attribute SQS does not return is not set: the live answer is the authority.
    sqsManagedSseEnabled: flag(attributes.SqsManagedSseEnabled) ?? false,
  };
  const resource = { ...base.resource, ...withArn(attributes.QueueArn, queueArnOf(queueUrl)) };
  if (ctx.reads && !ctx.reads.has(TAGS_READ)) return { ...base, resource, state };
  // PHI scope comes from the tags: a failed read leaves it unknown (runCheck judges by the stricter rule).
  const tagged = await read(TAGS_READ, () => sqs.send(new ListQueueTagsCommand({ QueueUrl: queueUrl })));
  return { ...base, resource, ...(isFailure(tagged) ? { tagsError: tagged.error } : { tags: tagged.Tags ?? {} }), state };
}

async function* enumerate(ctx: CollectContext): AsyncIterable<string> {
  for await (const page of paginateListQueues({ client: ctx.clients.get(SQSClient) }, { MaxResults: PAGE_SIZE })) {
    for (const url of page.QueueUrls ?? []) {
      const id = canonicalQueueUrl(url, ctx.region);
      if (id) yield id;
    }
  }
}

/**
 * The item's configuration is the queue's attribute map (KmsMasterKeyId, SqsManagedSseEnabled as
 * "true"/"false"). Items recorded before SSE-SQS existed carry neither: those are read live, as
 * "not encrypted" would be a guess.
 */
function fromConfigItem(item: ConfigItem): Snapshot<SqsQueueState> | undefined {
  if (item.resourceType !== RESOURCE_TYPE) return undefined;
  const config = item.configuration ?? {};
  const queueUrl = canonicalQueueUrl(item.resourceId, item.awsRegion) ?? item.resourceId;
  const base = snapshotFromItem<SqsQueueState>(KIND, item, { resource: { type: RESOURCE_TYPE, id: queueUrl, ...withArn(config.QueueArn, item.arn) } });
  if (isGoneItem(item)) return { ...base, deleted: true };
  const kmsMasterKeyId = text(config.KmsMasterKeyId);
  const sqsManagedSseEnabled = flag(config.SqsManagedSseEnabled);
  if (kmsMasterKeyId === null && sqsManagedSseEnabled === undefined) return undefined;
  return { ...base, state: { queueUrl, queueName: queueNameOf(queueUrl), kmsMasterKeyId, sqsManagedSseEnabled: sqsManagedSseEnabled ?? false } };
}

/**
 * Every queue event names the queue by requestParameters.queueUrl, except CreateQueue: its
 * request names queueName and its response the new queueUrl.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  const request = record.requestParameters ?? {};
  const response = record.responseElements ?? {};
  const urls = [text(request.queueUrl), text(response.queueUrl)].filter((url): url is string => url !== null);
  const account = record.recipientAccountId ?? record.userIdentity?.accountId;
  const name = text(request.queueName);
  if (urls.length === 0 && name && account && record.awsRegion) urls.push(serviceUrl(record.awsRegion, account, name));
  const ids = urls.map((url) => canonicalQueueUrl(url, record.awsRegion)).filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}

/**
 * Snapshot kind "sqs-queue": one SQS queue, id = its queue URL (service-endpoint form).
 *
 * @example
 * const snapshot = await sqsQueueKind.collect(ctx, 'https://sqs.us-east-1.amazonaws.com/111122223333/claims');
 * snapshot.state?.kmsMasterKeyId; // 'alias/claims'
 */
export const sqsQueueKind: SnapshotKind<SqsQueueState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate,
  fromConfigItem,
  idsFromEvent,
};
