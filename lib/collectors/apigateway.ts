/**
 * API Gateway stage snapshots (kind "apigateway-stage"): one kind for the stages of REST APIs
 * (client-api-gateway) and of HTTP and WebSocket APIs (client-apigatewayv2), told apart by their
 * ids, the stage ARNs (`/restapis/...` or `/apis/...`). Every read is IAM's `apigateway:GET`.
 */
import { APIGatewayClient, GetStageCommand, GetStagesCommand, paginateGetRestApis } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetApiCommand, GetApisCommand, GetStageCommand as GetV2StageCommand, GetStagesCommand as GetV2StagesCommand } from '@aws-sdk/client-apigatewayv2';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { ConfigItem } from '../model/config-item.ts';
import type { ApiGatewayStageState } from '../model/states/apigateway.ts';
import { REST_STAGE_TYPE, V2_STAGE_TYPE, restStageState, stageArn, stageRefOf, stageTags, v2StageState, type StageRef } from './apigateway-stages.ts';
import { deletedFromItem, isGoneItem, snapshotFromItem } from './config-item-snapshot.ts';
import { field } from './ec2-common.ts';
import { isFailure, read, toReadError } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'apigateway-stage';
const GET = 'apigateway:GET';
const NOT_FOUND = { names: ['NotFoundException'], fallback: null };

type Loose = Record<string, unknown>;
type Protocol = 'HTTP' | 'WEBSOCKET';

function typeOf(ref: StageRef): string {
  return ref.family === 'rest' ? REST_STAGE_TYPE : V2_STAGE_TYPE;
}

function snapshotOf(ctx: CollectContext, ref: StageRef, stage: Loose, state: ApiGatewayStageState): Snapshot<ApiGatewayStageState> {
  const arn = stageArn(ref, ctx.region);
  return { kind: KIND, resource: { type: typeOf(ref), id: arn, arn }, account: ctx.account, region: ctx.region, tags: stageTags(stage), state, source: 'api' };
}

function protocolOf(value: unknown): Protocol {
  return value === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP';
}

async function collect(ctx: CollectContext, id: string): Promise<Snapshot<ApiGatewayStageState>> {
  const ref = stageRefOf(id);
  const base = { kind: KIND, resource: { type: ref ? typeOf(ref) : REST_STAGE_TYPE, id, ...(ref ? { arn: id } : {}) }, account: ctx.account, region: ctx.region, source: 'api' as const };
  if (!ref) return { ...base, error: { operation: GET, code: 'OTHER', name: 'InvalidStageId', message: `${id} is not an API Gateway stage ARN` } };
  if (ref.family === 'rest') {
    const input = { restApiId: ref.apiId, stageName: ref.stageName };
    const stage = await read(GET, () => ctx.clients.get(APIGatewayClient).send(new GetStageCommand(input)), NOT_FOUND);
    if (isFailure(stage)) return { ...base, error: stage.error };
    if (stage === null) return { ...base, deleted: true };
    const loose = stage as unknown as Loose;
    return snapshotOf(ctx, ref, loose, restStageState(ref.apiId, loose));
  }
  const v2 = ctx.clients.get(ApiGatewayV2Client);
  const [stage, api] = await Promise.all([
    read(GET, () => v2.send(new GetV2StageCommand({ ApiId: ref.apiId, StageName: ref.stageName })), NOT_FOUND),
    read(GET, () => v2.send(new GetApiCommand({ ApiId: ref.apiId })), NOT_FOUND),
  ]);
  if (isFailure(stage)) return { ...base, error: stage.error };
  if (isFailure(api)) return { ...base, error: api.error };
  if (stage === null || api === null) return { ...base, deleted: true };
  const loose = stage as unknown as Loose;
  return snapshotOf(ctx, ref, loose, v2StageState(ref.apiId, protocolOf(api.ProtocolType), loose));
}

/** The stages of one REST API; an API deleted since it was listed has none. A failed read throws, as a listing page does. */
async function restStages(ctx: CollectContext, apiId: string): Promise<Loose[]> {
  const out = await read(GET, () => ctx.clients.get(APIGatewayClient).send(new GetStagesCommand({ restApiId: apiId })), NOT_FOUND);
  if (isFailure(out)) throw Object.assign(new Error(out.error.message), { name: out.error.name });
  return (out?.item ?? []) as Loose[];
}

/** Every page of a v2 listing (GetApis, GetStages have no SDK paginator). */
async function* v2Items(call: (token: string | undefined) => Promise<{ Items?: unknown[]; NextToken?: string } | null>): AsyncIterable<Loose> {
  let token: string | undefined;
  do {
    const page = await call(token);
    for (const item of page?.Items ?? []) yield item as Loose;
    token = page?.NextToken;
  } while (token);
}

