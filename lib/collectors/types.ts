import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ReadFailure } from './read.ts';
import type { RunMemo } from './run-memo.ts';
import type { ConfigItem } from '../model/config-item.ts';

/** Every SDK v3 client a collector may use; injected so tests mock them. */
export interface AwsClients {
  iam: IAMClient;
  s3: S3Client;
  s3control: S3ControlClient;
  ec2: EC2Client;
  cloudtrail: CloudTrailClient;
  config: ConfigServiceClient;
  kms: KMSClient;
  rds: RDSClient;
  elbv2: ElasticLoadBalancingV2Client;
}

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
