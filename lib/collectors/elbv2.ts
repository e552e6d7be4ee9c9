/**
 * ELBv2 listener snapshots (kind "elbv2-listener"): protocol, port, TLS policy and default
 * actions of one listener, with its load balancer's scheme and tags.
 */
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { configItemTags, deletedFromItem, isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { field, idsAt } from './ec2-common.ts';
import { idsFromPages } from './pages.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { Elbv2ListenerState, ListenerAction } from '../model/states/elbv2.ts';

const KIND = 'elbv2-listener';
const RESOURCE_TYPE = 'AWS::ElasticLoadBalancingV2::Listener';

type Loose = Record<string, unknown>;

function action(a: Loose): ListenerAction {
  const redirect = field(a, 'RedirectConfig', 'redirectConfig') as Loose | undefined;
  const protocol = field(redirect, 'Protocol', 'protocol');
  const port = field(redirect, 'Port', 'port');
  return {
    type: String(field(a, 'Type', 'type') ?? 'unknown'),
    ...(typeof protocol === 'string' ? { redirectProtocol: protocol } : {}),
    ...(typeof port === 'string' || typeof port === 'number' ? { redirectPort: String(port) } : {}),
  };
}

/** Build the state from a DescribeListeners listener or a listener Config item configuration. */
export function listenerState(listener: Loose, loadBalancer: Elbv2ListenerState['loadBalancer'] | undefined): Elbv2ListenerState | undefined {
  const protocol = field(listener, 'Protocol', 'protocol');
  if (typeof protocol !== 'string') return undefined;
  const port = Number(field(listener, 'Port', 'port'));
  const sslPolicy = field(listener, 'SslPolicy', 'sslPolicy');
  const actions = field(listener, 'DefaultActions', 'defaultActions');
  const lbArn = String(field(listener, 'LoadBalancerArn', 'loadBalancerArn') ?? '');
  return {
    listenerArn: String(field(listener, 'ListenerArn', 'listenerArn') ?? ''),
    protocol: protocol.toUpperCase(),
    ...(Number.isFinite(port) ? { port } : {}),
    ...(typeof sslPolicy === 'string' && sslPolicy ? { sslPolicy } : {}),
    defaultActions: Array.isArray(actions) ? actions.map((a) => action(a as Loose)) : [],
    loadBalancer: loadBalancer ?? { arn: lbArn },
  };
}

async function collect(ctx: CollectContext, listenerArn: string): Promise<Snapshot<Elbv2ListenerState>> {
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id: listenerArn, arn: listenerArn }, account: ctx.account, region: ctx.region, source: 'api' as const };
  const elbv2 = ctx.clients.elbv2;
  const listeners = await read('elasticloadbalancing:DescribeListeners', () => elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] })), {
    names: ['ListenerNotFoundException', 'ListenerNotFound'],
    fallback: null,
  });
  if (isFailure(listeners)) return { ...base, error: listeners.error };
  const listener = listeners?.Listeners?.find((l) => l.ListenerArn === listenerArn);
  if (!listener?.LoadBalancerArn) return { ...base, deleted: true };
  const lbArn = listener.LoadBalancerArn;
  const [lbs, tagged] = await Promise.all([
    read('elasticloadbalancing:DescribeLoadBalancers', () => elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [lbArn] })), {
      names: ['LoadBalancerNotFoundException', 'LoadBalancerNotFound'],
      fallback: null,
    }),
    // The listener's own tags override its load balancer's (both answer in one call).
    read('elasticloadbalancing:DescribeTags', () => elbv2.send(new DescribeTagsCommand({ ResourceArns: [lbArn, listenerArn] }))),
  ]);
  if (isFailure(lbs)) return { ...base, error: lbs.error };
  const lb = lbs?.LoadBalancers?.find((l) => l.LoadBalancerArn === lbArn);
  // The load balancer went away between the two reads: so did the listener.
  if (!lb) return { ...base, deleted: true };
  if (isFailure(tagged)) return { ...base, error: tagged.error };
  const tagsOf = (arn: string) => tagsFromList(tagged.TagDescriptions?.find((d) => d.ResourceArn === arn)?.Tags);
  const state = listenerState(listener as Loose, {
    arn: lbArn,
    ...(lb.LoadBalancerName ? { name: lb.LoadBalancerName } : {}),
    ...(lb.Scheme ? { scheme: lb.Scheme } : {}),
    ...(lb.Type ? { type: lb.Type } : {}),
  });
  if (!state) return { ...base, error: { operation: 'elasticloadbalancing:DescribeListeners', kind: 'Other', name: 'MissingProtocol', message: `${listenerArn} has no Protocol` } };
  return { ...base, tags: { ...tagsOf(lbArn), ...tagsOf(listenerArn) }, state };
}

/** Every listener of every load balancer, both lists paginated. */
async function* enumerate(ctx: CollectContext): AsyncIterable<string> {
  const client = ctx.clients.elbv2;
  for await (const lbArn of idsFromPages(paginateDescribeLoadBalancers({ client }, {}), (page) => page.LoadBalancers, (lb) => lb.LoadBalancerArn)) {
    yield* idsFromPages(paginateDescribeListeners({ client }, { LoadBalancerArn: lbArn }), (page) => page.Listeners, (listener) => listener.ListenerArn);
  }
}

function fromConfigItem(item: ConfigItem): Snapshot<Elbv2ListenerState> | undefined {
  if (item.resourceType !== RESOURCE_TYPE) return undefined;
  if (isGoneItem(item)) return deletedFromItem(KIND, item);
  const state = item.configuration ? listenerState({ ListenerArn: item.resourceId, ...item.configuration }, undefined) : undefined;
  if (!state) return undefined;
  // A listener's id is its ARN, so an item without `arn` still names it.
  return { ...snapshotFromItem(KIND, item, { resource: { type: RESOURCE_TYPE, arn: item.arn ?? item.resourceId }, tags: configItemTags(item) }), state };
}

/**
 * ModifyListener and DeleteListener name `listenerArn` in the request; CreateListener and
 * ModifyListener return `listeners[].listenerArn`.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  return idsAt(record, ['requestParameters.listenerArn', 'responseElements.listeners.listenerArn'], 'arn:').filter((arn) =>
    arn.includes(':listener/'),
  );
}

/** ELBv2 listeners by ARN. */
export const elbv2ListenerKind: SnapshotKind<Elbv2ListenerState> = {
  kind: KIND,
  resourceType: RESOURCE_TYPE,
  collect,
  enumerate,
  fromConfigItem,
  idsFromEvent,
};
