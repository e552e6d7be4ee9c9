import { readFile } from 'node:fs/promises';
import { DEFAULT_SETTINGS, type Settings } from '../model/check.ts';
import { CHECKS } from '../checks/registry.ts';
import { SNAPSHOT_KINDS } from '../collectors/kinds.ts';
import { createAwsClients } from '../collectors/clients.ts';
import type { AwsClients } from '../collectors/types.ts';
import { LocalKeySigner } from '../signers/local.ts';
import { publishPublicKey } from '../store/publish-key.ts';
import { clientsFromRecordedResponses } from '../recorded/clients.ts';
import { loadRecordedResponses } from '../recorded/responses.ts';
import { DirectoryStore } from '../store/directory.ts';
import { s3StoreFromUrl } from '../store/s3.ts';
import type { EvidenceStore } from '../store/types.ts';
import type { RunDeps } from '../pipeline/run.ts';

/** `--store DIR` or `--store s3://bucket/prefix` (with TRAILPROOF_S3_ENDPOINT for S3-compatible servers). */
export function openStore(location: string): EvidenceStore {
  if (location.startsWith('s3://')) {
    const endpoint = process.env.TRAILPROOF_S3_ENDPOINT;
    return s3StoreFromUrl(location, endpoint ? { endpoint } : {});
  }
  return new DirectoryStore(location);
}

export interface LocalEngineOptions {
  store: string;
  keyPath: string;
  responses?: string;
  settings?: Settings;
  functionName?: string;
}

/**
 * The CLI's engine: the same pipeline as the Lambdas, with a local PEM key and either recorded AWS
 * responses (no network) or the default credential chain.
 */
export async function localEngine(options: LocalEngineOptions): Promise<RunDeps & { account?: string; region?: string }> {
  const signer = LocalKeySigner.fromPem(await readFile(options.keyPath, 'utf8'));
  const store = openStore(options.store);
  await publishPublicKey(store, signer);
  let clientsFor: RunDeps['clientsFor'];
  let account: string | undefined;
  let region: string | undefined;
  if (options.responses) {
    const recorded = await loadRecordedResponses(options.responses);
    const clients = clientsFromRecordedResponses(recorded);
    account = recorded.account;
    region = recorded.region;
    clientsFor = () => clients;
  } else {
    const cache = new Map<string, AwsClients>();
    clientsFor = (_account, clientRegion) => {
      const clients = cache.get(clientRegion) ?? createAwsClients(clientRegion);
      cache.set(clientRegion, clients);
      return clients;
    };
  }
  return {
    clientsFor,
    settings: options.settings ?? DEFAULT_SETTINGS,
    checks: CHECKS,
    kinds: SNAPSHOT_KINDS,
    functionName: options.functionName ?? 'cli',
    store,
    signer,
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
  };
}
