import { APIGatewayClient, GetRestApisCommand, GetStageCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetApiCommand, GetApisCommand, GetStageCommand as GetV2StageCommand, GetStagesCommand as GetV2StagesCommand } from '@aws-sdk/client-apigatewayv2';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { apiGatewayStageKind } from '../../lib/collectors/apigateway.ts';
import check from '../../lib/checks/apigateway-stage-logging/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Snapshot } from '../../lib/model/check.ts';
import fixture from '../fixtures/apigateway/stages.json' with { type: 'json' };
import events from '../fixtures/apigateway/cloudtrail-events.json' with { type: 'json' };
import { recordFrom } from '../fixtures/ec2/aws-harness.ts';
import { configItem, mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';

const rest = mockedClient(APIGatewayClient);
const v2 = mockedClient(ApiGatewayV2Client);
const ctx = mockedContext('us-east-1', '111122223333');
const REST_PROD = 'arn:aws:apigateway:us-east-1::/restapis/r1e2s3t4a5/stages/prod';
const WS_PROD = 'arn:aws:apigateway:us-east-1::/apis/w1s2o3c4k5/stages/prod';
const HTTP_DEFAULT = 'arn:aws:apigateway:us-east-1::/apis/h1t2t3p4a5/stages/$default';

async function drain<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('apiGatewayStageKind.collect', () => {
  it('maps a REST stage: the */* level, methods that turn logging off, tags', async () => {
    // Prepare
    rest.on(GetStageCommand, { restApiId: 'r1e2s3t4a5', stageName: 'prod' }).resolves(fixture.restLogged as never);
    // Act
    const snapshot = await apiGatewayStageKind.collect(ctx, REST_PROD);
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::ApiGateway::Stage', id: REST_PROD, arn: REST_PROD });
    expect(snapshot.state).toEqual({ api: 'REST', apiId: 'r1e2s3t4a5', stageName: 'prod', accessLogDestination: null, defaultLoggingLevel: 'INFO', loggingOffOverrides: ['~1patients/GET'] });
    expect(snapshot.tags).toEqual({ 'data-classification': 'ephi' });
    expect(runCheck(check, snapshot, DEFAULT_SETTINGS).result).toBe('fail');
  });

  it('maps a WebSocket stage with its API\'s protocol, as an AWS::ApiGatewayV2::Stage', async () => {
    // Prepare
    v2.on(GetV2StageCommand, { ApiId: 'w1s2o3c4k5', StageName: 'prod' }).resolves(fixture.wsProd as never);
    v2.on(GetApiCommand, { ApiId: 'w1s2o3c4k5' }).resolves(fixture.wsApi as never);
    // Act
    const snapshot = await apiGatewayStageKind.collect(ctx, WS_PROD);
    // Assess
    expect(snapshot.resource.type).toBe('AWS::ApiGatewayV2::Stage');
    expect(snapshot.state).toEqual({ api: 'WEBSOCKET', apiId: 'w1s2o3c4k5', stageName: 'prod', accessLogDestination: null, defaultLoggingLevel: 'ERROR', loggingOffOverrides: [] });
    expect(runCheck(check, snapshot, DEFAULT_SETTINGS).result).toBe('pass');
  });

  it('is deleted when the stage is not found', async () => {
    rest.on(GetStageCommand).rejects(sdkError('NotFoundException', 'Invalid Stage identifier specified', 404));
    expect((await apiGatewayStageKind.collect(ctx, REST_PROD)).deleted).toBe(true);
  });

  it('turns a denied apigateway:GET into an error snapshot with its code', async () => {
    v2.on(GetV2StageCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: apigateway:GET', 403));
    v2.on(GetApiCommand).resolves(fixture.httpApi as never);
    const snapshot = await apiGatewayStageKind.collect(ctx, HTTP_DEFAULT);
    expect(snapshot.error).toMatchObject({ operation: 'apigateway:GET', code: 'ACCESS_DENIED' });
  });

  it('refuses an id that is not a stage ARN', async () => {
    expect((await apiGatewayStageKind.collect(ctx, 'prod')).error).toMatchObject({ name: 'InvalidStageId' });
  });
});

describe('apiGatewayStageKind listing', () => {
  it('lists REST and v2 stages across pages, each with its facts', async () => {
    // Prepare
    rest.on(GetRestApisCommand).callsFake((input: { position?: string }) =>
      input.position ? { items: [{ id: 'r9e8s7t6a5', name: 'empty' }] } : { items: [{ id: 'r1e2s3t4a5', name: 'records' }], position: 'p2' },
    );
    rest.on(GetStagesCommand, { restApiId: 'r1e2s3t4a5' }).resolves({ item: [fixture.restLogged, fixture.restAccessLogged] } as never);
    rest.on(GetStagesCommand, { restApiId: 'r9e8s7t6a5' }).rejects(sdkError('NotFoundException', 'Invalid API identifier specified', 404));
    v2.on(GetApisCommand).callsFake((input: { NextToken?: string }) => (input.NextToken ? { Items: [fixture.wsApi] } : { Items: [fixture.httpApi], NextToken: 't2' }));
    v2.on(GetV2StagesCommand, { ApiId: 'h1t2t3p4a5' }).resolves({ Items: [fixture.httpDefault] } as never);
    v2.on(GetV2StagesCommand, { ApiId: 'w1s2o3c4k5' }).resolves({ Items: [fixture.wsProd] } as never);
    // Act
    const snapshots: Snapshot[] = await drain(apiGatewayStageKind.snapshotsFromListing!(ctx));
    const ids = await drain(apiGatewayStageKind.enumerate(ctx));
    // Assess
    expect(snapshots.map((s) => [s.resource.id, runCheck(check, s, DEFAULT_SETTINGS).result])).toEqual([
      [REST_PROD, 'fail'],
      ['arn:aws:apigateway:us-east-1::/restapis/r1e2s3t4a5/stages/dev', 'pass'],
      [HTTP_DEFAULT, 'fail'],
      [WS_PROD, 'pass'],
    ]);
    expect(ids).toEqual(snapshots.map((s) => s.resource.id));
  });

  it('fails the listing when GetStages is denied', async () => {
    rest.on(GetRestApisCommand).resolves({ items: [{ id: 'r1e2s3t4a5' }] });
    rest.on(GetStagesCommand).rejects(sdkError('AccessDeniedException', 'denied', 403));
    await expect(drain(apiGatewayStageKind.snapshotsFromListing!(ctx))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('apiGatewayStageKind.idsFromEvent', () => {
  it.each([
    ['V2CreateStage', 'CreateStage', [WS_PROD]],
    ['RestUpdateStage', 'UpdateStage', [REST_PROD]],
    ['RestCreateDeployment', 'CreateDeployment', ['arn:aws:apigateway:us-east-1::/restapis/r1e2s3t4a5/stages/beta']],
    ['RestCreateDeploymentNoStage', 'CreateDeployment', []],
    ['V2DeleteStage', 'DeleteStage', [HTTP_DEFAULT]],
  ])('%s names %j', (key, eventName, expected) => {
    expect(apiGatewayStageKind.idsFromEvent(recordFrom(events, key, eventName))).toEqual(expected);
  });
});

describe('apiGatewayStageKind Config items', () => {
  const item = (resourceType: string, resourceId: string, configuration: object, status = 'OK') => configItem({
    configurationItemVersion: '1.3', configurationItemCaptureTime: '2024-07-17T06:00:00.000Z', configurationItemStatus: status, awsAccountId: '111122223333',
    awsRegion: 'us-east-1', resourceType, resourceId, ARN: resourceId, resourceName: 'prod', configuration, tags: {},
  });

  it('decides a REST stage from its methodSettings', () => {
    const snapshot = apiGatewayStageKind.fromConfigItem!(item('AWS::ApiGateway::Stage', REST_PROD, { stageName: 'prod', methodSettings: { '*/*': { loggingLevel: 'ERROR' } } }));
    expect(snapshot && runCheck(check, snapshot, DEFAULT_SETTINGS).result).toBe('pass');
  });

  it('reads a REST stage live when the item has neither access logs nor method settings', () => {
    expect(apiGatewayStageKind.fromConfigItem!(item('AWS::ApiGateway::Stage', REST_PROD, { stageName: 'prod' }))).toBeUndefined();
  });

  it('decides a v2 stage only with access logs on, else resolves it to its ARN for a live read', async () => {
    const logged = apiGatewayStageKind.fromConfigItem!(item('AWS::ApiGatewayV2::Stage', WS_PROD, { stageName: 'prod', accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:111122223333:log-group:ws' } }));
    expect(logged).toMatchObject({ resource: { type: 'AWS::ApiGatewayV2::Stage', id: WS_PROD }, state: { accessLogDestination: 'arn:aws:logs:us-east-1:111122223333:log-group:ws' } });
    expect(apiGatewayStageKind.fromConfigItem!(item('AWS::ApiGatewayV2::Stage', WS_PROD, { stageName: 'prod' }))).toBeUndefined();
    expect(await apiGatewayStageKind.resolveIds!(ctx, { resourceType: 'AWS::ApiGatewayV2::Stage', resourceId: WS_PROD })).toEqual([WS_PROD]);
  });

  it('takes a deletion from the item', () => {
    expect(apiGatewayStageKind.fromConfigItem!(item('AWS::ApiGateway::Stage', REST_PROD, {}, 'ResourceDeleted'))?.deleted).toBe(true);
  });
});
