/**
 * The part of a snapshot every collector builds the same way from an AWS Config item: kind,
 * resource, account, region, tags and source, and the `deleted: true` snapshot a gone item stands
 * for. Each collector adds only its own state, so what a Config item says is read in one place.
 */
import type { ResourceRef, Snapshot } from '../model/check.ts';
import { tagsFromList } from './tags.ts';
import type { ConfigItem } from '../model/config-item.ts';

/** Config item statuses that mean "the resource is gone": no API call is worth making. */
const GONE_STATUSES: ReadonlySet<string> = new Set(['ResourceDeleted', 'ResourceNotRecorded', 'ResourceDeletedNotRecorded']);

/** True when the Config item says the resource no longer exists (or is no longer recorded). */
export function isGoneItem(item: ConfigItem): boolean {
  return GONE_STATUSES.has(item.configurationItemStatus);
}

/** How a collector names the resource and its tags when the item's own values do not fit. */
export interface ItemSnapshotOptions {
  /** Overrides of the item's resourceType, resourceId and arn (e.g. an RDS identifier for a DbiResourceId). */
  resource?: Partial<ResourceRef>;
  /** The snapshot's tags; the item's `tags` map by default, `null` for a snapshot without tags. */
  tags?: Record<string, string> | null;
}

/**
 * A snapshot of the item's resource, without state: the base every `fromConfigItem` completes
 * with `state` (or with `deleted: true`, see {@link deletedFromItem}).
 *
 * @example
 * const base = snapshotFromItem<KmsKeyState>('kms-key', item, { resource: { type: 'AWS::KMS::Key', id: keyId } });
 * return { ...base, state };
 */
export function snapshotFromItem<S>(kind: string, item: ConfigItem, options: ItemSnapshotOptions = {}): Snapshot<S> {
  const { type = item.resourceType, id = item.resourceId, arn = item.arn } = options.resource ?? {};
  const tags = options.tags === undefined ? item.tags : options.tags;
  return {
    kind,
    resource: { type, id, ...(arn ? { arn } : {}) },
    account: item.awsAccountId,
    region: item.awsRegion,
    ...(tags === null ? {} : { tags }),
    source: 'config-item',
  };
}

/**
 * The `deleted: true` snapshot a gone Config item stands for (see {@link isGoneItem}).
 *
 * @example if (isGoneItem(item)) return deletedFromItem('ec2-vpc', item);
 */
export function deletedFromItem<S>(kind: string, item: ConfigItem, options: ItemSnapshotOptions = {}): Snapshot<S> {
  return { ...snapshotFromItem<S>(kind, item, options), deleted: true };
}

/** The item's tags: the normalized `tags` map, else the `configuration.tags` list (EC2 items). */
export function configItemTags(item: ConfigItem): Record<string, string> {
  if (item.tags && Object.keys(item.tags).length > 0) return item.tags;
  return tagsFromList(item.configuration?.tags);
}

/**
 * The `fromConfigItem` of a kind whose items never hold what its checks read (a subnet's routes,
 * a VPC's flow logs): only a deletion is taken from an item of `resourceType`; for anything else
 * it answers undefined, so the pipeline reads the resource live.
 *
 * @example fromConfigItem: deletionOnlyFromItem<VpcState>('ec2-vpc', 'AWS::EC2::VPC')
 */
export function deletionOnlyFromItem<S>(kind: string, resourceType: string): (item: ConfigItem) => Snapshot<S> | undefined {
  return (item) => (item.resourceType === resourceType && isGoneItem(item) ? deletedFromItem<S>(kind, item) : undefined);
}
