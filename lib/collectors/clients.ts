import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { createClientPool, type OnClientCreated } from './client-pool.ts';
import type { AwsClients } from './types.ts';
import { SDK_MAX_ATTEMPTS } from './read.ts';

/** Options for real clients; everything else comes from the default credential chain. */
export interface AwsClientOptions {
  credentials?: S3ClientConfig['credentials'];
  /** Override of SDK_MAX_ATTEMPTS (the SDK's own retry, with backoff, handles throttling). */
  maxAttempts?: number;
  /** A custom endpoint for every client (e.g. a local S3 server on 127.0.0.1). */
  endpoint?: string;
  /** Called on each client when it is made (recorded mode adds its middleware). */
  onCreate?: OnClientCreated;
}

/**
 * SDK v3 clients for one region, each made when a collector first asks for it. The Lambdas call
 * this once per cold start (or per assumed role in organization mode) and inject the result into
 * every collector; no service package is loaded here.
 *
 * @example
 * const clients = createAwsClients('us-east-1');
 * const snapshot = await s3BucketKind.collect({ clients, account, region: 'us-east-1' }, 'scans');
 */
export function createAwsClients(region: string, options: AwsClientOptions = {}): AwsClients {
  return createClientPool(
    {
      region,
      maxAttempts: options.maxAttempts ?? SDK_MAX_ATTEMPTS,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // A custom endpoint (a local server) has no per-bucket DNS names; other clients ignore forcePathStyle.
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    },
    options.onCreate ? { onCreate: options.onCreate } : {},
  );
}
