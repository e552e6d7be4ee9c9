/**
 * The synthetic account the sweep benchmark reads: how many resources of each kind it holds for a
 * given total, and every resource's name, so the service files (bench/account/*.ts) that answer
 * for them agree on ids without sharing state.
 *
 * The mix is a mid-size clinic's account, per 1,000 resources:
 * - many log groups (120: one per function, per service, per database export), Lambda functions
 *   (70: integrations, HL7 and FHIR handlers, schedulers), EBS and RDS snapshots (55 + 25: daily
 *   copies kept a while), EBS volumes (45), queues (35) and instances (30);
 * - some secrets (25), DynamoDB tables (25), SNS topics (20), KMS keys (20), subnets (18), AMIs
 *   (15), API Gateway stages (12), RDS instances (10) and load balancers (6: application ones
 *   with an HTTP and an HTTPS listener, network ones with one);
 * - few networks, clusters and domains: network ACLs 6 (a default and a custom one per VPC),
 *   CloudFront distributions 5, EFS file systems 4, Kinesis streams 4, VPCs 3, RDS clusters 3,
 *   ElastiCache groups 2, OpenSearch domains 2, one each of a serverless cache, a Redshift cluster
 *   and an EKS cluster;
 * - one of each account-level thing per region (GuardDuty detector, Security Hub, Inspector, Config
 *   recorder, EBS encryption default, password policy, root user), two trails, three backup plans
 *   and three vaults (these do not grow with the account);
 * - the rest, about 41%, is the benchmark's original kinds in their original ratio: S3 buckets,
 *   security groups and IAM users, 10:5:2.
 * Every count is at least 1, so every sweep check has resources at any size, and from a few
 * hundred resources up the total is exactly `resources`, so a sweep of 10,000 against one of
 * 1,000 measures linearity.
 */

/** The judging time of the benchmark's sweep: every age in the account is counted back from it. */
export const SWEEP_TIME = new Date('2026-11-01T00:00:00Z');
const DAY_MS = 86_400_000;

/** A time `days` before the sweep (SDK outputs carry Dates). */
export const daysAgo = (days: number): Date => new Date(SWEEP_TIME.getTime() - days * DAY_MS);

/** Kinds that grow with the account, per 1,000 resources. */
const PER_THOUSAND = {
  logGroups: 120, functions: 70, ebsSnapshots: 55, volumes: 45, queues: 35, instances: 30, secrets: 25,
  tables: 25, dbSnapshots: 20, topics: 20, keys: 20, subnets: 18, images: 15, stages: 12, dbInstances: 10,
  loadBalancers: 6, dbClusterSnapshots: 5, distributions: 5, fileSystems: 4, streams: 4, networkAcls: 6,
  vpcs: 3, dbClusters: 3, replicationGroups: 2, domains: 2, serverlessCaches: 1, redshiftClusters: 1, eksClusters: 1,
} as const;

/** Kinds a clinic has a few of whatever its size. */
const FIXED = { trails: 2, backupPlans: 3, backupVaults: 3 } as const;
/** GuardDuty, Security Hub, Inspector, Config recorder, EBS default encryption, password policy, root user. */
const ACCOUNT_LEVEL = 7;

type Counts = Record<keyof typeof PER_THOUSAND | keyof typeof FIXED | 'listeners' | 'buckets' | 'securityGroups' | 'users', number>;

/** The synthetic account: who it is, how many of each resource, and the names shared by its answers. */
export interface AccountPlan {
  account: string;
  region: string;
  counts: Counts;
}

/** An application load balancer (even index) has listeners on 80 and 443, a network one (odd) one TLS or TCP listener. */
export const listenersOf = (lb: number): number => (lb % 2 === 0 ? 2 : 1);

/**
 * The plan for `resources` resources: each kind's count from its share (at least 1), the
 * account-level and fixed kinds, and the original three kinds filling the rest 10:5:2.
 */
