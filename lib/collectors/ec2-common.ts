/**
 * Small helpers shared by the EC2 and ELBv2 collectors: tag lists, Config item facts and the
 * resource ids a CloudTrail record names. No SDK calls here.
 */
import type { Snapshot } from '../checks/types.ts';
import type { CloudTrailRecord } from '../events/types.ts';
import { ReadFailure, toReadError } from './read.ts';
import type { ConfigItem } from './types.ts';

/** Config item statuses that mean "the resource is gone": no API call is worth making. */
const GONE_STATUSES = new Set(['ResourceDeleted', 'ResourceNotRecorded', 'ResourceDeletedNotRecorded']);

/**
 * `[{Key, Value}]` (SDK) or `[{key, value}]` (Config configuration) to a plain map.
 *
 * @example tagsFromList([{ Key: 'data-classification', Value: 'ephi' }]) // { 'data-classification': 'ephi' }
 */
export function tagsFromList(list: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!Array.isArray(list)) return tags;
  for (const entry of list as Array<Record<string, unknown>>) {
    const key = entry?.Key ?? entry?.key;
    const value = entry?.Value ?? entry?.value;
    if (typeof key === 'string') tags[key] = typeof value === 'string' ? value : '';
  }
  return tags;
}

/** The item's tags: the normalized `tags` map, else the `configuration.tags` list. */
export function configItemTags(item: ConfigItem): Record<string, string> {
  if (item.tags && Object.keys(item.tags).length > 0) return item.tags;
  return tagsFromList(item.configuration?.tags);
}

/** True when the Config item says the resource no longer exists (or is no longer recorded). */
export function isGoneItem(item: ConfigItem): boolean {
  return GONE_STATUSES.has(item.configurationItemStatus);
}

/** The `deleted: true` snapshot a gone Config item stands for. */
export function deletedFromItem<S>(kind: string, item: ConfigItem): Snapshot<S> {
  return {
    kind,
    resource: { type: item.resourceType, id: item.resourceId, ...(item.arn ? { arn: item.arn } : {}) },
    account: item.awsAccountId,
    region: item.awsRegion,
    tags: item.tags,
    deleted: true,
    source: 'config-item',
  };
}

/** A value read from a Config item as a string, whichever key casing the item version used. */
export function field(obj: Record<string, unknown> | null | undefined, ...names: string[]): unknown {
  if (!obj) return undefined;
  for (const name of names) if (obj[name] !== undefined) return obj[name];
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every value at a dotted path. Arrays are walked through, and CloudTrail's EC2 list wrappers
 * (`{items: [...]}`, `{item: x}`) are stepped into when the path's next key is not on the object.
 */
function valuesAt(node: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [node];
  if (Array.isArray(node)) return node.flatMap((n) => valuesAt(n, path));
  if (!isObject(node)) return [];
  const [head, ...rest] = path as [string, ...string[]];
  if (!(head in node) && ('items' in node || 'item' in node)) return valuesAt(node.items ?? node.item, path);
  return valuesAt(node[head], rest);
}

/** A string, or the `{tag, content}` wrapper newer EC2 events use, or a list of them. */
function idStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(idStrings);
  if (isObject(value) && typeof value.content === 'string') return [value.content];
  return [];
}

/**
 * The ids a CloudTrail record names at the given paths (e.g. `requestParameters.groupId`), kept
 * only when they start with `prefix` (`sg-`, `vol-`, ...), without duplicates. Explicit paths,
 * not a deep search: an event also names resources it does not change (a referenced group).
 *
 * @example idsAt(record, ['responseElements.volumeId'], 'vol-') // ['vol-97c02b3e']
 */
export function idsAt(record: CloudTrailRecord, paths: string[], prefix: string): string[] {
  const ids = paths.flatMap((p) => idStrings(valuesAt(record, p.split('.'))));
  return [...new Set(ids.filter((id) => id.startsWith(prefix)))];
}

/**
 * Drain an SDK v3 paginator into one list. Like `read()`, a failed page comes back as a
 * ReadFailure, never a throw, so one bad page is the snapshot's error instead of a crash.
 *
 * @example await readPages('ec2:DescribeSubnets', paginateDescribeSubnets({ client }, {}), (p) => p.Subnets ?? [])
 */
export async function readPages<P, T>(operation: string, pages: AsyncIterable<P>, items: (page: P) => T[]): Promise<T[] | ReadFailure> {
  const all: T[] = [];
  try {
    for await (const page of pages) all.push(...items(page));
  } catch (error) {
    return new ReadFailure(toReadError(operation, error));
  }
  return all;
}
