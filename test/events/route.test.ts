import { describe, expect, it } from 'vitest';
import type { Check, CheckMetadata, Snapshot } from '../../lib/model/check.ts';
import type { SnapshotKind } from '../../lib/collectors/types.ts';
import type { ConfigItem } from '../../lib/model/config-item.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { matchRuleIdentifier, routeTrigger } from '../../lib/events/route.ts';
import type { Trigger } from '../../lib/events/types.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { fixture, triggerOf } from './helpers.ts';

/** A check that only carries metadata: routing never calls evaluate. */
function fakeCheck(overrides: Partial<CheckMetadata> & Pick<CheckMetadata, 'id' | 'snapshotKind' | 'resourceType'>, triggers: Partial<CheckMetadata['triggers']> = {}): Check {
  const metadata: CheckMetadata = {
    family: 'segmentation', title: overrides.id, severity: 'high', scope: 'all', reads: { decide: [], enrich: [] }, hipaa: [], hipaaProposed: [],
    configRules: [], rationale: '', remediation: '',
    ...overrides,
    triggers: { cloudtrail: [], configResourceTypes: [], sweep: true, ...triggers },
  };
  return { metadata, evaluate: () => ({ result: 'pass', reason: '', observed: {} }) };
}

const sgKind: SnapshotKind = {
  kind: 'fake-sg',
  resourceType: 'AWS::EC2::SecurityGroup',
  collect: async () => { throw new Error('routing must not collect'); },
  async *enumerate() {},
  fromConfigItem: (item: ConfigItem): Snapshot | undefined =>
    item.configuration ? { kind: 'fake-sg', resource: { type: item.resourceType, id: item.resourceId }, account: item.awsAccountId, region: item.awsRegion, state: item.configuration, source: 'config-item' } : undefined,
  idsFromEvent: (record: CloudTrailRecord) => {
    const id = record.requestParameters?.groupId;
    return typeof id === 'string' ? [id] : [];
  },
};
const accountKind: SnapshotKind = {
  kind: 'fake-account',
  resourceType: 'AWS::::Account',
  collect: async () => { throw new Error('routing must not collect'); },
  async *enumerate() {},
  idsFromEvent: (record: CloudTrailRecord) => [record.recipientAccountId ?? ''],
};
const kinds = [sgKind, accountKind];

const sgAdmin = fakeCheck(
  { id: 'fake-sg-admin-ports', snapshotKind: 'fake-sg', resourceType: 'AWS::EC2::SecurityGroup', configRules: ['RESTRICTED_INCOMING_TRAFFIC', 'INCOMING_SSH_DISABLED'] },
  { cloudtrail: [{ eventSource: 'ec2.amazonaws.com', eventNames: ['AuthorizeSecurityGroupIngress', 'CreateSecurityGroup'] }], configResourceTypes: ['AWS::EC2::SecurityGroup'] },
);
const rootActivity = fakeCheck(
  { id: 'fake-root-activity', snapshotKind: 'cloudtrail-event', resourceType: 'AWS::::Account' },
  { cloudtrail: [{ eventSource: '*', eventNames: ['*'], userIdentityTypes: ['Root'] }], sweep: false },
);
const accountSetting = fakeCheck(
  { id: 'fake-account-setting', snapshotKind: 'fake-account', resourceType: 'AWS::::Account', configRules: ['S3_BUCKET_SSL_REQUESTS_ONLY'] },
  { configResourceTypes: ['AWS::S3::AccountPublicAccessBlock'] },
);
const checks = [sgAdmin, rootActivity, accountSetting];

function parsed(name: string): Trigger {
  return triggerOf(parseInput(fixture(name), name)[0]);
}

