/**
 * ElastiCache caches (kind "elasticache-cache"): node-based replication groups (Valkey, Redis OSS),
 * id = the replication group id, and serverless caches, id = "serverlesscache:<name>" (the ARN's
 * resource part), so one id says which API describes it. AWS Config does not record ElastiCache,
 * so there is no Config item to read from.
 */
import {
  DescribeReplicationGroupsCommand,
  DescribeServerlessCachesCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  paginateDescribeReplicationGroups,
  paginateDescribeServerlessCaches,
  type ReplicationGroup,
  type ServerlessCache,
} from '@aws-sdk/client-elasticache';
import type { ResourceRef, Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ElastiCacheState } from '../model/states/elasticache.ts';
import { mapLimit } from '../util/concurrency.ts';
import { textOf as text } from './members.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'elasticache-cache';
const GROUP_TYPE = 'AWS::ElastiCache::ReplicationGroup';
const SERVERLESS_TYPE = 'AWS::ElastiCache::ServerlessCache';
const SERVERLESS_PREFIX = 'serverlesscache:';
const TAGS_READ = 'elasticache:ListTagsForResource';
/** Tag reads in flight per listing page. */
const TAG_CONCURRENCY = 8;

/** Replication groups say "deleting", serverless caches "DELETING": the cache is on its way out. */
function isDeleting(status: string | undefined): boolean {
  return status?.toLowerCase() === 'deleting';
}

function groupState(group: ReplicationGroup, id: string): ElastiCacheState {
  const mode = group.TransitEncryptionMode;
  return {
    deployment: 'replication-group',
    replicationGroupId: group.ReplicationGroupId ?? id,
    engine: text(group.Engine),
    status: text(group.Status),
    atRestEncryptionEnabled: group.AtRestEncryptionEnabled === true,
    kmsKeyId: text(group.KmsKeyId),
    transitEncryptionEnabled: group.TransitEncryptionEnabled === true,
    transitEncryptionMode: mode === 'required' || mode === 'preferred' ? mode : null,
  };
}

function serverlessState(cache: ServerlessCache, name: string): ElastiCacheState {
  return {
    deployment: 'serverless',
    serverlessCacheName: cache.ServerlessCacheName ?? name,
    engine: text(cache.Engine),
    status: text(cache.Status),
    kmsKeyId: text(cache.KmsKeyId),
  };
}

function base(ctx: CollectContext, resource: ResourceRef) {
  return { kind: KIND, resource, account: ctx.account, region: ctx.region, source: 'api' as const };
}

/**
 * The snapshot of a described cache, with its tags when a check at hand declares the tag read.
 * Every cache is judged alike: tags only say whether the record's cache is PHI-scoped.
 */
async function described(ctx: CollectContext, resource: ResourceRef, state: ElastiCacheState): Promise<Snapshot<ElastiCacheState>> {
  if (!resource.arn || (ctx.reads && !ctx.reads.has(TAGS_READ))) return { ...base(ctx, resource), state };
  const arn = resource.arn;
  const tags = await read(TAGS_READ, () => ctx.clients.get(ElastiCacheClient).send(new ListTagsForResourceCommand({ ResourceName: arn })));
  return { ...base(ctx, resource), ...(isFailure(tags) ? { tagsError: tags.error } : { tags: tagsFromList(tags.TagList) }), state };
}

function groupResource(group: ReplicationGroup, id: string): ResourceRef {
  return { type: GROUP_TYPE, id: group.ReplicationGroupId ?? id, ...(group.ARN ? { arn: group.ARN } : {}) };
}

function serverlessResource(cache: ServerlessCache, name: string): ResourceRef {
  return { type: SERVERLESS_TYPE, id: `${SERVERLESS_PREFIX}${cache.ServerlessCacheName ?? name}`, ...(cache.ARN ? { arn: cache.ARN } : {}) };
}

async function collectGroup(ctx: CollectContext, id: string): Promise<Snapshot<ElastiCacheState>> {
  const input = { ReplicationGroupId: id };
  const out = await read('elasticache:DescribeReplicationGroups', () => ctx.clients.get(ElastiCacheClient).send(new DescribeReplicationGroupsCommand(input)), {
    names: ['ReplicationGroupNotFoundFault'],
    fallback: null,
  });
  if (isFailure(out)) return { ...base(ctx, { type: GROUP_TYPE, id }), error: out.error };
  const group = out?.ReplicationGroups?.find((g) => g.ReplicationGroupId === id);
  // Not found, or on its way out: nothing left to judge.
  if (!group || isDeleting(group.Status)) return { ...base(ctx, { type: GROUP_TYPE, id }), deleted: true };
  return described(ctx, groupResource(group, id), groupState(group, id));
}

