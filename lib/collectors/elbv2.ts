/**
 * ELBv2 listener snapshots (kind "elbv2-listener"): protocol, port, TLS policy and default
 * actions of one listener, with its load balancer's scheme and tags, and, for an HTTP listener
 * that redirects to HTTPS by default, its rules (a rule can still forward plain HTTP).
 */
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTagsCommand, paginateDescribeListeners, paginateDescribeLoadBalancers, paginateDescribeRules, type TagDescription, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import { configItemTags, deletedFromItem, isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { field, idsAt } from './ec2-common.ts';
import { idsFromPages, readPages } from './pages.ts';
import { isFailure, read, type ReadFailure } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';
import type { ConfigItem } from '../model/config-item.ts';
import { redirectsToHttps, type Elbv2ListenerState, type ListenerAction, type ListenerRule } from '../model/states/elbv2.ts';

const KIND = 'elbv2-listener';
const RESOURCE_TYPE = 'AWS::ElasticLoadBalancingV2::Listener';

type Loose = Record<string, unknown>;
const LISTENER_NOT_FOUND = ['ListenerNotFoundException', 'ListenerNotFound'];

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

function actionsOf(actions: unknown): ListenerAction[] {
  return Array.isArray(actions) ? actions.map((a) => action(a as Loose)) : [];
}

/** Rules decide the verdict only for an HTTP listener whose default action redirects to HTTPS. */
function rulesMatter(protocol: unknown, defaultActions: ListenerAction[]): boolean {
  return typeof protocol === 'string' && protocol.toUpperCase() === 'HTTP' && redirectsToHttps(defaultActions);
}

/** The listener's non-default rules, every page. */
function rulesOf(ctx: CollectContext, listenerArn: string): Promise<ListenerRule[] | ReadFailure> {
  const pages = paginateDescribeRules({ client: ctx.clients.get(ElasticLoadBalancingV2Client) }, { ListenerArn: listenerArn });
  return readPages('elasticloadbalancing:DescribeRules', pages, (page) =>
    (page.Rules ?? []).filter((r) => !r.IsDefault).map((r) => ({ ruleArn: r.RuleArn ?? '', priority: r.Priority ?? '', actions: actionsOf(r.Actions) })),
  );
}

/** Build the state from a DescribeListeners listener or a listener Config item configuration. */
function listenerState(listener: Loose, loadBalancer: Elbv2ListenerState['loadBalancer'] | undefined): Elbv2ListenerState | undefined {
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
    defaultActions: actionsOf(actions),
    loadBalancer: loadBalancer ?? { arn: lbArn },
  };
}

async function collect(ctx: CollectContext, listenerArn: string): Promise<Snapshot<Elbv2ListenerState>> {
  const base = { kind: KIND, resource: { type: RESOURCE_TYPE, id: listenerArn, arn: listenerArn }, account: ctx.account, region: ctx.region, source: 'api' as const };
  const elbv2 = ctx.clients.get(ElasticLoadBalancingV2Client);
  const listeners = await read('elasticloadbalancing:DescribeListeners', () => elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] })), {
    names: LISTENER_NOT_FOUND,
    fallback: null,
  });
  if (isFailure(listeners)) return { ...base, error: listeners.error };
  const listener = listeners?.Listeners?.find((l) => l.ListenerArn === listenerArn);
  if (!listener?.LoadBalancerArn) return { ...base, deleted: true };
  const lbArn = listener.LoadBalancerArn;
  const readRules = rulesMatter(listener.Protocol, actionsOf(listener.DefaultActions));
  const [lbs, tagged, rules] = await Promise.all([
    read('elasticloadbalancing:DescribeLoadBalancers', () => elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [lbArn] })), {
      names: ['LoadBalancerNotFoundException', 'LoadBalancerNotFound'],
      fallback: null,
    }),
    // The listener's own tags override its load balancer's (both answer in one call).
    read('elasticloadbalancing:DescribeTags', () => elbv2.send(new DescribeTagsCommand({ ResourceArns: [lbArn, listenerArn] }))),
    readRules ? rulesOf(ctx, listenerArn) : undefined,
  ]);
  // The load balancer's name, scheme and type only enrich the record: a failed read leaves its ARN.
  const lb = isFailure(lbs) ? { LoadBalancerArn: lbArn } : lbs?.LoadBalancers?.find((l) => l.LoadBalancerArn === lbArn);
  // The load balancer went away between the two reads: so did the listener.
  if (!lb) return { ...base, deleted: true };
  if (isFailure(rules)) return LISTENER_NOT_FOUND.includes(rules.error.name) ? { ...base, deleted: true } : { ...base, error: rules.error };
  const state = listenerState(listener as Loose, {
    arn: lbArn,
    ...(lb.LoadBalancerName ? { name: lb.LoadBalancerName } : {}),
    ...(lb.Scheme ? { scheme: lb.Scheme } : {}),
    ...(lb.Type ? { type: lb.Type } : {}),
  });
  if (!state) return { ...base, error: { operation: 'elasticloadbalancing:DescribeListeners', code: 'MALFORMED_RESPONSE', name: 'MissingProtocol', message: `${listenerArn} has no Protocol` } };
  const tagsOf = (descriptions: TagDescription[] | undefined, arn: string) => tagsFromList(descriptions?.find((d) => d.ResourceArn === arn)?.Tags);
  const enrichment = {
    ...(isFailure(tagged) ? { tagsError: tagged.error } : { tags: { ...tagsOf(tagged.TagDescriptions, lbArn), ...tagsOf(tagged.TagDescriptions, listenerArn) } }),
    ...(isFailure(lbs) ? { unreadable: [lbs.error] } : {}),
  };
  return { ...base, ...enrichment, state: rules ? { ...state, rules } : state };
}

