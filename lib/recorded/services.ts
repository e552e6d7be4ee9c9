import type { SdkClientClass } from '../collectors/client-pool.ts';
/**
 * The AWS services a recorded-responses file may name: the SDK v3 client name (as in the file and
 * the package name), the `serviceId` its clients carry in their configuration (how a pooled client
 * is matched to its recordings), its client class and how to load its package. Nothing is loaded until a recording
 * names the service: `collect --responses` pays only for the services its file holds.
 */

/**
 * SDK v3 client name → serviceId and package loader. The schema's `service` enum lists the same
 * names (a test holds them equal).
 */
export const RECORDED_SERVICES = {
  iam: { serviceId: 'IAM', client: 'IAMClient', load: () => import('@aws-sdk/client-iam') },
  s3: { serviceId: 'S3', client: 'S3Client', load: () => import('@aws-sdk/client-s3') },
  's3-control': { serviceId: 'S3 Control', client: 'S3ControlClient', load: () => import('@aws-sdk/client-s3-control') },
  ec2: { serviceId: 'EC2', client: 'EC2Client', load: () => import('@aws-sdk/client-ec2') },
  cloudtrail: { serviceId: 'CloudTrail', client: 'CloudTrailClient', load: () => import('@aws-sdk/client-cloudtrail') },
  'config-service': { serviceId: 'Config Service', client: 'ConfigServiceClient', load: () => import('@aws-sdk/client-config-service') },
  kms: { serviceId: 'KMS', client: 'KMSClient', load: () => import('@aws-sdk/client-kms') },
  rds: { serviceId: 'RDS', client: 'RDSClient', load: () => import('@aws-sdk/client-rds') },
  'elastic-load-balancing-v2': { serviceId: 'Elastic Load Balancing v2', client: 'ElasticLoadBalancingV2Client', load: () => import('@aws-sdk/client-elastic-load-balancing-v2') },
  sts: { serviceId: 'STS', client: 'STSClient', load: () => import('@aws-sdk/client-sts') },
  dynamodb: { serviceId: 'DynamoDB', client: 'DynamoDBClient', load: () => import('@aws-sdk/client-dynamodb') },
  guardduty: { serviceId: 'GuardDuty', client: 'GuardDutyClient', load: () => import('@aws-sdk/client-guardduty') },
  backup: { serviceId: 'Backup', client: 'BackupClient', load: () => import('@aws-sdk/client-backup') },
  inspector2: { serviceId: 'Inspector2', client: 'Inspector2Client', load: () => import('@aws-sdk/client-inspector2') },
  efs: { serviceId: 'EFS', client: 'EFSClient', load: () => import('@aws-sdk/client-efs') },
  lambda: { serviceId: 'Lambda', client: 'LambdaClient', load: () => import('@aws-sdk/client-lambda') },
  securityhub: { serviceId: 'SecurityHub', client: 'SecurityHubClient', load: () => import('@aws-sdk/client-securityhub') },
  eks: { serviceId: 'EKS', client: 'EKSClient', load: () => import('@aws-sdk/client-eks') },
  cloudfront: { serviceId: 'CloudFront', client: 'CloudFrontClient', load: () => import('@aws-sdk/client-cloudfront') },
  'cloudwatch-logs': { serviceId: 'CloudWatch Logs', client: 'CloudWatchLogsClient', load: () => import('@aws-sdk/client-cloudwatch-logs') },
  sns: { serviceId: 'SNS', client: 'SNSClient', load: () => import('@aws-sdk/client-sns') },
  sqs: { serviceId: 'SQS', client: 'SQSClient', load: () => import('@aws-sdk/client-sqs') },
  opensearch: { serviceId: 'OpenSearch', client: 'OpenSearchClient', load: () => import('@aws-sdk/client-opensearch') },
  redshift: { serviceId: 'Redshift', client: 'RedshiftClient', load: () => import('@aws-sdk/client-redshift') },
  elasticache: { serviceId: 'ElastiCache', client: 'ElastiCacheClient', load: () => import('@aws-sdk/client-elasticache') },
  kinesis: { serviceId: 'Kinesis', client: 'KinesisClient', load: () => import('@aws-sdk/client-kinesis') },
  'secrets-manager': { serviceId: 'Secrets Manager', client: 'SecretsManagerClient', load: () => import('@aws-sdk/client-secrets-manager') },
  'api-gateway': { serviceId: 'API Gateway', client: 'APIGatewayClient', load: () => import('@aws-sdk/client-api-gateway') },
  apigatewayv2: { serviceId: 'ApiGatewayV2', client: 'ApiGatewayV2Client', load: () => import('@aws-sdk/client-apigatewayv2') },
} as const satisfies Record<string, { serviceId: string; client: string; load: () => Promise<object> }>;

/** The SDK v3 client names a recorded response may name. */
export type RecordedService = keyof typeof RECORDED_SERVICES;

function isRecordedService(service: string): service is RecordedService {
  return Object.hasOwn(RECORDED_SERVICES, service);
}

/**
 * The SDK command class of a service's operation (`s3`, `GetBucketPolicy` → GetBucketPolicyCommand),
 * or undefined when the service or the operation does not exist. Loads that service's package.
 */
export async function commandClassFor(service: string, operation: string): Promise<(new (input: object) => unknown) | undefined> {
  if (!isRecordedService(service)) return undefined;
  const sdk = (await RECORDED_SERVICES[service].load()) as Record<string, unknown>;
  const exported = sdk[`${operation}Command`];
  return typeof exported === 'function' ? (exported as new (input: object) => unknown) : undefined;
}

/** The SDK client class of a service (`dynamodb` → DynamoDBClient). Loads that service's package. */
export async function clientClassFor(service: RecordedService): Promise<SdkClientClass<object>> {
  const entry = RECORDED_SERVICES[service];
  return ((await entry.load()) as Record<string, unknown>)[entry.client] as SdkClientClass<object>;
}

/** The recorded service a pooled SDK client belongs to, by the serviceId in its configuration. */
export function serviceOfClient(client: object): RecordedService | undefined {
  const serviceId = (client as { config?: { serviceId?: unknown } }).config?.serviceId;
  const found = Object.entries(RECORDED_SERVICES).find(([, entry]) => entry.serviceId === serviceId);
  return found?.[0] as RecordedService | undefined;
}
