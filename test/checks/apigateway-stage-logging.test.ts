import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/apigateway-stage-logging/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { ApiGatewayStageState } from '../../lib/model/states/apigateway.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const LOG_GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:api-access';
const stage = (api: ApiGatewayStageState['api'], more: Partial<ApiGatewayStageState> = {}): ApiGatewayStageState => ({
  api,
  apiId: 'a1b2c3d4e5',
  stageName: 'prod',
  accessLogDestination: null,
  defaultLoggingLevel: null,
  loggingOffOverrides: [],
  ...more,
});

describe('apigateway-stage-logging', () => {
  it.each<[string, ApiGatewayStageState, Result, RegExp]>([
    ['REST stage with access logs', stage('REST', { accessLogDestination: LOG_GROUP }), 'pass', /REST API a1b2c3d4e5 stage prod writes access logs to arn:aws:logs:/],
    ['REST stage with execution logs at INFO for */*', stage('REST', { defaultLoggingLevel: 'INFO' }), 'pass', /execution logs at INFO for every method/],
    ['REST stage with execution logs at ERROR', stage('REST', { defaultLoggingLevel: 'ERROR' }), 'pass', /at ERROR for every method/],
    ['REST stage with no logging at all', stage('REST'), 'fail', /access logging off and execution logging OFF for every method/],
    ['REST stage with */* OFF', stage('REST', { defaultLoggingLevel: 'OFF' }), 'fail', /execution logging OFF/],
    ['REST stage with INFO but one method turned off', stage('REST', { defaultLoggingLevel: 'INFO', loggingOffOverrides: ['~1patients/GET'] }), 'fail', /turned off for methods ~1patients\/GET/],
    ['REST stage with a method turned off but access logs on', stage('REST', { accessLogDestination: LOG_GROUP, loggingOffOverrides: ['~1patients/GET'] }), 'pass', /writes access logs/],
    ['HTTP stage with access logs', stage('HTTP', { accessLogDestination: LOG_GROUP }), 'pass', /HTTP API .* writes access logs/],
    ['HTTP stage without access logs (no execution logging exists)', stage('HTTP', { defaultLoggingLevel: 'INFO' }), 'fail', /HTTP APIs have no execution logging/],
    ['WebSocket stage with default route logging ERROR', stage('WEBSOCKET', { defaultLoggingLevel: 'ERROR' }), 'pass', /for every route/],
    ['WebSocket stage with a route turned off', stage('WEBSOCKET', { defaultLoggingLevel: 'INFO', loggingOffOverrides: ['$connect'] }), 'fail', /routes \$connect/],
  ])('%s -> %s', (_name, state, expected, reason) => {
    // Prepare
    const snapshot = snapshotOf(check, `arn:aws:apigateway:us-east-1::/restapis/${state.apiId}/stages/${state.stageName}`, state);
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    expect(finding.observed.accessLogDestination).toBe(state.accessLogDestination);
  });

  it('is not_applicable for a deleted stage', () => {
    expect(runCheck(check, snapshotOf(check, 'arn:aws:apigateway:us-east-1::/apis/x/stages/gone', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error with the code when apigateway:GET was denied', () => {
    const finding = runCheck(check, snapshotOf(check, 'arn:aws:apigateway:us-east-1::/restapis/x/stages/prod', undefined, { error: accessDenied('apigateway:GET', 'AccessDeniedException') }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.observed.error).toMatchObject({ code: 'ACCESS_DENIED' });
  });

  itHasValidMetadata(check, 'apigateway-stage-logging', { service: 'apigateway', hasConfigRule: false });
});