async function collectServerless(ctx: CollectContext, id: string): Promise<Snapshot<ElastiCacheState>> {
  const name = id.slice(SERVERLESS_PREFIX.length);
  const input = { ServerlessCacheName: name };
  const out = await read('elasticache:DescribeServerlessCaches', () => ctx.clients.get(ElastiCacheClient).send(new DescribeServerlessCachesCommand(input)), {
    names: ['ServerlessCacheNotFoundFault'],
    fallback: null,
  });
  if (isFailure(out)) return { ...base(ctx, { type: SERVERLESS_TYPE, id }), error: out.error };
  const cache = out?.ServerlessCaches?.find((c) => c.ServerlessCacheName === name);
  if (!cache || isDeleting(cache.Status)) return { ...base(ctx, { type: SERVERLESS_TYPE, id }), deleted: true };
  return described(ctx, serverlessResource(cache, name), serverlessState(cache, name));
}

function collectCache(ctx: CollectContext, id: string): Promise<Snapshot<ElastiCacheState>> {
  return id.startsWith(SERVERLESS_PREFIX) ? collectServerless(ctx, id) : collectGroup(ctx, id);
}

async function* enumerateCaches(ctx: CollectContext): AsyncIterable<string> {
  const client = ctx.clients.get(ElastiCacheClient);
  for await (const page of paginateDescribeReplicationGroups({ client }, {})) {
    for (const group of page.ReplicationGroups ?? []) if (group.ReplicationGroupId) yield group.ReplicationGroupId;
  }
  for await (const page of paginateDescribeServerlessCaches({ client }, {})) {
    for (const cache of page.ServerlessCaches ?? []) if (cache.ServerlessCacheName) yield `${SERVERLESS_PREFIX}${cache.ServerlessCacheName}`;
  }
}

/** The listings carry every fact the check reads: one call per page, plus the tag reads. */
async function* cachesFromListing(ctx: CollectContext): AsyncIterable<Snapshot<ElastiCacheState>> {
  const client = ctx.clients.get(ElastiCacheClient);
  for await (const page of paginateDescribeReplicationGroups({ client }, {})) {
    const groups = (page.ReplicationGroups ?? []).filter((g) => g.ReplicationGroupId && !isDeleting(g.Status));
    yield* await mapLimit(groups, TAG_CONCURRENCY, (g) => described(ctx, groupResource(g, g.ReplicationGroupId!), groupState(g, g.ReplicationGroupId!)));
  }
  for await (const page of paginateDescribeServerlessCaches({ client }, {})) {
    const caches = (page.ServerlessCaches ?? []).filter((c) => c.ServerlessCacheName && !isDeleting(c.Status));
    yield* await mapLimit(caches, TAG_CONCURRENCY, (c) => described(ctx, serverlessResource(c, c.ServerlessCacheName!), serverlessState(c, c.ServerlessCacheName!)));
  }
}

/**
 * Replication group events name the group `replicationGroupId` in requestParameters (create,
 * modify, delete) and in responseElements, flat as CloudTrail writes the query API's single result
 * member (or under `replicationGroup`, the result's own name); serverless events name the cache
 * `serverlessCacheName`, in responseElements under `serverlessCache`. ElastiCache stores both in
 * lower case whatever the caller typed.
 */
function cacheIdsFromEvent(record: CloudTrailRecord): string[] {
  const request = record.requestParameters ?? {};
  const response = record.responseElements ?? {};
  const serverless = (response.serverlessCache ?? {}) as Record<string, unknown>;
  const wrapped = (response.replicationGroup ?? {}) as Record<string, unknown>;
  const groups = [request.replicationGroupId, response.replicationGroupId, wrapped.replicationGroupId].map(text);
  const caches = [request.serverlessCacheName, serverless.serverlessCacheName].map(text);
  const ids = [
    ...groups.filter((v): v is string => v !== null).map((v) => v.toLowerCase()),
    ...caches.filter((v): v is string => v !== null).map((v) => `${SERVERLESS_PREFIX}${v.toLowerCase()}`),
  ];
  return [...new Set(ids)];
}

/**
 * Snapshot kind "elasticache-cache": one replication group or serverless cache.
 *
 * @example
 * const snapshot = await elastiCacheKind.collect(ctx, 'sessions');
 * snapshot.state?.deployment; // 'replication-group'
 */
export const elastiCacheKind: SnapshotKind<ElastiCacheState> = {
  kind: KIND,
  resourceType: GROUP_TYPE,
  collect: collectCache,
  enumerate: enumerateCaches,
  snapshotsFromListing: cachesFromListing,
  idsFromEvent: cacheIdsFromEvent,
};
