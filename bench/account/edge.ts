/**
 * CloudFront distributions and API Gateway stages (REST, HTTP and WebSocket APIs, a prod and a dev
 * stage each). Mix: one distribution in five on the default *.cloudfront.net certificate, one in
 * five letting viewers in over HTTP; prod stages write access logs, dev stages of REST APIs log
 * execution at INFO or not at all, dev stages of HTTP APIs log nothing.
 */
import type {
  GetRestApisCommandInput, GetRestApisCommandOutput, GetStagesCommandInput as RestStagesInput, GetStagesCommandOutput as RestStagesOutput, Stage as RestStage,
} from '@aws-sdk/client-api-gateway';
import type { Api, GetApisCommandInput, GetApisCommandOutput, GetStagesCommandInput, GetStagesCommandOutput, Stage } from '@aws-sdk/client-apigatewayv2';
import type { DistributionSummary, ListDistributionsCommandInput, ListDistributionsCommandOutput, Origin } from '@aws-sdk/client-cloudfront';
import { indexPage, notFound, type AnswerTable, type Output } from '../fake-clients.ts';
import { daysAgo, indexOf, tagMapOf, type AccountPlan } from './plan.ts';

const distributionId = (d: number) => `E${d.toString(36).toUpperCase().padStart(13, '0')}`;

