/**
 * ELBv2 load balancer snapshots (kind "elbv2-load-balancer"): an ALB, NLB or Gateway Load
 * Balancer with its S3 access-log attributes, and for an NLB whose logs are off the protocols of
 * its listeners (NLB access logs only ever record TLS connections).
 */
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { AccessLogSettings, Elbv2LoadBalancerState } from '../model/states/elbv2.ts';
import { configItemTags, deletedFromItem, isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { field, idsAt } from './ec2-common.ts';
import { idsFromPages, readPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import { mapLimit } from '../util/concurrency.ts';

const KIND = 'elbv2-load-balancer';
const RESOURCE_TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LB_NOT_FOUND = { names: ['LoadBalancerNotFoundException', 'LoadBalancerNotFound'], fallback: null };
const TAGS = 'elasticloadbalancing:DescribeTags';
/** Load balancers of one listing page read at once: three small calls each. */
const PAGE_CONCURRENCY = 5;
/** ALB, NLB and GWLB ARNs; a Classic Load Balancer's (`loadbalancer/<name>`) is not this kind's. */
const V2_LB_ARN = /^arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:loadbalancer\/(app|net|gwy)\/[^/]+\/[^/]+$/;

type Loose = Record<string, unknown>;

/** `access_logs.s3.*` from `[{Key, Value}]` (API) or `[{key, value}]` (Config item); undefined when absent. */
function accessLogsFrom(attributes: unknown): AccessLogSettings | undefined {
  if (!Array.isArray(attributes)) return undefined;
  const byKey = new Map<string, string>();
  for (const attribute of attributes as Loose[]) {
    const key = field(attribute, 'Key', 'key');
    const value = field(attribute, 'Value', 'value');
    if (typeof key === 'string') byKey.set(key, typeof value === 'string' ? value : String(value ?? ''));
  }
  const enabled = byKey.get('access_logs.s3.enabled');
  if (enabled === undefined) return undefined;
  const bucket = byKey.get('access_logs.s3.bucket');
  const prefix = byKey.get('access_logs.s3.prefix');
  return { enabled: enabled.toLowerCase() === 'true', ...(bucket ? { bucket } : {}), ...(prefix ? { prefix } : {}) };
}

/** The resource; its id is the ARN, but an id from a malformed trigger is no ARN and is not called one. */
function resourceOf(id: string) {
  return { type: RESOURCE_TYPE, id, ...(id.startsWith('arn:') ? { arn: id } : {}) };
}

function baseOf(ctx: CollectContext, arn: string) {
  return { kind: KIND, resource: resourceOf(arn), account: ctx.account, region: ctx.region, source: 'api' as const };
}

/** The facts of one listed load balancer: attributes, NLB listeners when they decide, tags when a check wants them. */
async function snapshotOfListed(ctx: CollectContext, lb: LoadBalancer): Promise<Snapshot<Elbv2LoadBalancerState>> {
  const arn = lb.LoadBalancerArn ?? '';
  const base = baseOf(ctx, arn);
  const elbv2 = ctx.clients.get(ElasticLoadBalancingV2Client);
  const type = lb.Type ?? 'application';
  const wantTags = !ctx.reads || ctx.reads.has(TAGS);
  const tagged = wantTags ? read(TAGS, () => elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] }))) : undefined;
  const state: Elbv2LoadBalancerState = {
    loadBalancerArn: arn,
    ...(lb.LoadBalancerName ? { name: lb.LoadBalancerName } : {}),
    type,
    ...(lb.Scheme ? { scheme: lb.Scheme } : {}),
    accessLogs: { enabled: false },
  };
  // A Gateway Load Balancer has no access logs to read.
  if (type !== 'gateway') {
    const attributes = await read('elasticloadbalancing:DescribeLoadBalancerAttributes', () => elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn })), LB_NOT_FOUND);
    if (isFailure(attributes)) return { ...base, error: attributes.error };
    if (attributes === null) return { ...base, deleted: true };
    state.accessLogs = accessLogsFrom(attributes.Attributes) ?? { enabled: false };
  }
  if (type === 'network' && !state.accessLogs.enabled) {
    const pages = paginateDescribeListeners({ client: elbv2 }, { LoadBalancerArn: arn });
    const protocols = await readPages('elasticloadbalancing:DescribeListeners', pages, (page) => (page.Listeners ?? []).map((l) => l.Protocol ?? 'unknown'));
    if (isFailure(protocols)) return LB_NOT_FOUND.names.includes(protocols.error.name) ? { ...base, deleted: true } : { ...base, error: protocols.error };
    state.listenerProtocols = [...new Set(protocols)].sort();
  }
  const tags = tagged ? await tagged : undefined;
  if (tags === undefined) return { ...base, state };
  if (isFailure(tags)) return { ...base, tagsError: tags.error, state };
  return { ...base, tags: tagsFromList(tags.TagDescriptions?.find((d) => d.ResourceArn === arn)?.Tags), state };
}

