import { describe, expect, it } from 'vitest';
import { parseInput, parseSqsBody } from '../../lib/events/parse.ts';
import { errorOf, fixture, triggerOf } from './helpers.ts';

describe('EventBridge envelopes', () => {
  it('takes the CloudTrail record of a console sign-in from detail', () => {
    // Act
    const [unit] = parseInput(fixture('eventbridge-signin.json'), 'eb.json');

    // Assess
    const trigger = triggerOf(unit);
    expect(trigger.kind).toBe('cloudtrail');
    expect(trigger.info).toMatchObject({ eventId: 'a1b2c3d4-0000-4111-8222-333344445555', eventName: 'ConsoleLogin', mfaAuthenticated: true, actor: 'arn:aws:iam::111122223333:user/carol' });
  });

  it('fills account and region from the envelope when the record lacks them', () => {
    // Act
    const [unit] = parseInput(fixture('eventbridge-api-call-no-account.json'), 'eb.json');

    // Assess
    const trigger = triggerOf(unit);
    expect(trigger).toMatchObject({ account: '444455556666', region: 'us-west-2' });
    expect(trigger.info).toMatchObject({ actor: 'arn:aws:iam::444455556666:root', mfaAuthenticated: false });
    if (trigger.kind !== 'cloudtrail') throw new Error('expected cloudtrail');
    expect(trigger.record.recipientAccountId).toBe('444455556666');
  });

  it('names the detail field in errors', () => {
    // Prepare
    const event = JSON.parse(fixture('eventbridge-signin.json'));
    delete event.detail.eventSource;

    // Act
    const [unit] = parseInput(JSON.stringify(event), 'eb.json');

    // Assess
    expect(errorOf(unit)).toMatchObject({ code: 'MISSING_FIELD', field: 'detail.eventSource' });
  });

  it('normalizes a Config item change into a config-item trigger', () => {
    // Act
    const [unit] = parseInput(fixture('eventbridge-config-item.json'), 'eb.json');

    // Assess
    const trigger = triggerOf(unit);
    if (trigger.kind !== 'config-item') throw new Error(`expected config-item, got ${trigger.kind}`);
    expect(trigger.info).toEqual({ source: 'config-item', eventId: 'config:AWS::S3::Bucket:phi-intake:2020-10-06T22:39:22.579Z', eventName: 'ConfigurationItemChangeNotification' });
    expect(trigger.item).toMatchObject({ resourceType: 'AWS::S3::Bucket', resourceId: 'phi-intake', arn: 'arn:aws:s3:::phi-intake', awsAccountId: '111122223333', awsRegion: 'us-east-1', configurationItemStatus: 'OK', tags: { 'data-classification': 'ephi' } });
    expect(trigger.item.supplementaryConfiguration.ServerSideEncryptionConfiguration).toEqual({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd' } }] });
    expect(trigger.item.supplementaryConfiguration.IsRequesterPaysEnabled).toBe(false);
  });

  it('turns an oversized item notification into a config-item-oversized trigger', () => {
    // Act
    const [unit] = parseInput(fixture('eventbridge-config-oversized.json'), 'eb.json');

    // Assess
    expect(triggerOf(unit)).toMatchObject({ kind: 'config-item-oversized', resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-0abc1234def567890', status: 'OK', observedAt: '2018-05-17T06:31:40.400Z' });
  });

  it('turns a rules compliance change into a config-compliance trigger keyed by the EventBridge id', () => {
    // Act
    const [unit] = parseInput(fixture('eventbridge-compliance.json'), 'eb.json');

    // Assess
    const trigger = triggerOf(unit);
    expect(trigger).toMatchObject({ kind: 'config-compliance', ruleName: 'securityhub-s3-bucket-ssl-requests-only-a1b2c3', resourceType: 'AWS::S3::Bucket', resourceId: 'phi-intake', complianceType: 'NON_COMPLIANT', observedAt: '2024-03-01T09:15:01.830Z' });
    expect(trigger.info).toMatchObject({ source: 'config-compliance', eventId: 'c5a2b6b4-0f1e-4a2b-8c3d-9e8f7a6b5c4d', configRuleName: 'securityhub-s3-bucket-ssl-requests-only-a1b2c3', complianceType: 'NON_COMPLIANT' });
  });

  it('names a missing compliance type', () => {
    // Prepare
    const event = JSON.parse(fixture('eventbridge-compliance.json'));
    delete event.detail.newEvaluationResult.complianceType;

    // Act
    const [unit] = parseInput(JSON.stringify(event), 'eb.json');

    // Assess
    expect(errorOf(unit)).toMatchObject({ code: 'MISSING_FIELD', field: 'detail.newEvaluationResult.complianceType' });
  });

  it('skips detail-types trailproof does not evaluate', () => {
    // Prepare
    const event = { version: '0', id: 'x-1', 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', account: '111122223333', region: 'us-east-1', time: '2024-01-01T00:00:00Z', detail: { state: 'running' } };

    // Act
    const [unit] = parseInput(JSON.stringify(event), 'eb.json');

    // Assess
    expect(unit).toMatchObject({ ok: 'skipped', reason: expect.stringContaining('EC2 Instance State-change Notification') });
  });
});

describe('SNS notifications from Config', () => {
  it('reads the Message JSON string: API-shape item with JSON-string configuration and tag list', () => {
    // Act
    const [unit] = parseInput(fixture('sns-config-item.json'), 'sns.json');

    // Assess
    const trigger = triggerOf(unit);
    if (trigger.kind !== 'config-item') throw new Error(`expected config-item, got ${trigger.kind}`);
    expect(trigger.item).toMatchObject({
      resourceType: 'AWS::RDS::DBInstance',
      awsAccountId: '111122223333',
      awsRegion: 'us-east-2',
      configurationItemCaptureTime: '2017-02-04T11:10:33.880Z',
      configuration: { dBInstanceIdentifier: 'claims-db', storageEncrypted: false },
      tags: { 'data-classification': 'phi' },
    });
  });

  it('skips notifications that change no resource', () => {
    // Act
    const [unit] = parseInput(fixture('sns-snapshot-delivery.json'), 'sns.json');

    // Assess
    expect(unit).toMatchObject({ ok: 'skipped', reason: expect.stringContaining('ConfigurationSnapshotDeliveryCompleted') });
  });

  it('names a Message that is not JSON', () => {
    // Prepare
    const sns = { ...JSON.parse(fixture('sns-snapshot-delivery.json')), Message: 'hello' };

    // Act
    const [unit] = parseInput(JSON.stringify(sns), 'sns.json');

    // Assess
    expect(errorOf(unit).field).toBe('Message');
  });
});

describe('Config custom-rule invocations', () => {
  it('change-triggered: carries the item, the result token and the rule parameters', () => {
    // Act
    const [unit] = parseInput(fixture('rule-change.json'), 'rule.json');

    // Assess
    const trigger = triggerOf(unit);
    if (trigger.kind !== 'config-rule') throw new Error(`expected config-rule, got ${trigger.kind}`);
    expect(trigger).toMatchObject({ ruleName: 'trailproof-ec2-sg', messageType: 'ConfigurationItemChangeNotification', account: '111122223333', region: 'eu-west-1', ruleParameters: { phiTagKey: 'data-classification', maxPorts: '3' } });
    expect(trigger.resultToken).toBe('eyJlbmNyeXB0ZWREYXRhIjpbLTQxLDEsLTU3XX0=');
    expect(trigger.item?.resourceId).toBe('sg-0abc1234def567890');
    expect(trigger.info).toEqual({ source: 'config-rule', eventId: 'config-rule:trailproof-ec2-sg:2017-11-27T14:26:11.300Z', eventName: 'ConfigurationItemChangeNotification', configRuleName: 'trailproof-ec2-sg' });
  });

  it('oversized: names the resource to read live', () => {
    // Act
    const [unit] = parseInput(fixture('rule-oversized.json'), 'rule.json');

    // Assess
    expect(triggerOf(unit)).toMatchObject({ kind: 'config-rule', messageType: 'OversizedConfigurationItemChangeNotification', oversized: { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-0abc1234def567890' } });
  });

  it('scheduled: region from the rule ARN, id from the result token', () => {
    // Act
    const [unit] = parseInput(fixture('rule-scheduled.json'), 'rule.json');

    // Assess
    const trigger = triggerOf(unit);
    expect(trigger).toMatchObject({ kind: 'config-rule', messageType: 'ScheduledNotification', account: '111122223333', region: 'eu-west-1', observedAt: '2020-05-03T13:55:44.576Z', ruleParameters: {} });
    expect(trigger.info.eventId).toMatch(/^config-rule:trailproof-account:[0-9a-f]{16}$/);
  });

  it('names a missing result token and a bad invokingEvent', () => {
    // Prepare
    const noToken = JSON.parse(fixture('rule-scheduled.json'));
    delete noToken.resultToken;
    const badEvent = { ...JSON.parse(fixture('rule-scheduled.json')), invokingEvent: '{not json' };

    // Act
    const [missing] = parseInput(JSON.stringify(noToken), 'rule.json');
    const [bad] = parseInput(JSON.stringify(badEvent), 'rule.json');

    // Assess
    expect(errorOf(missing)).toMatchObject({ code: 'MISSING_FIELD', field: 'resultToken' });
    expect(errorOf(bad)).toMatchObject({ code: 'INVALID_JSON', field: 'invokingEvent' });
  });
});

describe('SQS', () => {
  it('parses each message body of a Lambda SQS event on its own: one bad body does not hide the others', () => {
    // Act
    const units = parseInput(fixture('sqs-batch.json'), 'sqs-event.json');

    // Assess
    expect(units.map((u) => [u.source, u.ok])).toEqual([
      ['sqs:059f36b4-87a3-44ab-83d2-661975830a7d', true],
      ['sqs:2e1424d4-f796-459a-8184-9c92662be6da', false],
      ['sqs:3f2535e5-a807-46ab-9295-ad03773cf7eb', true],
    ]);
    expect(triggerOf(units[2]).kind).toBe('config-compliance');
  });

  it('parseSqsBody reads an SNS notification delivered to SQS', () => {
    // Act
    const units = parseSqsBody(fixture('sns-config-item.json'), 'm-1');

    // Assess
    expect(units).toHaveLength(1);
    expect(triggerOf(units[0])).toMatchObject({ kind: 'config-item', account: '111122223333' });
    expect(units[0]!.source).toBe('sqs:m-1');
  });

  it('parseSqsBody refuses a body over 1 MiB', () => {
    // Prepare
    const body = JSON.stringify({ ...JSON.parse(fixture('cloudtrail-authorize-sg.json')), padding: 'x'.repeat(1024 * 1024) });

    // Act
    const [unit] = parseSqsBody(body, 'm-2');

    // Assess
    expect(errorOf(unit)).toMatchObject({ code: 'TOO_LARGE', field: 'body' });
  });
});
