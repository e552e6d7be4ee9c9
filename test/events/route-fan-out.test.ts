import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import type { SnapshotKind } from '../../lib/collectors/types.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { routeTrigger } from '../../lib/events/route.ts';
import type { Check, CheckMetadata, CloudTrailTrigger } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { fixture, triggerOf } from './helpers.ts';
import { loadKinds } from '../../lib/collectors/lazy-kinds.ts';

const KINDS = await loadKinds(SNAPSHOT_KINDS);

/** A kind whose events name a `thing-` id or a related `rel-` resource. */
const thingKind: SnapshotKind = {
  kind: 'fake-thing',
  resourceType: 'AWS::Fake::Thing',
  collect: async () => { throw new Error('routing must not collect'); },
  async *enumerate() {},
  idsFromEvent: (record: CloudTrailRecord) => (typeof record.requestParameters?.thingId === 'string' ? [record.requestParameters.thingId] : []),
  relatedFromEvent: (record: CloudTrailRecord) =>
    typeof record.requestParameters?.relatedId === 'string' ? { resourceType: 'AWS::Fake::Related', resourceId: record.requestParameters.relatedId } : undefined,
  resolveIds: async () => [],
};

function checkWith(cloudtrail: CloudTrailTrigger[]): Check {
  const metadata = {
    id: 'fake-thing-check', family: 'logging', title: 't', severity: 'low', resourceType: 'AWS::Fake::Thing', snapshotKind: 'fake-thing', scope: 'all',
    triggers: { cloudtrail, configResourceTypes: [], sweep: true }, reads: { decide: [], enrich: [] }, hipaa: [], hipaaProposed: [], configRules: [], rationale: '', remediation: '',
  } satisfies CheckMetadata;
  return { metadata, evaluate: () => ({ result: 'pass', reason: '', observed: {} }) };
}

function cloudTrail(eventName: string, requestParameters: Record<string, unknown>) {
  const record = { eventVersion: '1.10', eventSource: 'fake.amazonaws.com', eventName, eventTime: '2025-06-03T09:31:05Z', awsRegion: 'us-east-1', recipientAccountId: '111122223333', eventID: 'e-1', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' }, requestParameters };
  return triggerOf(parseInput(JSON.stringify(record), 'event.json')[0]);
}

describe('routeTrigger with fan-out triggers', () => {
  const removal: CloudTrailTrigger = { eventSource: 'fake.amazonaws.com', eventNames: ['DeleteThingLink'], fanOut: 'region' };

  it('fans an event that names nothing of the kind out to its scope', () => {
    // Act
    const plan = routeTrigger(cloudTrail('DeleteThingLink', { linkId: 'link-1' }), [checkWith([removal])], [thingKind]);
    // Assess
    expect(plan.evaluations.map((e) => ({ kind: e.kind, fanOut: e.fanOut, resourceId: e.resourceId }))).toEqual([{ kind: 'fake-thing', fanOut: 'region', resourceId: undefined }]);
    expect(plan.unrouted).toEqual([]);
  });

  it('prefers what the event names: the resource itself, then a related resource to resolve', () => {
    // Act
    const named = routeTrigger(cloudTrail('DeleteThingLink', { thingId: 'thing-1' }), [checkWith([removal])], [thingKind]);
    const related = routeTrigger(cloudTrail('DeleteThingLink', { relatedId: 'rel-1' }), [checkWith([removal])], [thingKind]);
    // Assess
    expect(named.evaluations.map((e) => [e.resourceId, e.fanOut])).toEqual([['thing-1', undefined]]);
    expect(related.evaluations.map((e) => [e.related?.resourceId, e.fanOut])).toEqual([['rel-1', undefined]]);
  });

  it('says why, and does not fan out, when the matched trigger declares no fan-out', () => {
    // Act
    const plan = routeTrigger(cloudTrail('DeleteThingLink', {}), [checkWith([{ eventSource: 'fake.amazonaws.com', eventNames: ['DeleteThingLink'] }])], [thingKind]);
    // Assess
    expect(plan.evaluations).toEqual([]);
    expect(plan.unrouted).toEqual(['fake-thing-check matched DeleteThingLink but the event names no AWS::Fake::Thing']);
  });

  it('takes the widest scope when two matching triggers disagree', () => {
    // Act
    const plan = routeTrigger(cloudTrail('DeleteThingLink', {}), [checkWith([removal, { ...removal, fanOut: 'account' }])], [thingKind]);
    // Assess
    expect(plan.evaluations.map((e) => e.fanOut)).toEqual(['account']);
  });
});

describe('removal events in their documented shapes, over the real registry', () => {
  const route = (name: string) => routeTrigger(triggerOf(parseInput(fixture(`removal/${name}`), name)[0]), CHECKS, KINDS);
  const planned = (name: string) =>
    route(name).evaluations.map((e) => [e.check.metadata.id, e.fanOut ?? e.resourceId ?? e.related?.resourceId]);

  it.each([
    ['delete-flow-logs.json', [['vpc-flow-logs-enabled', 'region']]],
    ['disassociate-route-table.json', [['ec2-phi-subnet-no-igw-route', 'region']]],
    // The new route table is named: its subnets are resolved, the region is not listed.
    ['replace-route-table-association.json', [['ec2-phi-subnet-no-igw-route', 'rtb-0a1b2c3d4e5f6a7b8']]],
    ['put-account-public-access-block.json', [['s3-bucket-public-access-blocked', 'account']]],
    ['delete-account-public-access-block.json', [['s3-bucket-public-access-blocked', 'account']]],
    ['elbv2-modify-rule.json', [['elbv2-listener-tls', 'arn:aws:elasticloadbalancing:us-east-2:111122223333:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2']]],
    ['elbv2-delete-rule.json', [['elbv2-listener-tls', 'arn:aws:elasticloadbalancing:us-east-2:111122223333:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2']]],
  ])('%s -> %j', (name, expected) => {
    expect(planned(name)).toEqual(expected);
  });

  it('routes the s3-control operation names (PutPublicAccessBlock without a bucket) like the documented account-level names', () => {
    // Prepare
    const record = JSON.parse(fixture('removal/put-account-public-access-block.json')) as Record<string, unknown>;
    // Act
    const plan = routeTrigger(triggerOf(parseInput(JSON.stringify({ ...record, eventName: 'PutPublicAccessBlock' }), 'e.json')[0]), CHECKS, KINDS);
    // Assess
    expect(plan.evaluations.map((e) => [e.check.metadata.id, e.fanOut])).toEqual([['s3-bucket-public-access-blocked', 'account']]);
  });
});