async function collect(ctx: CollectContext, arn: string): Promise<Snapshot<Elbv2LoadBalancerState>> {
  const elbv2 = ctx.clients.get(ElasticLoadBalancingV2Client);
  const out = await read('elasticloadbalancing:DescribeLoadBalancers', () => elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })), LB_NOT_FOUND);
  if (isFailure(out)) return { ...baseOf(ctx, arn), error: out.error };
  const lb = out?.LoadBalancers?.find((l) => l.LoadBalancerArn === arn);
  if (!lb) return { ...baseOf(ctx, arn), deleted: true };
  return snapshotOfListed(ctx, lb);
}

function enumerate(ctx: CollectContext): AsyncIterable<string> {
  const pages = paginateDescribeLoadBalancers({ client: ctx.clients.get(ElasticLoadBalancingV2Client) }, {});
  return idsFromPages(pages, (page) => page.LoadBalancers, (lb) => lb.LoadBalancerArn);
}

/** The sweep reads each listed load balancer's attributes without describing it a second time. */
async function* snapshotsFromListing(ctx: CollectContext): AsyncIterable<Snapshot<Elbv2LoadBalancerState>> {
  for await (const page of paginateDescribeLoadBalancers({ client: ctx.clients.get(ElasticLoadBalancingV2Client) }, {})) {
    const listed = (page.LoadBalancers ?? []).filter((lb) => lb.LoadBalancerArn);
    yield* await mapLimit(listed, PAGE_CONCURRENCY, (lb) => snapshotOfListed(ctx, lb));
  }
}

/**
 * The item's `supplementaryConfiguration.LoadBalancerAttributes` holds the access-log settings.
 * An NLB whose logs are off also needs its listeners, which the item lacks: read live.
 */
function fromConfigItem(item: ConfigItem): Snapshot<Elbv2LoadBalancerState> | undefined {
  if (item.resourceType !== RESOURCE_TYPE) return undefined;
  const resource = resourceOf(item.arn ?? item.resourceId);
  if (isGoneItem(item)) return deletedFromItem(KIND, item, { resource });
  const config = item.configuration ?? {};
  const type = field(config, 'type', 'Type');
  const accessLogs = accessLogsFrom(item.supplementaryConfiguration.LoadBalancerAttributes);
  if (typeof type !== 'string' || (!accessLogs && type !== 'gateway')) return undefined;
  if (type === 'network' && !accessLogs?.enabled) return undefined;
  const name = field(config, 'loadBalancerName', 'LoadBalancerName');
  const scheme = field(config, 'scheme', 'Scheme');
  const state: Elbv2LoadBalancerState = {
    loadBalancerArn: resource.id,
    ...(typeof name === 'string' ? { name } : {}),
    type,
    ...(typeof scheme === 'string' ? { scheme } : {}),
    accessLogs: accessLogs ?? { enabled: false },
  };
  return { ...snapshotFromItem(KIND, item, { resource, tags: configItemTags(item) }), state };
}

/**
 * The load balancer a listener belongs to, from the listener's ARN:
 * `...:listener/net/<lb>/<lb-id>/<listener-id>` → `...:loadbalancer/net/<lb>/<lb-id>`.
 */
function loadBalancerOfListener(listenerArn: string): string | undefined {
  const match = /^(arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:)listener\/((?:app|net|gwy)\/[^/]+\/[^/]+)\/[^/]+$/.exec(listenerArn);
  return match ? `${match[1]}loadbalancer/${match[2]}` : undefined;
}

/**
 * CreateLoadBalancer returns `loadBalancers[].loadBalancerArn`; ModifyLoadBalancerAttributes,
 * DeleteLoadBalancer and CreateListener name `loadBalancerArn` in the request; ModifyListener
 * and DeleteListener name only `listenerArn`, whose load balancer the ARN itself gives.
 * Classic Load Balancer events (same event source, `loadBalancerName`) name none of this kind.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  const direct = idsAt(record, ['requestParameters.loadBalancerArn', 'responseElements.loadBalancers.loadBalancerArn', 'responseElements.listeners.loadBalancerArn'], 'arn:');
  const ofListeners = idsAt(record, ['requestParameters.listenerArn'], 'arn:').flatMap((arn) => loadBalancerOfListener(arn) ?? []);
  return [...new Set([...direct, ...ofListeners])].filter((arn) => V2_LB_ARN.test(arn));
}

/** ELBv2 load balancers (ALB, NLB, GWLB) by ARN. */
export const elbv2LoadBalancerKind: SnapshotKind<Elbv2LoadBalancerState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate,
  snapshotsFromListing,
  fromConfigItem,
  idsFromEvent,
};