describe('routeTrigger', () => {
  it('routes a CloudTrail event to the matching checks, one evaluation per resource the event names', () => {
    // Act
    const plan = routeTrigger(parsed('cloudtrail-authorize-sg.json'), checks, kinds);

    // Assess
    expect(plan.evaluations.map((e) => [e.check.metadata.id, e.kind, e.resourceId])).toEqual([['fake-sg-admin-ports', 'fake-sg', 'sg-0abc1234def567890']]);
    expect(plan.unrouted).toEqual([]);
  });

  it('gives event checks the event itself as the snapshot, filtered by userIdentity type', () => {
    // Prepare: a root CreateBucket via EventBridge
    const trigger = parsed('eventbridge-api-call-no-account.json');

    // Act
    const plan = routeTrigger(trigger, checks, kinds);

    // Assess
    expect(plan.evaluations).toHaveLength(1);
    expect(plan.evaluations[0]!.check.metadata.id).toBe('fake-root-activity');
    expect(plan.evaluations[0]!.snapshot).toMatchObject({ kind: 'cloudtrail-event', source: 'event', resource: { type: 'AWS::::Account', id: '444455556666' } });
  });

  it('says why a matched check has nothing to evaluate, and when no check applies', () => {
    // Prepare
    const base = parsed('cloudtrail-authorize-sg.json') as Extract<Trigger, { kind: 'cloudtrail' }>;
    const noGroup: Trigger = { ...base, record: { ...base.record, requestParameters: {} } };
    const other: Trigger = { ...base, record: { ...base.record, eventSource: 'kms.amazonaws.com', eventName: 'ListKeys' } };

    // Act
    const namesNone = routeTrigger(noGroup, checks, kinds);
    const unmatched = routeTrigger(other, checks, kinds);

    // Assess
    expect(namesNone.evaluations).toEqual([]);
    expect(namesNone.unrouted).toEqual(['fake-sg-admin-ports matched AuthorizeSecurityGroupIngress but the event names no AWS::EC2::SecurityGroup']);
    expect(unmatched.unrouted).toEqual(['no check applies to kms.amazonaws.com:ListKeys']);
  });

  it('builds the snapshot from a Config item when the kind can (no API call), else asks to collect', () => {
    // Prepare
    const change = parsed('rule-change.json') as Extract<Trigger, { kind: 'config-rule' }>;
    const item = change.item!;
    const withState: Trigger = { kind: 'config-item', info: change.info, account: change.account, region: change.region, observedAt: change.observedAt, item };
    const withoutState: Trigger = { ...withState, item: { ...item, configuration: null } };

    // Act
    const fromItem = routeTrigger(withState, checks, kinds);
    const live = routeTrigger(withoutState, checks, kinds);

    // Assess
    expect(fromItem.evaluations[0]).toMatchObject({ kind: 'fake-sg', resourceId: 'sg-0abc1234def567890', snapshot: { source: 'config-item' } });
    expect(live.evaluations[0]).toEqual({ check: sgAdmin, kind: 'fake-sg', resourceId: 'sg-0abc1234def567890' });
  });

  it('routes an oversized item to a live read, and an account-level type to the account', () => {
    // Prepare
    const oversized = parsed('eventbridge-config-oversized.json');
    const apb: Trigger = { ...oversized, kind: 'config-item-oversized', resourceType: 'AWS::S3::AccountPublicAccessBlock', resourceId: '111122223333', status: 'OK' };

    // Act
    const sg = routeTrigger(oversized, checks, kinds);
    const account = routeTrigger(apb, checks, kinds);

    // Assess
    expect(sg.evaluations.map((e) => [e.check.metadata.id, e.resourceId, e.snapshot])).toEqual([['fake-sg-admin-ports', 'sg-0abc1234def567890', undefined]]);
    expect(account.evaluations.map((e) => [e.check.metadata.id, e.resourceId])).toEqual([['fake-account-setting', '111122223333']]);
  });

  it('maps a managed rule name with prefixes and suffixes to the checks listing that rule', () => {
    // Act
    const plan = routeTrigger(parsed('eventbridge-compliance.json'), checks, kinds);

    // Assess
    expect(plan.evaluations).toEqual([]);
    expect(plan.compliance).toEqual([
      { check: accountSetting, ruleName: 'securityhub-s3-bucket-ssl-requests-only-a1b2c3', resourceType: 'AWS::S3::Bucket', resourceId: 'phi-intake', complianceType: 'NON_COMPLIANT', result: 'fail' },
    ]);
  });

  it('reports a compliance change for a rule no check maps', () => {
    // Prepare
    const trigger = { ...parsed('eventbridge-compliance.json'), ruleName: 'cloudtrail-enabled' } as Trigger;

    // Act
    const plan = routeTrigger(trigger, checks, kinds);

    // Assess
    expect(plan.compliance).toEqual([]);
    expect(plan.unrouted).toEqual(['no check maps to AWS Config rule cloudtrail-enabled']);
  });

  it('runs account-level sweep checks on the account for a periodic rule', () => {
    // Act
    const plan = routeTrigger(parsed('rule-scheduled.json'), checks, kinds);

    // Assess
    expect(plan.evaluations.map((e) => [e.check.metadata.id, e.kind, e.resourceId])).toEqual([['fake-account-setting', 'fake-account', '111122223333']]);
  });

  it('does not route sweeps and survives a kind that throws', () => {
    // Prepare
    const throwing: SnapshotKind = { ...sgKind, idsFromEvent: () => { throw new Error('boom'); } };
    const trigger = parsed('cloudtrail-authorize-sg.json');

    // Act
    const sweep = routeTrigger({ kind: 'sweep', info: { source: 'sweep', eventId: 'run-1' }, account: '1', region: 'r', observedAt: '2024-01-01T00:00:00.000Z' }, checks, kinds);
    const broken = routeTrigger(trigger, checks, [throwing]);

    // Assess
    expect(sweep.evaluations).toEqual([]);
    expect(sweep.unrouted).toHaveLength(1);
    expect(broken.unrouted).toEqual(['fake-sg-admin-ports: fake-sg could not read AuthorizeSecurityGroupIngress: boom']);
  });
});

