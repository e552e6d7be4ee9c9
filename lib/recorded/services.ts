/**
 * The AWS services a recorded-responses file may name: the SDK v3 client name (as in the file and
 * the package name), the `serviceId` its clients carry in their configuration (how a pooled client
 * is matched to its recordings), and how to load its package. Nothing is loaded until a recording
 * names the service: `collect --responses` pays only for the services its file holds.
 */

/**
 * SDK v3 client name → serviceId and package loader. The schema's `service` enum lists the same
 * names (a test holds them equal).
 */
export const RECORDED_SERVICES = {
  iam: { serviceId: 'IAM', load: () => import('@aws-sdk/client-iam') },
  s3: { serviceId: 'S3', load: () => import('@aws-sdk/client-s3') },
  's3-control': { serviceId: 'S3 Control', load: () => import('@aws-sdk/client-s3-control') },
  ec2: { serviceId: 'EC2', load: () => import('@aws-sdk/client-ec2') },
  cloudtrail: { serviceId: 'CloudTrail', load: () => import('@aws-sdk/client-cloudtrail') },
  'config-service': { serviceId: 'Config Service', load: () => import('@aws-sdk/client-config-service') },
  kms: { serviceId: 'KMS', load: () => import('@aws-sdk/client-kms') },
  rds: { serviceId: 'RDS', load: () => import('@aws-sdk/client-rds') },
  'elastic-load-balancing-v2': { serviceId: 'Elastic Load Balancing v2', load: () => import('@aws-sdk/client-elastic-load-balancing-v2') },
  sts: { serviceId: 'STS', load: () => import('@aws-sdk/client-sts') },
  dynamodb: { serviceId: 'DynamoDB', load: () => import('@aws-sdk/client-dynamodb') },
  guardduty: { serviceId: 'GuardDuty', load: () => import('@aws-sdk/client-guardduty') },
  backup: { serviceId: 'Backup', load: () => import('@aws-sdk/client-backup') },
  inspector2: { serviceId: 'Inspector2', load: () => import('@aws-sdk/client-inspector2') },
  efs: { serviceId: 'EFS', load: () => import('@aws-sdk/client-efs') },
  lambda: { serviceId: 'Lambda', load: () => import('@aws-sdk/client-lambda') },
  securityhub: { serviceId: 'SecurityHub', load: () => import('@aws-sdk/client-securityhub') },
  eks: { serviceId: 'EKS', load: () => import('@aws-sdk/client-eks') },
  cloudfront: { serviceId: 'CloudFront', load: () => import('@aws-sdk/client-cloudfront') },
  'cloudwatch-logs': { serviceId: 'CloudWatch Logs', load: () => import('@aws-sdk/client-cloudwatch-logs') },
  sns: { serviceId: 'SNS', load: () => import('@aws-sdk/client-sns') },
  sqs: { serviceId: 'SQS', load: () => import('@aws-sdk/client-sqs') },
  opensearch: { serviceId: 'OpenSearch', load: () => import('@aws-sdk/client-opensearch') },
  redshift: { serviceId: 'Redshift', load: () => import('@aws-sdk/client-redshift') },
  elasticache: { serviceId: 'ElastiCache', load: () => import('@aws-sdk/client-elasticache') },
  kinesis: { serviceId: 'Kinesis', load: () => import('@aws-sdk/client-kinesis') },
  'secrets-manager': { serviceId: 'Secrets Manager', load: () => import('@aws-sdk/client-secrets-manager') },
  'api-gateway': { serviceId: 'API Gateway', load: () => import('@aws-sdk/client-api-gateway') },
  apigatewayv2: { serviceId: 'ApiGatewayV2', load: () => import('@aws-sdk/client-apigatewayv2') },
} as const satisfies Record<string, { serviceId: string; load: () => Promise<object> }>;

/** The SDK v3 client names a recorded response may name. */
export type RecordedService = keyof typeof RECORDED_SERVICES;

export function isRecordedService(service: string): service is RecordedService {
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

/** The recorded service a pooled SDK client belongs to, by the serviceId in its configuration. */
export function serviceOfClient(client: object): RecordedService | undefined {
  const serviceId = (client as { config?: { serviceId?: unknown } }).config?.serviceId;
  const found = Object.entries(RECORDED_SERVICES).find(([, entry]) => entry.serviceId === serviceId);
  return found?.[0] as RecordedService | undefined;
}
