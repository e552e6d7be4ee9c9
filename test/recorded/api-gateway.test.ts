import { describe, expect, it } from 'vitest';
import { recordedFixture, sweepRecorded } from '../fixtures/recorded/sweep.ts';

const CHECK = 'apigateway-stage-logging';

describe('apigateway-stage-logging on recorded API Gateway answers (REST and v2)', () => {
  it('passes a REST stage with access logs and a WebSocket stage with execution logs', async () => {
    const records = await sweepRecorded(recordedFixture('api-gateway/pass.json'), [CHECK]);
    expect(records.map((r) => [r.resource.type, r.resource.id, r.result])).toEqual([
      ['AWS::ApiGateway::Stage', 'arn:aws:apigateway:us-east-1::/restapis/r1e2s3t4a5/stages/prod', 'pass'],
      ['AWS::ApiGatewayV2::Stage', 'arn:aws:apigateway:us-east-1::/apis/w1s2o3c4k5/stages/prod', 'pass'],
    ]);
    expect(records[0]!.resource.phiScoped).toBe(true);
  });

  it('fails a REST stage with one method turned off and an HTTP stage without access logs', async () => {
    const records = await sweepRecorded(recordedFixture('api-gateway/fail.json'), [CHECK]);
    expect(records.map((r) => [r.resource.id, r.result])).toEqual([
      ['arn:aws:apigateway:us-east-1::/restapis/r1e2s3t4a5/stages/prod', 'fail'],
      ['arn:aws:apigateway:us-east-1::/apis/h1t2t3p4a5/stages/$default', 'fail'],
    ]);
  });

  it('records nothing in a region without APIs', async () => {
    expect(await sweepRecorded(recordedFixture('api-gateway/disabled.json'), [CHECK])).toEqual([]);
  });

  it('records an error with ACCESS_DENIED when apigateway:GET is denied', async () => {
    const records = await sweepRecorded(recordedFixture('api-gateway/denied.json'), [CHECK]);
    expect(records.map((r) => r.result)).toEqual(['error']);
    expect(records[0]!.observed).toMatchObject({ error: { code: 'ACCESS_DENIED', name: 'AccessDeniedException' } });
  });
});