describe('routeTrigger with versioned event names', () => {
  // Lambda writes the API version into eventName; metadata lists the stem.
  const functionKind: SnapshotKind = {
    kind: 'fake-function',
    resourceType: 'AWS::Lambda::Function',
    collect: async () => { throw new Error('routing must not collect'); },
    async *enumerate() {},
    idsFromEvent: (record: CloudTrailRecord) => {
      const name = record.requestParameters?.functionName;
      return typeof name === 'string' ? [name] : [];
    },
  };
  const notPublic = fakeCheck(
    { id: 'fake-function-not-public', snapshotKind: 'fake-function', resourceType: 'AWS::Lambda::Function' },
    { cloudtrail: [{ eventSource: 'lambda.amazonaws.com', eventNames: ['AddPermission', 'CreateFunction'] }] },
  );
  const addPermission = parsed('cloudtrail-lambda-add-permission.json') as Extract<Trigger, { kind: 'cloudtrail' }>;
  const named = (eventName: string): Trigger => ({ ...addPermission, record: { ...addPermission.record, eventName } });
  const route = (trigger: Trigger) => routeTrigger(trigger, [notPublic], [functionKind]);
  const functionArn = 'arn:aws:lambda:us-east-1:111122223333:function:intake-api';

  it('routes AddPermission20150331v2 by its stem and keeps the full name in the trigger', () => {
    // Act
    const plan = route(addPermission);

    // Assess
    expect(plan.evaluations.map((e) => [e.check.metadata.id, e.resourceId])).toEqual([['fake-function-not-public', functionArn]]);
    expect(addPermission.info.eventName).toBe('AddPermission20150331v2');
  });

  it('routes the unversioned name too', () => {
    // Act
    const plan = route(named('AddPermission'));

    // Assess
    expect(plan.evaluations.map((e) => e.resourceId)).toEqual([functionArn]);
  });

  it.each(['AddLayerVersionPermission20181031', 'CreateFunctionUrlConfig20211031', 'AddPermissionX20150331'])(
    'does not route %s, whose stem is another API (an EventBridge prefix may let it through)',
    (eventName) => {
      // Act
      const plan = route(named(eventName));

      // Assess
      expect(plan.evaluations).toEqual([]);
      expect(plan.unrouted).toEqual([`no check applies to lambda.amazonaws.com:${eventName}`]);
    },
  );
});

describe('matchRuleIdentifier', () => {
  it.each([
    ['S3_BUCKET_SSL_REQUESTS_ONLY', 'S3_BUCKET_SSL_REQUESTS_ONLY'],
    ['s3-bucket-ssl-requests-only-conformance-pack-xyz', 'S3_BUCKET_SSL_REQUESTS_ONLY'],
    ['securityhub-multi-region-cloudtrail-enabled-9f8e7d', 'MULTI_REGION_CLOUDTRAIL_ENABLED'],
    ['multi-region-cloudtrail-enabled', 'MULTI_REGION_CLOUDTRAIL_ENABLED'],
    ['s3-bucket-ssl-requests-only-extra', 'S3_BUCKET_SSL_REQUESTS_ONLY'],
    ['my-s3-bucket-ssl', undefined],
  ])('%s -> %s', (ruleName, expected) => {
    // Prepare
    const identifiers = ['S3_BUCKET_SSL_REQUESTS_ONLY', 'CLOUDTRAIL_ENABLED', 'MULTI_REGION_CLOUDTRAIL_ENABLED'];

    // Act
    const match = matchRuleIdentifier(ruleName, identifiers);

    // Assess
    expect(match).toBe(expected);
  });
});
