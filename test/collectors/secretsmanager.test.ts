import 'aws-sdk-client-mock-vitest/extend';
import { DescribeSecretCommand, ListSecretsCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { secretKind } from '../../lib/collectors/secretsmanager.ts';
import type { Snapshot } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import cancelLegacy from '../fixtures/secretsmanager/cloudtrail-cancel-rotate-legacy-arn.json' with { type: 'json' };
import createEvent from '../fixtures/secretsmanager/cloudtrail-create-secret.json' with { type: 'json' };
import deleteEvent from '../fixtures/secretsmanager/cloudtrail-delete-secret.json' with { type: 'json' };
import rotateEvent from '../fixtures/secretsmanager/cloudtrail-rotate-secret.json' with { type: 'json' };
import described from '../fixtures/secretsmanager/describe-secret.json' with { type: 'json' };
import page1 from '../fixtures/secretsmanager/list-secrets-page1.json' with { type: 'json' };
import page2 from '../fixtures/secretsmanager/list-secrets-page2.json' with { type: 'json' };
import rotatingState from '../fixtures/secretsmanager/state-rotating.json' with { type: 'json' };
import { mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';

const secrets = mockedClient(SecretsManagerClient);
const ctx = mockedContext('us-east-1', '111122223333');
const ORDERS_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders-db-AbCdEf';

describe('secretKind.collect', () => {
  it('maps DescribeSecret: rotation facts, dates as ISO strings, tags, named by the secret name', async () => {
    // Prepare: the SDK answers with Date objects
    secrets.on(DescribeSecretCommand, { SecretId: 'prod/orders-db' }).resolves({ ...sdkOutput(described), LastRotatedDate: new Date('2025-06-10T03:12:44Z') });
    // Act
    const snapshot = await secretKind.collect(ctx, 'prod/orders-db');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::SecretsManager::Secret', id: 'prod/orders-db', arn: ORDERS_ARN });
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi' });
    expect(snapshot.state).toEqual(rotatingState);
  });

  it('reports ResourceNotFoundException as deleted', async () => {
    secrets.on(DescribeSecretCommand).rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }));
    expect(await secretKind.collect(ctx, 'gone')).toMatchObject({ deleted: true, resource: { id: 'gone' } });
  });

  it('turns AccessDeniedException into snapshot.error with ACCESS_DENIED', async () => {
    secrets.on(DescribeSecretCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: secretsmanager:DescribeSecret', 400));
    expect((await secretKind.collect(ctx, 'prod/orders-db')).error).toMatchObject({ operation: 'DescribeSecret', code: 'ACCESS_DENIED' });
  });
});

describe('secretKind listing', () => {
  it('enumerates every ARN across ListSecrets pages', async () => {
    // Prepare
    secrets.on(ListSecretsCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    // Act
    const ids: string[] = [];
    for await (const id of secretKind.enumerate(ctx)) ids.push(id);
    // Assess
    expect(ids).toEqual([ORDERS_ARN, 'arn:aws:secretsmanager:us-east-1:111122223333:secret:partner/api-key-XyZ123']);
    expect(secrets).toHaveReceivedNthCommandWith(ListSecretsCommand, 2, { NextToken: 'page-2-token' });
  });

  it('takes every fact from the listing, with no DescribeSecret per secret', async () => {
    // Prepare
    secrets.on(ListSecretsCommand).resolvesOnce(sdkOutput(page1)).resolvesOnce(sdkOutput(page2));
    // Act
    const snapshots: Snapshot[] = [];
    for await (const snapshot of secretKind.snapshotsFromListing!(ctx)) snapshots.push(snapshot);
    // Assess
    expect(snapshots.map((s) => [s.resource.id, (s.state as { rotationEnabled: boolean }).rotationEnabled])).toEqual([['prod/orders-db', true], ['partner/api-key', false]]);
    expect(secrets).not.toHaveReceivedCommand(DescribeSecretCommand);
  });
});

describe('secretKind.idsFromEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['CreateSecret names the new secret\'s ARN in its response', createEvent, ['arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/billing-db-QrStUv']],
    ['CreateSecret without a response, by its requested name', { ...createEvent, responseElements: null }, ['prod/billing-db']],
    ['RotateSecret names the secret it rotates', rotateEvent, ['prod/billing-db']],
    ['DeleteSecret names the secret it schedules for deletion', deleteEvent, ['arn:aws:secretsmanager:us-east-1:111122223333:secret:partner/api-key-XyZ123']],
    ['a pre-2024 event spelling the ARN "aRN"', cancelLegacy, [ORDERS_ARN]],
  ])('%s', (_name, record, expected) => {
    expect(secretKind.idsFromEvent(record as CloudTrailRecord)).toEqual(expected);
  });
});
