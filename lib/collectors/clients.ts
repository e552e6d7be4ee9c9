import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { AwsClients } from './types.ts';
import { SDK_MAX_ATTEMPTS } from './read.ts';

/** Options for real clients; everything else comes from the default credential chain. */
export interface AwsClientOptions {
  credentials?: S3ClientConfig['credentials'];
  /** Override of SDK_MAX_ATTEMPTS (the SDK's own retry, with backoff, handles throttling). */
  maxAttempts?: number;
  /** A custom endpoint for every client (e.g. a local S3 server on 127.0.0.1). */
  endpoint?: string;
}

/**
 * Real SDK v3 clients for one region. The Lambdas call this once per cold start (or per assumed
 * role in organization mode) and inject the result into every collector.
 *
 * @example
 * const clients = createAwsClients('us-east-1');
 * const snapshot = await s3BucketKind.collect({ clients, account, region: 'us-east-1' }, 'scans');
 */
export function createAwsClients(region: string, options: AwsClientOptions = {}): AwsClients {
  const config = {
    region,
    maxAttempts: options.maxAttempts ?? SDK_MAX_ATTEMPTS,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  };
  return {
    iam: new IAMClient(config),
    // A custom S3 endpoint (a local server) has no per-bucket DNS names.
    s3: new S3Client({ ...config, ...(options.endpoint ? { forcePathStyle: true } : {}) }),
    s3control: new S3ControlClient(config),
    ec2: new EC2Client(config),
    cloudtrail: new CloudTrailClient(config),
    config: new ConfigServiceClient(config),
    kms: new KMSClient(config),
    rds: new RDSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
  };
}