export function accountPlan(account: string, resources: number): AccountPlan {
  const grown = Object.fromEntries(Object.entries(PER_THOUSAND).map(([kind, share]) => [kind, Math.max(1, Math.round((resources * share) / 1000))])) as Record<keyof typeof PER_THOUSAND, number>;
  let listeners = 0;
  for (let lb = 0; lb < grown.loadBalancers; lb++) listeners += listenersOf(lb);
  const taken = Object.values(grown).reduce((a, b) => a + b, 0) + listeners + Object.values(FIXED).reduce((a, b) => a + b, 0) + ACCOUNT_LEVEL;
  const rest = Math.max(3, resources - taken);
  const buckets = Math.round((rest * 10) / 17);
  const securityGroups = Math.round((rest * 5) / 17);
  return { account, region: 'us-east-1', counts: { ...grown, ...FIXED, listeners, buckets, securityGroups, users: rest - buckets - securityGroups } };
}

/** The number in an id made by `hexId` or `numberedId` (undefined when the id is not of that form). */
export function indexOf(id: string | undefined, prefix: string, radix = 16): number | undefined {
  if (!id?.startsWith(prefix)) return undefined;
  const value = Number.parseInt(id.slice(prefix.length), radix);
  return Number.isNaN(value) ? undefined : value;
}

/** An EC2-style id: `vol-` and 17 hex digits. */
export const hexId = (prefix: string, i: number): string => `${prefix}${i.toString(16).padStart(17, '0')}`;

/** A readable name with a fixed-width number, e.g. `claims-intake-0042`. */
export const numberedId = (prefix: string, i: number): string => `${prefix}${String(i).padStart(4, '0')}`;

/** The tag key and value that put a resource in PHI scope (DEFAULT_SETTINGS' phiTagKey). */
const PHI_KEY = 'data-classification';

/**
 * A resource's tags: about a third PHI (`ephi`, one in twelve `phi`, which a backup selection on
 * `ephi` alone misses), a third internal, the rest untagged but for its owner.
 */
export function tagsOf(i: number, name: string): Array<{ Key: string; Value: string }> {
  const owner = { Key: 'owner', Value: i % 2 === 0 ? 'clinical-apps' : 'platform' };
  if (i % 3 === 0) return [{ Key: PHI_KEY, Value: i % 12 === 0 ? 'phi' : 'ephi' }, { Key: 'Name', Value: name }, owner];
  if (i % 3 === 1) return [{ Key: PHI_KEY, Value: 'internal' }, { Key: 'Name', Value: name }, owner];
  return [owner];
}

/** The same tags as a map (Lambda, SQS, EKS, Backup, CloudWatch Logs answer with one). */
export function tagMapOf(i: number, name: string): Record<string, string> {
  return Object.fromEntries(tagsOf(i, name).map((t) => [t.Key, t.Value]));
}

/** The ARN of KMS key number `i` (bench/account/keys.ts answers for every one). */
export function keyArn(plan: AccountPlan, i: number): string {
  return `arn:aws:kms:${plan.region}:${plan.account}:key/${keyId(i)}`;
}

/** Key number `i` is AWS managed (aws/dynamodb, aws/rds, ...) when i % 5 is 4; the others are customer managed. */
export const isAwsManagedKey = (i: number): boolean => i % 5 === 4;

/** The customer managed keys of the account. */
function customerKeyCount(plan: AccountPlan): number {
  return plan.counts.keys - Math.floor((plan.counts.keys + 1) / 5);
}

/** The ARN of customer managed key number `j` (wrapping round), for a resource that names one. */
export function customerKey(plan: AccountPlan, j: number): string {
  const c = j % customerKeyCount(plan);
  return keyArn(plan, c + Math.floor(c / 4));
}

/** The ARN of the first AWS managed key, when the account is big enough to hold one. */
export function awsManagedKey(plan: AccountPlan): string | undefined {
  return plan.counts.keys > 4 ? keyArn(plan, 4) : undefined;
}

/** A KMS key id (a UUID) for key number `i`. */
export function keyId(i: number): string {
  return `0b4e5c1d-6f2a-4c3b-9d8e-${i.toString(16).padStart(12, '0')}`;
}

/** The key number in a key id or key ARN. */
export function keyIndexOf(idOrArn: string): number | undefined {
  const match = /0b4e5c1d-6f2a-4c3b-9d8e-([0-9a-f]{12})$/.exec(idOrArn);
  return match ? Number.parseInt(match[1]!, 16) : undefined;
}
