import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  KMSInvalidStateException,
  ListKeysCommand,
  ListResourceTagsCommand,
  NotFoundException,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import metadata from '../../lib/checks/kms-key-rotation-enabled/metadata.json' with { type: 'json' };
import { kmsKeyKind } from '../../lib/collectors/kms.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import createKeyEvent from '../fixtures/kms/cloudtrail-create-key.json' with { type: 'json' };
import disableRotationEvent from '../fixtures/kms/cloudtrail-disable-key-rotation.json' with { type: 'json' };
import awsManagedItem from '../fixtures/kms/config-item-key-aws-managed.json' with { type: 'json' };
import customerItem from '../fixtures/kms/config-item-key-customer.json' with { type: 'json' };
import asymmetric from '../fixtures/kms/describe-key-asymmetric.json' with { type: 'json' };
import awsManaged from '../fixtures/kms/describe-key-aws-managed.json' with { type: 'json' };
import customer from '../fixtures/kms/describe-key-customer.json' with { type: 'json' };
import pendingDeletion from '../fixtures/kms/describe-key-pending-deletion.json' with { type: 'json' };
import rotationEnabled from '../fixtures/kms/get-key-rotation-status-enabled.json' with { type: 'json' };
import keysPage1 from '../fixtures/kms/list-keys-page1.json' with { type: 'json' };
import keysPage2 from '../fixtures/kms/list-keys-page2.json' with { type: 'json' };
import tags from '../fixtures/kms/list-resource-tags.json' with { type: 'json' };
import { corpusJson, corpusRecords, HAS_CORPUS } from '../fixtures/cloudtrail/corpus.ts';
import { configItem, mockedClient, mockedContext, sdkOutput } from '../fixtures/collectors/ctx.ts';

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const kms = mockedClient(KMSClient);
const ctx = mockedContext('us-west-2');

describe('kmsKeyKind.collect', () => {
  it('reads a customer symmetric key: metadata, rotation, tags', async () => {
    // Prepare
    kms.on(DescribeKeyCommand).resolves(sdkOutput(customer));
    kms.on(GetKeyRotationStatusCommand).resolves(sdkOutput(rotationEnabled));
    kms.on(ListResourceTagsCommand).resolves(tags);
    // Act
    const snapshot = await kmsKeyKind.collect(ctx, `arn:aws:kms:us-west-2:111122223333:key/${KEY}`);
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::KMS::Key', id: KEY, arn: `arn:aws:kms:us-west-2:111122223333:key/${KEY}` });
    expect(snapshot.state).toMatchObject({ keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyState: 'Enabled', rotationEnabled: true, rotationPeriodInDays: 365 });
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi' });
    expect(kms).toHaveReceivedCommandWith(GetKeyRotationStatusCommand, { KeyId: KEY });
  });

  it.each<[string, unknown]>([
    ['AWS-managed keys', awsManaged],
    ['asymmetric keys', asymmetric],
  ])('never asks rotation status of %s (the call errors on them)', async (_name, described) => {
    kms.on(DescribeKeyCommand).resolves(sdkOutput(described));
    kms.on(ListResourceTagsCommand).resolves({ Tags: [] });
    const snapshot = await kmsKeyKind.collect(ctx, 'some-key');
    expect(kms).not.toHaveReceivedCommand(GetKeyRotationStatusCommand);
    expect(snapshot.state?.rotationEnabled).toBeNull();
    expect(snapshot.error).toBeUndefined();
  });

  it('keeps a pending-deletion key whose rotation status KMS refuses, with its deletion date', async () => {
    kms.on(DescribeKeyCommand).resolves(sdkOutput(pendingDeletion));
    kms.on(GetKeyRotationStatusCommand).rejects(new KMSInvalidStateException({ message: `${KEY} is pending deletion.`, $metadata: {} }));
    kms.on(ListResourceTagsCommand).resolves({ Tags: [] });
    const snapshot = await kmsKeyKind.collect(ctx, KEY);
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.state).toMatchObject({ keyState: 'PendingDeletion', rotationEnabled: null, deletionDate: '2024-06-01T00:00:00Z' });
  });

  it('a denied ListResourceTags leaves the rotation facts standing and the tags unknown', async () => {
    kms.on(DescribeKeyCommand).resolves(sdkOutput(customer));
    kms.on(GetKeyRotationStatusCommand).resolves(sdkOutput(rotationEnabled));
    kms.on(ListResourceTagsCommand).rejects(Object.assign(new Error('not authorized to perform: kms:ListResourceTags'), { name: 'AccessDeniedException' }));
    const snapshot = await kmsKeyKind.collect(ctx, KEY);
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.tagsError).toMatchObject({ operation: 'ListResourceTags', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toMatchObject({ rotationEnabled: true });
  });

  it('turns AccessDenied on GetKeyRotationStatus into snapshot.error', async () => {
    kms.on(DescribeKeyCommand).resolves(sdkOutput(customer));
    kms.on(GetKeyRotationStatusCommand).rejects(Object.assign(new Error('not authorized to perform: kms:GetKeyRotationStatus'), { name: 'AccessDeniedException' }));
    const snapshot = await kmsKeyKind.collect(ctx, KEY);
    expect(snapshot.error).toMatchObject({ operation: 'GetKeyRotationStatus', code: 'ACCESS_DENIED' });
    expect(snapshot.resource.id).toBe(KEY);
  });

  it('reports a key that no longer exists as deleted', async () => {
    kms.on(DescribeKeyCommand).rejects(new NotFoundException({ message: `Key '${KEY}' does not exist`, $metadata: {} }));
    const snapshot = await kmsKeyKind.collect(ctx, KEY);
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: KEY } });
  });
});

