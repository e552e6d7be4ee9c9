/**
 * CloudWatch Logs log group snapshots (kind "logs-log-group"): key, retention and class straight
 * from DescribeLogGroups, and the group's tags when a check at hand declares the tag read. AWS
 * Config does not record log groups, so there is no `fromConfigItem`.
 */
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  paginateDescribeLogGroups,
  type LogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Snapshot } from '../model/check.ts';
import { partitionOf, type CloudTrailRecord } from '../model/cloudtrail.ts';
import type { LogGroupState } from '../model/states/logs.ts';
import { idsAt } from './ec2-common.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { mapLimit } from '../util/concurrency.ts';

const KIND = 'logs-log-group';
const RESOURCE_TYPE = 'AWS::Logs::LogGroup';
const TAGS = 'logs:ListTagsForResource';
/** Tag reads of one listing page (up to 50 groups) in flight at once. */
const TAG_CONCURRENCY = 5;
/** `arn:<partition>:logs:<region>:<account>:log-group:<name>` with or without `:*`; names hold no colon. */
const LOG_GROUP_ARN = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(?::\*)?$/;

/** The group name from a name or a log-group ARN; undefined for another resource's ARN. */
function logGroupNameOf(value: string): string | undefined {
  if (!value.startsWith('arn:')) return value;
  return LOG_GROUP_ARN.exec(value)?.[1];
}

function arnOf(ctx: CollectContext, group: LogGroup, name: string): string {
  return group.logGroupArn ?? group.arn?.replace(/:\*$/, '') ?? `arn:${partitionOf(ctx.region)}:logs:${ctx.region}:${ctx.account}:log-group:${name}`;
}

function stateOf(ctx: CollectContext, group: LogGroup, name: string): LogGroupState {
  return {
    logGroupName: name,
    arn: arnOf(ctx, group, name),
    kmsKeyId: group.kmsKeyId ?? null,
    // An absent retentionInDays is "never expire" (DescribeLogGroups omits it then).
    retentionInDays: typeof group.retentionInDays === 'number' ? group.retentionInDays : null,
    ...(group.retentionPolicyName ? { retentionPolicyName: group.retentionPolicyName } : {}),
    ...(group.logGroupClass ? { logGroupClass: group.logGroupClass } : {}),
    ...(typeof group.storedBytes === 'number' ? { storedBytes: group.storedBytes } : {}),
    ...(typeof group.creationTime === 'number' ? { createdAt: new Date(group.creationTime).toISOString() } : {}),
  };
}

/** A listed group's snapshot, with its tags read when a check at hand wants them (tagging takes the ARN without `:*`). */
async function snapshotOfGroup(ctx: CollectContext, group: LogGroup, name: string): Promise<Snapshot<LogGroupState>> {
  const state = stateOf(ctx, group, name);
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id: name, arn: state.arn }, account: ctx.account, region: ctx.region, source: 'api' as const, state };
  if (ctx.reads && !ctx.reads.has(TAGS)) return base;
  const tagged = await read(TAGS, () => ctx.clients.get(CloudWatchLogsClient).send(new ListTagsForResourceCommand({ resourceArn: state.arn })));
  if (isFailure(tagged)) return { ...base, tagsError: tagged.error };
  return { ...base, tags: { ...tagged.tags } };
}

async function collect(ctx: CollectContext, id: string): Promise<Snapshot<LogGroupState>> {
  const name = logGroupNameOf(id) ?? id;
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id: name }, account: ctx.account, region: ctx.region, source: 'api' as const };
  // logGroupIdentifiers matches whole names (a prefix would also list "<name>-other").
  const out = await read('logs:DescribeLogGroups', () =>
    ctx.clients.get(CloudWatchLogsClient).send(new DescribeLogGroupsCommand({ logGroupIdentifiers: [name] })),
  );
  if (isFailure(out)) return { ...base, error: out.error };
  const group = out.logGroups?.find((g) => g.logGroupName === name);
  if (!group) return { ...base, deleted: true };
  return snapshotOfGroup(ctx, group, name);
}

function enumerate(ctx: CollectContext): AsyncIterable<string> {
  return idsFromPages(paginateDescribeLogGroups({ client: ctx.clients.get(CloudWatchLogsClient) }, {}), (page) => page.logGroups, (g) => g.logGroupName);
}

/** DescribeLogGroups carries every fact but the tags: one call per 50 groups, plus the tag reads a check asks for. */
async function* snapshotsFromListing(ctx: CollectContext): AsyncIterable<Snapshot<LogGroupState>> {
  for await (const page of paginateDescribeLogGroups({ client: ctx.clients.get(CloudWatchLogsClient) }, {})) {
    const groups = (page.logGroups ?? []).filter((g): g is LogGroup & { logGroupName: string } => typeof g.logGroupName === 'string' && g.logGroupName !== '');
    yield* await mapLimit(groups, TAG_CONCURRENCY, (g) => snapshotOfGroup(ctx, g, g.logGroupName));
  }
}

/**
 * CreateLogGroup, DeleteLogGroup, AssociateKmsKey, DisassociateKmsKey, PutRetentionPolicy,
 * DeleteRetentionPolicy and the legacy TagLogGroup name `logGroupName`; newer requests may name
 * `logGroupIdentifier` (a name or ARN); TagResource and UntagResource name `resourceArn`, and
 * AssociateKmsKey `resourceIdentifier`, which may be a query-result ARN rather than a group's.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  const paths = ['logGroupName', 'logGroupIdentifier', 'resourceArn', 'resourceIdentifier'].map((key) => `requestParameters.${key}`);
  const names = idsAt(record, paths, '').flatMap((value) => logGroupNameOf(value) ?? []);
  return [...new Set(names.filter((name) => name !== ''))];
}

/** CloudWatch Logs log groups by name. */
export const logGroupKind: SnapshotKind<LogGroupState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate,
  snapshotsFromListing,
  idsFromEvent,
};
