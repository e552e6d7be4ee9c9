import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { KmsSigner } from '../signers/kms.ts';
import { S3_RETRY, S3Store } from '../store/s3.ts';
import type { FunctionEnvironment } from './environment.ts';

// Kept apart from lambda-deps.ts: the seal function needs the bucket and the key, not the
// collectors and their nine SDK clients (half the bundle, and cold start).

/** The evidence bucket as a write-once store, with the stage's Object Lock mode and retention; SlowDown is retried (S3_RETRY). */
export function evidenceStore(env: FunctionEnvironment, s3: S3Client = new S3Client({ ...S3_RETRY })): S3Store {
  return new S3Store({ client: s3, bucket: env.bucket, prefix: env.prefix, lockMode: env.lockMode, retentionDays: env.retentionDays });
}

/** The KMS signing key: one kms:Sign per batch; the private key never leaves KMS. */
export function evidenceSigner(env: FunctionEnvironment, kms: KMSClient = new KMSClient({})): KmsSigner {
  return new KmsSigner(kms, env.signingKeyArn);
}

