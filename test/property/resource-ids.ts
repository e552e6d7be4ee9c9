/**
 * Resource identifiers as AWS writes them, drawn now and then from a small pool so that events of
 * one batch name the same resource (one snapshot, several records), and now and then odd: any
 * Unicode where a name is free text, upper case where AWS stores lower case.
 */
import fc from 'fast-check';
import { hex, name } from './text.ts';

/** An EC2 id (`sg-`, `vol-`, `vpc-`, `subnet-`, `rtb-`, `igw-`): 8 or 17 hex digits, or one of a few shared ones. */
export function ec2Id(prefix: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.oneof(hex(17), hex(8)).map((h) => `${prefix}${h}`) },
    { weight: 1, arbitrary: fc.constantFrom(`${prefix}0123456789abcdef0`, `${prefix}00000001`) },
  );
}

export const bucketName = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{2,40}[a-z0-9]$/) },
  { weight: 1, arbitrary: fc.constantFrom('phi-intake', 'clinic-logs') },
  { weight: 1, arbitrary: name },
);

export const userName = fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,32}$/) }, { weight: 1, arbitrary: fc.constantFrom('dr-alice', 'bob') }, { weight: 1, arbitrary: name });

export const keyUuid = fc.oneof({ weight: 3, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constant('1234abcd-12ab-34cd-56ef-1234567890ab') });

/** An RDS instance identifier, as the caller typed it (RDS stores it lower case). */
export const dbIdentifier = fc.oneof(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,30}$/), fc.constantFrom('claims-db', 'Orders-DB'));

export const trailName = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._-]{3,40}$/), fc.constantFrom('org-trail', 'management-events'));

interface Where {
  account: string;
  region: string;
}

export function trailArn({ account, region }: Where, trail: string): string {
  return `arn:${partition(region)}:cloudtrail:${region}:${account}:trail/${trail}`;
}

export function kmsKeyArn({ account, region }: Where, key: string): string {
  return `arn:${partition(region)}:kms:${region}:${account}:key/${key}`;
}

/** The parts of an ALB/NLB listener's ARN: type, load balancer name and id, listener id, rule id. */
export const listenerParts = fc.tuple(fc.constantFrom('app', 'net'), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), hex(16), hex(16), hex(16));

/** A listener ARN in `where`, and from it the ARNs of its load balancer and of one of its rules. */
export function listenerArns({ account, region }: Where, [type, lb, lbId, listenerId, ruleId]: [string, string, string, string, string]) {
  const base = `arn:${partition(region)}:elasticloadbalancing:${region}:${account}`;
  return {
    loadBalancerArn: `${base}:loadbalancer/${type}/${lb}/${lbId}`,
    listenerArn: `${base}:listener/${type}/${lb}/${lbId}/${listenerId}`,
    ruleArn: `${base}:listener-rule/${type}/${lb}/${lbId}/${listenerId}/${ruleId}`,
  };
}

/** The ARN partition of a region (GovCloud and China are not `aws`). */
export function partition(region: string): string {
  return region.startsWith('us-gov-') ? 'aws-us-gov' : region.startsWith('cn-') ? 'aws-cn' : 'aws';
}

export const requestId = fc.uuid();
