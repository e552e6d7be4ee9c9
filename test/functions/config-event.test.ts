import './support/quiet-logs.ts';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { SignCommand } from '@aws-sdk/client-kms';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/config-event.ts';
import { ENV, fakeEvidenceBucket, fakeKms, fixture, lambdaContext, mockedAws, sqsEvent, verifiedRecords } from './support/harness.ts';

const SG_CHECKS = ['ec2-sg-no-public-admin-ports', 'ec2-sg-no-public-all-traffic', 'vpc-default-sg-closed'];

const aws = mockedAws();
const kms = fakeKms();
const bucket = fakeEvidenceBucket();
const handler = () => createHandler({ s3: bucket.client, kms: kms.client, clientsFor: () => aws.clients }, ENV);

beforeEach(() => {
  for (const mock of Object.values(aws.mocks)) mock.reset();
  aws.mocks.ec2.on(DescribeSecurityGroupsCommand, { GroupIds: ['sg-0a1b2c3d4e5f60001'] }).resolves(fixture('describe-security-groups-ssh-open.json'));
  kms.install();
  bucket.reset();
});

/**
 * A real-shaped "Config Rules Compliance Change" (NON_COMPLIANT) for `ruleName`, about a security
 * group unless `resource` says otherwise.
 */
function complianceEvent(ruleName: string, resource?: { type: string; id: string }) {
  type Result = { evaluationResultIdentifier: { evaluationResultQualifier: Record<string, unknown> } };
  const event = fixture<{ detail: Record<string, unknown> & { newEvaluationResult: Result; oldEvaluationResult: Result } }>('eventbridge-compliance-restricted-ssh.json');
  const { detail } = event;
  detail.configRuleName = ruleName;
  if (resource) [detail.resourceType, detail.resourceId] = [resource.type, resource.id];
  for (const result of [detail.newEvaluationResult, detail.oldEvaluationResult]) {
    Object.assign(result.evaluationResultIdentifier.evaluationResultQualifier, { configRuleName: ruleName, resourceType: detail.resourceType, resourceId: detail.resourceId });
  }
  return event;
}

/** Run one EventBridge event through the handler as a one-message SQS batch; the verified records back. */
async function deliver(name: string) {
  const response = await handler()(sqsEvent([{ id: `msg-${name}`, body: fixture(name) }]), lambdaContext('trailproof-dev-config-event'));
  return { response, records: verifiedRecords(bucket.puts(), kms.pinned) };
}