async function* v2Stages(ctx: CollectContext, apiId: string): AsyncIterable<Loose> {
  const v2 = ctx.clients.get(ApiGatewayV2Client);
  yield* v2Items(async (token) => {
    try {
      return await v2.send(new GetV2StagesCommand({ ApiId: apiId, ...(token ? { NextToken: token } : {}) }));
    } catch (error) {
      // An API deleted since it was listed has no stages left to judge.
      if (toReadError(GET, error).name === 'NotFoundException') return null;
      throw error;
    }
  });
}

/** Every stage of every REST, HTTP and WebSocket API of the region, with its facts: the listing answers them all. */
async function* snapshotsFromListing(ctx: CollectContext): AsyncIterable<Snapshot<ApiGatewayStageState>> {
  for await (const page of paginateGetRestApis({ client: ctx.clients.get(APIGatewayClient) }, {})) {
    for (const api of page.items ?? []) {
      if (!api.id) continue;
      for (const stage of await restStages(ctx, api.id)) {
        const state = restStageState(api.id, stage);
        yield snapshotOf(ctx, { family: 'rest', apiId: api.id, stageName: state.stageName }, stage, state);
      }
    }
  }
  const v2 = ctx.clients.get(ApiGatewayV2Client);
  for await (const api of v2Items((token) => v2.send(new GetApisCommand(token ? { NextToken: token } : {})))) {
    const apiId = field(api, 'ApiId');
    if (typeof apiId !== 'string') continue;
    for await (const stage of v2Stages(ctx, apiId)) {
      const state = v2StageState(apiId, protocolOf(api.ProtocolType), stage);
      yield snapshotOf(ctx, { family: 'v2', apiId, stageName: state.stageName }, stage, state);
    }
  }
}

async function* enumerate(ctx: CollectContext): AsyncIterable<string> {
  for await (const snapshot of snapshotsFromListing(ctx)) yield snapshot.resource.id;
}

/**
 * A REST stage item carries `accessLogSettings` and `methodSettings`: when it has either, it
 * decides. A v2 stage item carries no API protocol, so it decides only with access logging on.
 * Anything else is read live (a v2 item through resolveIds, as its type is not the kind's).
 */
function fromConfigItem(item: ConfigItem): Snapshot<ApiGatewayStageState> | undefined {
  if (item.resourceType !== REST_STAGE_TYPE && item.resourceType !== V2_STAGE_TYPE) return undefined;
  const ref = stageRefOf(item.arn ?? '') ?? stageRefOf(item.resourceId);
  if (!ref) return undefined;
  const resource = { type: typeOf(ref), id: stageArn(ref, item.awsRegion), arn: stageArn(ref, item.awsRegion) };
  if (isGoneItem(item)) return deletedFromItem(KIND, item, { resource });
  const config = { stageName: ref.stageName, ...(item.configuration ?? {}) } as Loose;
  let state: ApiGatewayStageState | undefined;
  if (ref.family === 'rest') {
    state = restStageState(ref.apiId, config);
    if (!state.accessLogDestination && typeof config.methodSettings !== 'object') state = undefined;
  } else {
    const v2 = v2StageState(ref.apiId, 'HTTP', config);
    // Without the protocol only access logging is known to count: then the protocol does not matter.
    state = v2.accessLogDestination ? v2 : undefined;
  }
  return state ? { ...snapshotFromItem(KIND, item, { resource, tags: item.tags }), state } : undefined;
}

/** A v2 stage's Config item (not of the kind's type) names its stage by ARN. */
async function resolveIds(_ctx: CollectContext, related: { resourceType: string; resourceId: string }): Promise<string[]> {
  return related.resourceType === V2_STAGE_TYPE && stageRefOf(related.resourceId) ? [related.resourceId] : [];
}

/**
 * REST stage events name `restApiId` and the stage (`stageName`, or inside `createStageInput` /
 * `createDeploymentInput`); HTTP and WebSocket stage events name `apiId` and `stageName`, and
 * CreateStage returns `stageName`. CreateDeployment without a stage changes no stage.
 */
function idsFromEvent(record: CloudTrailRecord): string[] {
  const request = (record.requestParameters ?? {}) as Loose;
  const response = (record.responseElements ?? {}) as Loose;
  const nested = (key: string) => field(request[key] as Loose | undefined, 'stageName');
  const stageName = [request.stageName, nested('createStageInput'), nested('createDeploymentInput'), response.stageName].find((v) => typeof v === 'string' && v !== '');
  if (typeof stageName !== 'string') return [];
  const region = record.awsRegion;
  if (typeof request.restApiId === 'string') return [stageArn({ family: 'rest', apiId: request.restApiId, stageName }, region)];
  if (typeof request.apiId === 'string') return [stageArn({ family: 'v2', apiId: request.apiId, stageName }, region)];
  return [];
}

/** API Gateway stages (REST, HTTP and WebSocket) by stage ARN. */
export const apiGatewayStageKind: SnapshotKind<ApiGatewayStageState> = {
  kind: KIND,
  resourceType: REST_STAGE_TYPE,
  collect,
  enumerate,
  snapshotsFromListing,
  fromConfigItem,
  resolveIds,
  idsFromEvent,
};
