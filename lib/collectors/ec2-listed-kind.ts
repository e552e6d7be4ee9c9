/**
 * The shape EC2 kinds whose Describe call holds every fact share (security groups, network ACLs,
 * instances): an event's resource is read with that call by id, the sweep builds its snapshots
 * straight from the same call's pages (no read per resource), and a Config item answers when its
 * configuration carries the list the state is built from. Each kind says only what differs.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../model/check.ts';
import type { ConfigItem } from '../model/config-item.ts';
import { configItemTags, deletedFromItem, isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { field } from './ec2-common.ts';
import { isFailure, read } from './read.ts';
import { tagsFromList } from './tags.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

/** What one listed EC2 kind is made of. `R` is the SDK's resource type (SecurityGroup, Instance, ...). */
export interface ListedKindSpec<R extends { Tags?: unknown }, S> {
  kind: string;
  resourceType: string;
  /** The resource's ARN in `<region>:<account>` form, e.g. `security-group/<id>`. */
  arnPath(id: string): string;
  /** The IAM action of the Describe call, e.g. "ec2:DescribeNetworkAcls". */
  operation: string;
  /** Error names of the Describe call that mean the id no longer exists. */
  notFound: string[];
  /** The resources a Describe of one id answers. */
  describeOne(client: EC2Client, id: string): Promise<R[] | undefined>;
  /** The account's resources, a page at a time. */
  pages(client: EC2Client): AsyncIterable<R[] | undefined>;
  idOf(resource: R): string | undefined;
  /** A resource (SDK or Config item shape) that is still shown but gone: a terminated instance. */
  gone?(resource: object): boolean;
  /** The state of resource `id` from a Describe resource or a Config item configuration (either key casing). */
  stateOf(resource: object, id: string): S;
  /** The configuration member (camelCase, PascalCase) without which a Config item cannot answer. */
  configList: [string, string];
}

/**
 * collect, enumerate, snapshotsFromListing and fromConfigItem of a listed EC2 kind; the kind adds
 * its event reading.
 *
 * @example export const networkAclKind = { ...listedKind(spec), idsFromEvent };
 */
export function listedKind<R extends { Tags?: unknown }, S>(spec: ListedKindSpec<R, S>): Omit<SnapshotKind<S>, 'idsFromEvent'> {
  const base = (ctx: CollectContext, id: string) => {
    const arn = `arn:aws:ec2:${ctx.region}:${ctx.account}:${spec.arnPath(id)}`;
    return { kind: spec.kind, resource: { type: spec.resourceType, id, arn }, account: ctx.account, region: ctx.region, source: 'api' as const };
  };
  const snapshotOf = (ctx: CollectContext, id: string, resource: R): Snapshot<S> => ({ ...base(ctx, id), tags: tagsFromList(resource.Tags), state: spec.stateOf(resource, id) });

  async function collect(ctx: CollectContext, id: string): Promise<Snapshot<S>> {
    const out = await read(spec.operation, () => spec.describeOne(ctx.clients.get(EC2Client), id), { names: spec.notFound, fallback: null });
    if (isFailure(out)) return { ...base(ctx, id), error: out.error };
    const resource = out?.find((r) => spec.idOf(r) === id);
    if (!resource || spec.gone?.(resource)) return { ...base(ctx, id), deleted: true };
    return snapshotOf(ctx, id, resource);
  }

  async function* listed(ctx: CollectContext): AsyncIterable<[string, R]> {
    for await (const page of spec.pages(ctx.clients.get(EC2Client))) {
      for (const resource of page ?? []) {
        const id = spec.idOf(resource);
        if (id && !spec.gone?.(resource)) yield [id, resource];
      }
    }
  }

  async function* enumerate(ctx: CollectContext): AsyncIterable<string> {
    for await (const [id] of listed(ctx)) yield id;
  }

  async function* snapshotsFromListing(ctx: CollectContext): AsyncIterable<Snapshot<S>> {
    for await (const [id, resource] of listed(ctx)) yield snapshotOf(ctx, id, resource);
  }

  function fromConfigItem(item: ConfigItem): Snapshot<S> | undefined {
    if (item.resourceType !== spec.resourceType) return undefined;
    if (isGoneItem(item)) return deletedFromItem(spec.kind, item);
    const config = item.configuration;
    // Without the list the state is built from, the item cannot answer; the pipeline then reads the resource.
    if (config && spec.gone?.(config)) return deletedFromItem(spec.kind, item);
    if (!config || !Array.isArray(field(config, ...spec.configList))) return undefined;
    const at = snapshotFromItem<S>(spec.kind, item, { resource: { type: spec.resourceType }, tags: configItemTags(item) });
    return { ...at, state: spec.stateOf(config, item.resourceId) };
  }

  return { kind: spec.kind, resourceType: spec.resourceType, collect, enumerate, snapshotsFromListing, fromConfigItem };
}
