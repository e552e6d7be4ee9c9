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
import type { RunDeps } from '../pipeline/run.ts';
import { openStore } from './open-store.ts';

export interface LocalEngineOptions {
  store: string;
  keyPath: string;
  responses?: string;
  settings?: Settings;
  functionName?: string;
}

/**
 * The CLI's engine: the same pipeline as the Lambdas, with a local PEM key and either recorded AWS
 * responses (no network) or the default credential chain. It loads every collector and so every
 * AWS SDK client: commands import it dynamically, only when they collect.
 */
export async function localEngine(options: LocalEngineOptions): Promise<RunDeps & { account?: string; region?: string }> {
  const signer = LocalKeySigner.fromPem(await readFile(options.keyPath, 'utf8'));
  const store = await openStore(options.store);
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
