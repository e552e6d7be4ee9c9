import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CHECKS } from '../checks/registry.ts';
import { SNAPSHOT_KINDS } from '../collectors/kinds.ts';
import { createAwsClients } from '../collectors/clients.ts';
import type { AwsClients } from '../collectors/types.ts';
import { KmsSigner } from '../evidence/signers.ts';
import type { RunDeps } from '../pipeline/run.ts';
import { S3Store } from '../store/s3.ts';
import type { FunctionEnvironment } from './environment.ts';

/** Injected SDK clients, so handler tests use aws-sdk-client-mock instances. */
export interface LambdaClients {
  s3?: S3Client;
  kms?: KMSClient;
  sts?: STSClient;
  /** Collector clients for an account and region; defaults to real clients (assuming the member role in org mode). */
  clientsFor?: RunDeps['clientsFor'];
}

/**
 * Wire a deployed function: S3 Object Lock store, KMS signer (one Sign call per batch), and
 * collector clients for the event's account: the function's own credentials in its own account,
 * the member read-only role elsewhere (organization mode).
 */
export function lambdaDeps(env: FunctionEnvironment, functionName: string, injected: LambdaClients = {}): RunDeps {
  const s3 = injected.s3 ?? new S3Client({});
  const kms = injected.kms ?? new KMSClient({});
  return {
    clientsFor: injected.clientsFor ?? memberClients(env, injected.sts ?? new STSClient({})),
    settings: env.settings,
    checks: CHECKS,
    kinds: SNAPSHOT_KINDS,
    functionName,
    store: new S3Store({ client: s3, bucket: env.bucket, prefix: env.prefix, lockMode: env.lockMode, retentionDays: env.retentionDays }),
    signer: new KmsSigner(kms, env.signingKeyArn),
  };
}

function memberClients(env: FunctionEnvironment, sts: STSClient): RunDeps['clientsFor'] {
  const cache = new Map<string, AwsClients>();
  const ownAccount = process.env.AWS_ACCOUNT_ID;
  return async (account, region) => {
    const cacheKey = `${account}/${region}`;
    const cached = cache.get(cacheKey);
    if (cached) return cached;
    let clients: AwsClients;
    if (!env.memberRoleName || account === ownAccount) {
      clients = createAwsClients(region);
    } else {
      const roleArn = `arn:aws:iam::${account}:role/${env.memberRoleName}`;
      const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'trailproof-collector', DurationSeconds: 900 }));
      if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`assume role ${roleArn} returned no credentials`);
      clients = createAwsClients(region, {
        credentials: {
          accessKeyId: Credentials.AccessKeyId,
          secretAccessKey: Credentials.SecretAccessKey,
          ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
          ...(Credentials.Expiration ? { expiration: Credentials.Expiration } : {}),
        },
      });
    }
    cache.set(cacheKey, clients);
    return clients;
  };
}