/** Every listener of every load balancer, both lists paginated. */
async function* enumerate(ctx: CollectContext): AsyncIterable<string> {
  const client = ctx.clients.get(ElasticLoadBalancingV2Client);
  for await (const lbArn of idsFromPages(paginateDescribeLoadBalancers({ client }, {}), (page) => page.LoadBalancers, (lb) => lb.LoadBalancerArn)) {
    yield* idsFromPages(paginateDescribeListeners({ client }, { LoadBalancerArn: lbArn }), (page) => page.Listeners, (listener) => listener.ListenerArn);
  }
}

function fromConfigItem(item: ConfigItem): Snapshot<Elbv2ListenerState> | undefined {
  if (item.resourceType !== RESOURCE_TYPE) return undefined;
  if (isGoneItem(item)) return deletedFromItem(KIND, item);
  const state = item.configuration ? listenerState({ ListenerArn: item.resourceId, ...item.configuration }, undefined) : undefined;
  // The item has no rules: when they decide the verdict, the listener is read live.
  if (!state || rulesMatter(state.protocol, state.defaultActions)) return undefined;
  // A listener's id is its ARN, so an item without `arn` still names it.
  return { ...snapshotFromItem(KIND, item, { resource: { type: RESOURCE_TYPE, arn: item.arn ?? item.resourceId }, tags: configItemTags(item) }), state };
}

/**
 * The listener a rule belongs to, from the rule's ARN (the ARN embeds it, so a deleted rule still
 * names its listener): `...:listener-rule/app/<lb>/<lb-id>/<listener-id>/<rule-id>` →
 * `...:listener/app/<lb>/<lb-id>/<listener-id>`. Undefined for anything else.
 *
 * @example listenerOfRule('arn:aws:elasticloadbalancing:us-west-2:123456789012:listener-rule/app/my-lb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee')
 * // 'arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-lb/50dc6c495c0c9188/f2f7dc8efc522ab2'
 */
function listenerOfRule(ruleArn: string): string | undefined {
  const match = /^(arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:)listener-rule\/((?:app|net|gwy)\/[^/]+\/[^/]+\/[^/]+)\/[^/]+$/.exec(ruleArn);
  return match ? `${match[1]}listener/${match[2]}` : undefined;
}

/**
 * ModifyListener, DeleteListener and CreateRule name `listenerArn` in the request; CreateListener
 * and ModifyListener return `listeners[].listenerArn`; ModifyRule and DeleteRule name only
 * `ruleArn`, whose listener the ARN itself gives.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  const listeners = idsAt(record, ['requestParameters.listenerArn', 'responseElements.listeners.listenerArn'], 'arn:').filter((arn) =>
    arn.includes(':listener/'),
  );
  const ofRules = idsAt(record, ['requestParameters.ruleArn'], 'arn:').flatMap((arn) => listenerOfRule(arn) ?? []);
  return [...new Set([...listeners, ...ofRules])];
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