describe('config-event handler', () => {
  it('evaluates a security group from its configuration item, without reading EC2', async () => {
    // Act
    const { response, records } = await deliver('eventbridge-config-item-sg.json');
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(records.map((r) => r.check.id).sort()).toEqual(SG_CHECKS);
    for (const mock of Object.values(aws.mocks)) expect(mock).not.toHaveReceivedAnyCommand();
    const admin = records.find((r) => r.check.id === 'ec2-sg-no-public-admin-ports')!;
    expect(admin).toMatchObject({
      result: 'fail',
      resource: { type: 'AWS::EC2::SecurityGroup', id: 'sg-0c1d2e3f4a5b60002', phiScoped: true },
      observedAt: '2026-04-30T15:10:03.517Z',
      trigger: { source: 'config-item', eventName: 'ConfigurationItemChangeNotification' },
      collector: { function: 'config-event' },
    });
    expect(admin.reason).toMatch(/3389/);
    // One object per check of the group's account and region, one signature each.
    expect(kms.mock).toHaveReceivedCommandTimes(SignCommand, SG_CHECKS.length);
  });

  it('reads the live group when the item was too large for the notification', async () => {
    // Act
    const { response, records } = await deliver('eventbridge-config-oversized-sg.json');
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(aws.mocks.ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 1);
    expect(aws.mocks.ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, { GroupIds: ['sg-0a1b2c3d4e5f60001'] });
    expect(records.map((r) => r.check.id).sort()).toEqual(SG_CHECKS);
    expect(records.find((r) => r.check.id === 'ec2-sg-no-public-admin-ports')).toMatchObject({
      result: 'fail',
      resource: { id: 'sg-0a1b2c3d4e5f60001' },
      observedAt: '2026-04-30T15:12:40.118Z',
      trigger: { eventName: 'OversizedConfigurationItemChangeNotification' },
    });
  });

  it('records a deleted group as not_applicable for every check, from the item alone', async () => {
    // Act
    const { response, records } = await deliver('eventbridge-config-item-sg-deleted.json');
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(records.map((r) => r.check.id).sort()).toEqual(SG_CHECKS);
    expect(records.map((r) => r.result)).toEqual(['not_applicable', 'not_applicable', 'not_applicable']);
    expect(records.every((r) => r.resource.id === 'sg-0d2e3f4a5b6c70003')).toBe(true);
    expect(aws.mocks.ec2).not.toHaveReceivedAnyCommand();
  });

  it('records a managed rule NON_COMPLIANT verdict under our check id as a fail', async () => {
    // Prepare: the VPC_DEFAULT_SECURITY_GROUP_CLOSED managed rule, deployed under its identifier's name.
    const event = complianceEvent('vpc-default-security-group-closed');
    // Act
    const response = await handler()(sqsEvent([{ id: 'msg-compliance', body: event }]), lambdaContext());
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const records = verifiedRecords(bucket.puts(), kms.pinned);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      check: { id: 'vpc-default-sg-closed' },
      result: 'fail',
      resource: { type: 'AWS::EC2::SecurityGroup', id: 'sg-0e3f4a5b6c7d80004' },
      observed: { configRuleName: 'vpc-default-security-group-closed', complianceType: 'NON_COMPLIANT' },
      observedAt: '2026-04-30T15:30:01.664Z',
      trigger: { source: 'config-compliance', eventId: '5e9a3f4b-1c6d-4ea0-8048-7b9c1d3e4f85' },
    });
    // A verdict is recorded as Config gave it: nothing is read.
    for (const mock of Object.values(aws.mocks)) expect(mock).not.toHaveReceivedAnyCommand();
  });

  it.each([['multi-region-cloudtrail-enabled'], ['multi-region-cloudtrail-enabled-conformance-pack-hipaa1a2b'], ['securityhub-multi-region-cloudtrail-enabled-c3d4e5']])(
    'records nothing for %s: it fails a trail that excludes KMS events, which cloudtrail-multi-region-enabled passes, so no check lists it',
    async (ruleName) => {
      // Prepare: AWS names this managed rule "multi-region-cloudtrail-enabled", not after its identifier; it judges the account.
      const event = complianceEvent(ruleName, { type: 'AWS::::Account', id: '111122223333' });
      // Act
      const response = await handler()(sqsEvent([{ id: 'msg-compliance', body: event }]), lambdaContext());
      // Assess
      expect(response.batchItemFailures).toEqual([]);
      expect(verifiedRecords(bucket.puts(), kms.pinned)).toEqual([]);
    },
  );

  it('records nothing for restricted-ssh: it judges port 22 alone, not the admin-port check, so no check lists it', async () => {
    // Act
    const response = await handler()(sqsEvent([{ id: 'msg-compliance', body: complianceEvent('restricted-ssh') }]), lambdaContext());
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(verifiedRecords(bucket.puts(), kms.pinned)).toEqual([]);
  });

  it('processes a mixed batch in one signature per check and fails none of it', async () => {
    // Prepare
    const names = ['eventbridge-config-item-sg.json', 'eventbridge-config-oversized-sg.json', 'eventbridge-config-item-sg-deleted.json'];
    // Act
    const response = await handler()(sqsEvent(names.map((name, i) => ({ id: `m${i}`, body: fixture(name) }))), lambdaContext());
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(kms.mock).toHaveReceivedCommandTimes(SignCommand, SG_CHECKS.length);
    expect(bucket.puts()).toHaveLength(SG_CHECKS.length);
    expect(verifiedRecords(bucket.puts(), kms.pinned)).toHaveLength(9);
  });
});