describe('kmsKeyKind.enumerate', () => {
  it('follows NextMarker across pages', async () => {
    kms.on(ListKeysCommand).resolvesOnce(keysPage1).resolvesOnce(keysPage2);
    const ids: string[] = [];
    for await (const id of kmsKeyKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual([KEY, '0987dcba-09fe-87dc-65ba-ab0987654321']);
    expect(kms).toHaveReceivedNthCommandWith(ListKeysCommand, 2, { Marker: 'marker-2' });
  });
});

describe('kmsKeyKind.fromConfigItem', () => {
  it('builds the state of an AWS-managed key (rotation is not needed)', () => {
    const snapshot = kmsKeyKind.fromConfigItem!(configItem(awsManagedItem));
    expect(snapshot).toMatchObject({ source: 'config-item', resource: { id: '0987dcba-09fe-87dc-65ba-ab0987654321' }, state: { keyManager: 'AWS', rotationEnabled: null } });
  });

  it('returns undefined for a customer key: Config does not record rotation', () => {
    expect(kmsKeyKind.fromConfigItem!(configItem(customerItem))).toBeUndefined();
  });

  it('marks a deleted key deleted', () => {
    expect(kmsKeyKind.fromConfigItem!(configItem({ ...customerItem, configurationItemStatus: 'ResourceDeleted', configuration: null }))).toMatchObject({ deleted: true });
  });

  it.skipIf(!HAS_CORPUS)('reads the real RDK template item', () => {
    const snapshot = kmsKeyKind.fromConfigItem!(configItem(corpusJson('config/configuration-items/rdk__AWS_KMS_Key.json')));
    expect(snapshot).toMatchObject({ resource: { id: 'test' }, state: { keyManager: 'AWS', keySpec: 'SYMMETRIC_DEFAULT', keyState: 'Enabled' } });
  });
});

describe('kmsKeyKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['CreateKey names the new key in responseElements', createKeyEvent, [KEY]],
    ['DisableKeyRotation by alias names the key in resources', disableRotationEvent, [KEY]],
  ])('%s', (_name, record, expected) => {
    expect(kmsKeyKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });

  it.skipIf(!HAS_CORPUS)('names the key in every real corpus record of a trigger event', () => {
    const records = corpusRecords(metadata.triggers.cloudtrail[0]!.eventNames);
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const { file, record } of records) expect(kmsKeyKind.idsFromEvent(record), file).toEqual(['1']);
  });
});
