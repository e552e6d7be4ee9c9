import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CHECKS } from '../checks/registry.ts';
import { SNAPSHOT_KINDS } from '../collectors/kinds.ts';
import { createAwsClients, type AwsClientOptions } from '../collectors/clients.ts';
import type { AwsClients } from '../collectors/types.ts';
import type { RunDeps } from '../pipeline/run.ts';
import type { FunctionEnvironment } from './environment.ts';
import { evidenceSigner, evidenceStore } from './evidence-io.ts';

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
  return {
    clientsFor: injected.clientsFor ?? memberClients(env, injected.sts ?? new STSClient({})),
    settings: env.settings,
    checks: CHECKS,
    kinds: SNAPSHOT_KINDS,
    functionName,
    store: evidenceStore(env, injected.s3),
    signer: evidenceSigner(env, injected.kms),
  };
}

function memberClients(env: FunctionEnvironment, sts: STSClient): RunDeps['clientsFor'] {
  const cache = new Map<string, AwsClients>();
  // IAM roles are global: one session per member account serves every region's clients.
  const roles = new Map<string, ReturnType<typeof assumedRole>>();
  const ownAccount = ownAccountOf(sts);
  return async (account, region) => {
    const cacheKey = `${account}/${region}`;
    const cached = cache.get(cacheKey);
    if (cached) return cached;
    let clients: AwsClients;
    if (!env.memberRoleName || account === (await ownAccount())) {
      clients = createAwsClients(region);
    } else {
      if (!roles.has(account)) roles.set(account, assumedRole(sts, `arn:aws:iam::${account}:role/${env.memberRoleName}`));
      clients = createAwsClients(region, { credentials: roles.get(account)! });
    }
    cache.set(cacheKey, clients);
    return clients;
  };
}

/**
 * The account the function runs in. Lambda sets no AWS_ACCOUNT_ID, so without it every event of
 * the central account would try to assume the member role there, which organization mode does not
 * deploy. GetCallerIdentity needs no permission; asked once, a failure is asked again next time.
 */
function ownAccountOf(sts: STSClient): () => Promise<string | undefined> {
  let pending: Promise<string | undefined> | undefined;
  return () => {
    if (process.env.AWS_ACCOUNT_ID) return Promise.resolve(process.env.AWS_ACCOUNT_ID);
    pending ??= sts.send(new GetCallerIdentityCommand({})).then((out) => out.Account);
    pending.catch(() => (pending = undefined));
    return pending;
  };
}

/** Temporary credentials of an assumed role (the SDK's AwsCredentialIdentity shape). */
interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Refresh this long before expiry (the SDK asks again 5 minutes before; ours must be fresher). */
const REFRESH_BEFORE_MS = 10 * 60_000;

/**
 * A credential provider for the member role, shared by every client of that account. A provider,
 * not fixed credentials: a warm container outlives the 15-minute session, and the SDK only renews
 * credentials it can ask for again. A failed AssumeRole is the failed read of whatever asked.
 */
function assumedRole(sts: STSClient, roleArn: string): NonNullable<AwsClientOptions['credentials']> {
  let current: { credentials: Promise<RoleCredentials>; expiresAt: number } | undefined;
  return () => {
    if (current && current.expiresAt - Date.now() > REFRESH_BEFORE_MS) return current.credentials;
    const entry = { expiresAt: Number.POSITIVE_INFINITY, credentials: assume(sts, roleArn) };
    entry.credentials.then(
      (c) => (entry.expiresAt = c.expiration?.getTime() ?? Date.now()),
      () => current === entry && (current = undefined),
    );
    current = entry;
    return entry.credentials;
  };
}

async function assume(sts: STSClient, roleArn: string): Promise<RoleCredentials> {
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'trailproof-collector', DurationSeconds: 900 }));
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`assume role ${roleArn} returned no credentials`);
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
    ...(Credentials.Expiration ? { expiration: Credentials.Expiration } : {}),
  };
}
