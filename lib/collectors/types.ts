import type { ClientPool } from './client-pool.ts';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ReadFailure } from './read.ts';
import type { RunMemo } from './run-memo.ts';
import type { ConfigItem } from '../model/config-item.ts';

/**
 * The SDK v3 clients a collector may use, made on first use (`ctx.clients.get(RDSClient)`); injected
 * so tests mock them (aws-sdk-client-mock patches the class, so pooled instances answer from it).
 */
export type AwsClients = ClientPool;

export interface CollectContext {
  clients: AwsClients;
  account: string;
  region: string;
  /**
   * The IAM read actions the checks at hand declare (their metadata `reads`): a kind whose reads
   * depend on the checks (an S3 bucket's facets) skips what none of them needs. Undefined: read
   * everything the kind can.
   */
  reads?: ReadonlySet<string>;
  /** Account-level facts read once per run (one memo per sweep or event run, never module-level). */
  memo?: RunMemo;
}

/**
 * How the pipeline gets a snapshot of one kind of resource. One entry per snapshot kind
 * (lib/collectors/kinds.ts); every check names its kind in metadata.snapshotKind.
 */
export interface SnapshotKind<S = unknown> {
  kind: string;
  resourceType: string;
  /** A global service (IAM, the S3 bucket list): the sweep reads it from one region only. */
  global?: boolean;
  /** Read the live resource. Never throws for AWS errors: a failed read is `snapshot.error`. */
  collect(ctx: CollectContext, resourceId: string): Promise<Snapshot<S>>;
  /** Every resource id of this kind in the account and region (sweep). Paginates. */
  enumerate(ctx: CollectContext): AsyncIterable<string>;
  /**
   * Every resource of this kind in the whole account, each with the region to read it from, for
   * an event that affects them all (S3: ListBuckets names every bucket and its region). Kinds
   * without it fan out over the event's region. Paginates; a failed page throws, like enumerate.
   */
  enumerateAccount?(ctx: CollectContext): AsyncIterable<{ id: string; region: string }>;
  /**
   * When the listing itself returns every fact the checks read (DescribeSecurityGroups,
   * DescribeVolumes): the sweep's snapshots straight from its pages, one call per page instead
   * of one per resource. A failed page throws, like enumerate.
   */
  snapshotsFromListing?(ctx: CollectContext): AsyncIterable<Snapshot<S>>;
  /** Build the snapshot from a Config item, without an API call, when the item has what we need. */
  fromConfigItem?(item: ConfigItem): Snapshot<S> | undefined;
  /**
   * The ids of resources of this kind that a CloudTrail event names (requestParameters /
   * responseElements). Empty when the event names none (then the router reports why).
   */
  idsFromEvent(record: CloudTrailRecord): string[];
  /**
   * For events and Config items that name a related resource, not one of this kind (a route
   * table's CreateRoute → the subnets it routes): find the ids with reads. Called by the engine
   * only when the event or item names none of this kind directly. A failed read is an `error`
   * record, never silence.
   */
  resolveIds?(ctx: CollectContext, related: { resourceType: string; resourceId: string }): Promise<string[] | ReadFailure>;
  /** The related resource an event names, for resolveIds (e.g. requestParameters.routeTableId). */
  relatedFromEvent?(record: CloudTrailRecord): { resourceType: string; resourceId: string } | undefined;
}
