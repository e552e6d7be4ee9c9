/**
 * The AWS services a recorded-responses file may name, and what each one is in the SDK: its
 * package (for the `<Operation>Command` classes), its client class, and the member of the
 * returned clients that holds it. Loading this module loads every SDK client: only
 * `collect --responses` and tests do.
 */
import * as cloudtrailSdk from '@aws-sdk/client-cloudtrail';
import * as configSdk from '@aws-sdk/client-config-service';
import * as ec2Sdk from '@aws-sdk/client-ec2';
import * as elbv2Sdk from '@aws-sdk/client-elastic-load-balancing-v2';
import * as iamSdk from '@aws-sdk/client-iam';
import * as kmsSdk from '@aws-sdk/client-kms';
import * as rdsSdk from '@aws-sdk/client-rds';
import * as s3Sdk from '@aws-sdk/client-s3';
import * as s3controlSdk from '@aws-sdk/client-s3-control';
import * as stsSdk from '@aws-sdk/client-sts';
import type { AwsClients } from '../collectors/types.ts';

/**
 * SDK v3 client name (as in the file and the package name) → SDK package, client class and
 * clients member. The schema's `service` enum lists the same names (a test holds them equal).
 */
export const RECORDED_SERVICES = {
  iam: { sdk: iamSdk, Client: iamSdk.IAMClient, member: 'iam' },
  s3: { sdk: s3Sdk, Client: s3Sdk.S3Client, member: 's3' },
  's3-control': { sdk: s3controlSdk, Client: s3controlSdk.S3ControlClient, member: 's3control' },
  ec2: { sdk: ec2Sdk, Client: ec2Sdk.EC2Client, member: 'ec2' },
  cloudtrail: { sdk: cloudtrailSdk, Client: cloudtrailSdk.CloudTrailClient, member: 'cloudtrail' },
  'config-service': { sdk: configSdk, Client: configSdk.ConfigServiceClient, member: 'config' },
  kms: { sdk: kmsSdk, Client: kmsSdk.KMSClient, member: 'kms' },
  rds: { sdk: rdsSdk, Client: rdsSdk.RDSClient, member: 'rds' },
  'elastic-load-balancing-v2': { sdk: elbv2Sdk, Client: elbv2Sdk.ElasticLoadBalancingV2Client, member: 'elbv2' },
  sts: { sdk: stsSdk, Client: stsSdk.STSClient, member: 'sts' },
} as const satisfies Record<string, { sdk: object; Client: object; member: keyof AwsClients | 'sts' }>;

/** The SDK v3 client names a recorded response may name. */
export type RecordedService = keyof typeof RECORDED_SERVICES;

/** Every collector client, plus STS (a sweep without --account asks it for the account). */
export type RecordedClients = AwsClients & { sts: stsSdk.STSClient };

function isRecordedService(service: string): service is RecordedService {
  return Object.hasOwn(RECORDED_SERVICES, service);
}

/**
 * The SDK command class of a service's operation (`s3`, `GetBucketPolicy` → GetBucketPolicyCommand),
 * or undefined when the service or the operation does not exist.
 */
export function commandClassFor(service: string, operation: string): (new (input: object) => unknown) | undefined {
  if (!isRecordedService(service)) return undefined;
  const exported = (RECORDED_SERVICES[service].sdk as Record<string, unknown>)[`${operation}Command`];
  return typeof exported === 'function' ? (exported as new (input: object) => unknown) : undefined;
}

/** The member of the recorded clients that serves a service (`config-service` → `config`). */
export function clientKeyFor(service: RecordedService): keyof RecordedClients {
  return RECORDED_SERVICES[service].member;
}
