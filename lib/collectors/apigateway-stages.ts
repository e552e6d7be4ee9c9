/**
 * API Gateway stages as evidence names them, and their logging facts, from any shape AWS gives:
 * REST stages (GetStage, GetStages items, `AWS::ApiGateway::Stage` Config items: camelCase
 * `accessLogSettings`, `methodSettings`) and v2 stages (GetStage, GetStages items: PascalCase
 * `AccessLogSettings`, `DefaultRouteSettings`, `RouteSettings`). No SDK calls here.
 */
import type { ApiGatewayStageState } from '../model/states/apigateway.ts';
import { partitionOf } from '../model/cloudtrail.ts';
import { field } from './ec2-common.ts';

export const REST_STAGE_TYPE = 'AWS::ApiGateway::Stage';
export const V2_STAGE_TYPE = 'AWS::ApiGatewayV2::Stage';

/** A stage by its API's id and family: REST APIs live under `/restapis`, HTTP and WebSocket APIs under `/apis`. */
export interface StageRef {
  family: 'rest' | 'v2';
  apiId: string;
  stageName: string;
}

const STAGE_ARN = /^arn:[^:]+:apigateway:[^:]*::\/(restapis|apis)\/([^/]+)\/stages\/([^/]+)$/;

/**
 * The stage's ARN, which is also its resource id (AWS Config names REST stages by it):
 * `arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod`.
 */
export function stageArn(ref: StageRef, region: string): string {
  return `arn:${partitionOf(region)}:apigateway:${region}::/${ref.family === 'rest' ? 'restapis' : 'apis'}/${ref.apiId}/stages/${ref.stageName}`;
}

/** The stage an ARN names; undefined for anything else. */
export function stageRefOf(arn: string): StageRef | undefined {
  const match = STAGE_ARN.exec(arn);
  if (!match) return undefined;
  return { family: match[1] === 'restapis' ? 'rest' : 'v2', apiId: match[2]!, stageName: match[3]! };
}

type Loose = Record<string, unknown>;

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function levelOf(settings: unknown): string | null {
  return text(field(settings as Loose | undefined, 'loggingLevel', 'LoggingLevel'))?.toUpperCase() ?? null;
}

/** The overrides among `settings` (a map of method or route settings) that turn logging off; `defaultKey` is not an override. */
function offOverrides(settings: unknown, defaultKey?: string): string[] {
  if (typeof settings !== 'object' || settings === null) return [];
  return Object.entries(settings as Loose)
    .filter(([key, value]) => key !== defaultKey && levelOf(value) === 'OFF')
    .map(([key]) => key)
    .sort();
}

/** A REST stage's facts. `methodSettings['*\/*']` holds the stage-wide level; other keys override it per method. */
export function restStageState(apiId: string, stage: Loose): ApiGatewayStageState {
  const methodSettings = field(stage, 'methodSettings', 'MethodSettings') as Loose | undefined;
  return {
    api: 'REST',
    apiId,
    stageName: String(field(stage, 'stageName', 'StageName') ?? ''),
    accessLogDestination: text(field(field(stage, 'accessLogSettings', 'AccessLogSettings') as Loose | undefined, 'destinationArn', 'DestinationArn')),
    defaultLoggingLevel: levelOf(methodSettings?.['*/*']),
    loggingOffOverrides: offOverrides(methodSettings, '*/*'),
  };
}

/** An HTTP or WebSocket stage's facts. Execution logging exists for WebSocket APIs only. */
export function v2StageState(apiId: string, protocol: 'HTTP' | 'WEBSOCKET', stage: Loose): ApiGatewayStageState {
  return {
    api: protocol,
    apiId,
    stageName: String(field(stage, 'StageName', 'stageName') ?? ''),
    accessLogDestination: text(field(field(stage, 'AccessLogSettings', 'accessLogSettings') as Loose | undefined, 'DestinationArn', 'destinationArn')),
    defaultLoggingLevel: levelOf(field(stage, 'DefaultRouteSettings', 'defaultRouteSettings')),
    loggingOffOverrides: offOverrides(field(stage, 'RouteSettings', 'routeSettings')),
  };
}

/** `{ key: value }` tags of a stage (REST `tags`, v2 `Tags`), values as strings. */
export function stageTags(stage: Loose): Record<string, string> {
  const tags = field(stage, 'tags', 'Tags');
  if (typeof tags !== 'object' || tags === null) return {};
  return Object.fromEntries(Object.entries(tags as Loose).map(([k, v]) => [k, typeof v === 'string' ? v : String(v ?? '')]));
}