function distribution(plan: AccountPlan, d: number): DistributionSummary {
  const id = distributionId(d);
  const origin: Origin = d % 2 === 0
    ? { Id: 'portal-assets', DomainName: `clinic-${plan.account}-assets.s3.${plan.region}.amazonaws.com`, OriginPath: '', S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: 'E1OAC0000000' }
    : { Id: 'portal-api', DomainName: `api.portal-${d}.example.org`, OriginPath: '', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only', OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] } } };
  const certificate = d % 5 === 0
    ? { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1' as const, CertificateSource: 'cloudfront' as const }
    : { ACMCertificateArn: `arn:aws:acm:us-east-1:${plan.account}:certificate/0b4e5c1d-4444-4000-8000-${String(d).padStart(12, '0')}`, SSLSupportMethod: 'sni-only' as const, MinimumProtocolVersion: 'TLSv1.2_2021' as const, CertificateSource: 'acm' as const };
  return {
    Id: id, ARN: `arn:aws:cloudfront::${plan.account}:distribution/${id}`, Status: 'Deployed', LastModifiedTime: daysAgo(d % 90), DomainName: `d${(d * 7919).toString(16).padStart(13, '0')}.cloudfront.net`,
    Aliases: d % 5 === 0 ? { Quantity: 0 } : { Quantity: 1, Items: [`portal-${d}.example.org`] }, Origins: { Quantity: 1, Items: [origin] },
    DefaultCacheBehavior: { TargetOriginId: origin.Id, ViewerProtocolPolicy: d % 5 === 1 ? 'allow-all' : 'redirect-to-https', Compress: true, CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
    CacheBehaviors: { Quantity: 0 }, CustomErrorResponses: { Quantity: 0 }, Comment: 'patient portal', PriceClass: 'PriceClass_100', Enabled: true, ViewerCertificate: certificate,
    Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } }, WebACLId: '', HttpVersion: 'http2', IsIPV6Enabled: true, Staging: false,
  };
}

function cloudFrontAnswers(plan: AccountPlan): AnswerTable {
  return {
    CloudFrontClient: {
      // MaxItems defaults to 100; NextMarker is the last distribution's id.
      ListDistributions: (input: ListDistributionsCommandInput): Output<ListDistributionsCommandOutput> => {
        const after = input.Marker ? Number.parseInt(input.Marker.slice(1), 36) + 1 : 0;
        const size = input.MaxItems ?? 100;
        const { indexes, next } = indexPage(plan.counts.distributions, after, size);
        return {
          DistributionList: {
            Marker: input.Marker ?? '', MaxItems: size, IsTruncated: next !== undefined, Quantity: indexes.length, Items: indexes.map((d) => distribution(plan, d)),
            ...(next ? { NextMarker: distributionId(indexes.at(-1)!) } : {}),
          },
        };
      },
    },
  };
}

/** Stage `j` belongs to API floor(j / 2) (prod, then dev); the first two thirds of the APIs are REST APIs. */
function stageLayout(plan: AccountPlan) {
  const apis = Math.ceil(plan.counts.stages / 2);
  const restApis = Math.max(1, Math.ceil((apis * 2) / 3));
  const stagesOf = (a: number) => (2 * a + 1 < plan.counts.stages ? ['prod', 'dev'] : ['prod']);
  return { restApis, v2Apis: apis - restApis, stagesOf };
}

function apiGatewayAnswers(plan: AccountPlan): AnswerTable {
  const { restApis, v2Apis, stagesOf } = stageLayout(plan);
  const restId = (a: number) => `r${String(a).padStart(9, '0')}`;
  const v2Id = (b: number) => `h${String(b).padStart(9, '0')}`;
  const logs = (apiId: string, stage: string) => `arn:aws:logs:${plan.region}:${plan.account}:log-group:/aws/apigateway/${apiId}/${stage}`;
  const restStage = (a: number, stageName: string): RestStage => ({
    deploymentId: `d${String(a).padStart(5, '0')}`, stageName, description: `${stageName} stage`, cacheClusterEnabled: false, cacheClusterStatus: 'NOT_AVAILABLE', tracingEnabled: false,
    methodSettings: stageName === 'prod' || a % 2 === 0 ? { '*/*': { metricsEnabled: true, loggingLevel: stageName === 'prod' ? 'ERROR' : 'INFO', dataTraceEnabled: false, throttlingBurstLimit: 5000, throttlingRateLimit: 10000, cachingEnabled: false } } : {},
    ...(stageName === 'prod' ? { accessLogSettings: { format: '$context.requestId $context.identity.sourceIp $context.status', destinationArn: logs(restId(a), stageName) } } : {}),
    tags: tagMapOf(a, restId(a)), createdDate: daysAgo(300), lastUpdatedDate: daysAgo(3),
  });
  const v2Api = (b: number): Api => ({
    ApiId: v2Id(b), Name: `portal-${b}`, ProtocolType: b % 2 === 0 ? 'HTTP' : 'WEBSOCKET', ApiEndpoint: `https://${v2Id(b)}.execute-api.${plan.region}.amazonaws.com`, CreatedDate: daysAgo(200),
    RouteSelectionExpression: b % 2 === 0 ? '${request.method} ${request.path}' : '$request.body.action', ApiKeySelectionExpression: '$request.header.x-api-key', DisableExecuteApiEndpoint: false, Tags: {},
  });
  const v2Stage = (b: number, stageName: string): Stage => ({
    StageName: stageName, AutoDeploy: true, CreatedDate: daysAgo(200), LastUpdatedDate: daysAgo(2), RouteSettings: {}, StageVariables: {}, Tags: tagMapOf(b, v2Id(b)),
    DefaultRouteSettings: { DetailedMetricsEnabled: false, ThrottlingBurstLimit: 5000, ThrottlingRateLimit: 10000, ...(b % 2 === 1 ? { LoggingLevel: stageName === 'prod' ? 'ERROR' : 'OFF' } : {}) },
    ...(stageName === 'prod' ? { AccessLogSettings: { DestinationArn: logs(v2Id(b), stageName), Format: '$context.requestId $context.status' } } : {}),
  });
  return {
    APIGatewayClient: {
      // limit defaults to 25.
      GetRestApis: (input: GetRestApisCommandInput): Output<GetRestApisCommandOutput> => {
        const { indexes, next } = indexPage(restApis, input.position, input.limit ?? 25);
        return {
          items: indexes.map((a) => ({ id: restId(a), name: `clinic-api-${a}`, createdDate: daysAgo(300), apiKeySource: 'HEADER', endpointConfiguration: { types: ['REGIONAL'] }, disableExecuteApiEndpoint: false, rootResourceId: `root${a}` })),
          ...(next ? { position: next } : {}),
        };
      },
      GetStages: (input: RestStagesInput): Output<RestStagesOutput> | Error => {
        const a = indexOf(input.restApiId, 'r', 10);
        return a !== undefined && a < restApis ? { item: stagesOf(a).map((s) => restStage(a, s)) } : notFound('NotFoundException');
      },
    },
    ApiGatewayV2Client: {
      // 100 APIs a page.
      GetApis: (input: GetApisCommandInput): Output<GetApisCommandOutput> => {
        const { indexes, next } = indexPage(v2Apis, input.NextToken, Number(input.MaxResults ?? 100));
        return { Items: indexes.map(v2Api), ...(next ? { NextToken: next } : {}) };
      },
      GetStages: (input: GetStagesCommandInput): Output<GetStagesCommandOutput> | Error => {
        const b = indexOf(input.ApiId, 'h', 10);
        return b !== undefined && b < v2Apis ? { Items: stagesOf(restApis + b).map((s) => v2Stage(b, s)) } : notFound('NotFoundException');
      },
    },
  };
}

/** The CloudFront and API Gateway answers of the account. */
export function edgeAnswers(plan: AccountPlan): AnswerTable {
  return { ...cloudFrontAnswers(plan), ...apiGatewayAnswers(plan) };
}
