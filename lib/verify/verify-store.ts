import { pinKeys } from '../evidence/keys.ts';
import { verificationProblem } from '../evidence/verification-codes.ts';
import type { SignatureCache } from '../evidence/verify-record.ts';
import { RECORDS_PREFIX, SEALS_PREFIX } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { checkStoredRecord, type RecordSealFacts } from './check-record.ts';
import { crossCheckSeals } from './cross-check.ts';
import { keyFileFailures } from './key-files.ts';
import { listDeletedRecordKeys, listRecordKeys } from './list-records.ts';
import { lockChecker } from './lock.ts';
import { readJsonObject } from './read-object.ts';
import { verifySeals } from './seal-chain.ts';
import { VerificationTally } from './tally.ts';
import type { StoreVerification, VerifyStoreOptions } from './types.ts';

export type * from './types.ts';

/**
 * Verifies every record in a store against the pinned public keys: each record on its own
 * (verifyRecord), its key against its content (check id, record id, write hour), optionally its
 * Object Lock facts, and every published key file under `keys/`. The same record id under two keys
 * is one record (a retried delivery), counted once and not an error.
 *
 * When the store holds seals (or `seals: 'require'`), also the seal chain (verifySeals) and every
 * record against it: a sealed record missing (or deleted behind a delete marker) or changed, a
 * record under a sealed hour that its seal does not list (late or slipped in), a record in no
 * seal though newer hours are sealed. Records newer than the newest seal are `warnings`.
 *
 * Keys are verified while the listing continues (`onProgress` sees both counts), so a big S3
 * store starts verifying after its first list page.
 *
 * @example
 * const report = await verifyStore(new DirectoryStore('./evidence'), { publicKeys: [pem] });
 * for (const f of report.failures) console.error(f.key, formatProblems(f.errors));
 */
export async function verifyStore(store: EvidenceStore, trust: { publicKeys: readonly string[] }, options: VerifyStoreOptions = {}): Promise<StoreVerification> {
  const trustedKeys = pinKeys(trust.publicKeys);
  const cache: SignatureCache = new Map();
  const lock = lockChecker(store, options.lock);
  const lockChecked = lock !== undefined;
  const tally = new VerificationTally();
  const sealFacts = new Map<string, RecordSealFacts>();

  const verifyKey = async (key: string) => {
    const check = checkStoredRecord(key, await readJsonObject(store, key), trustedKeys, cache);
    if (lock) check.errors.push(...(await lock(key, check.collectedAt)));
    return check;
  };
  let listed = 0;
  let verified = 0;
  const verifyChunk = async (keys: string[]): Promise<void> => {
    const checks = await Promise.all(keys.map(verifyKey));
    checks.forEach((check, i) => {
      tally.addRecord(keys[i]!, check);
      sealFacts.set(keys[i]!, check.sealFacts);
    });
    verified += keys.length;
  };
  const concurrency = Math.max(1, options.concurrency ?? 16);
  let chunk: string[] = [];
  for await (const key of listRecordKeys(store, options)) {
    listed++;
    chunk.push(key);
    if (chunk.length < concurrency) continue;
    await verifyChunk(chunk);
    chunk = [];
    options.onProgress?.(verified, listed, false);
  }
  await verifyChunk(chunk);
  options.onProgress?.(verified, listed, true);

  if (lockChecked) {
    for await (const key of listDeletedRecordKeys(store, options)) {
      tally.addFailure({ key, errors: [verificationProblem('RECORD_DELETED')] });
    }
  }
  for (const failure of await keyFileFailures(store)) tally.addFailure(failure);
  if (options.seals === 'skip') return tally.summary(lockChecked);

  const index = await verifySeals(store, trustedKeys, {
    ...(options.period ? { period: options.period } : {}),
    partialChain: options.partialChain ?? false,
    cache,
    ...(lock ? { objectErrors: lock } : {}),
  });
  if (!index) {
    if (options.seals !== 'require') return tally.summary(lockChecked);
    const noSeals = { key: SEALS_PREFIX, errors: [verificationProblem('NO_SEALS')] };
    return tally.summary(lockChecked, { seals: { checked: 0, ok: 0, failures: [noSeals] }, warnings: [] });
  }
  const crossCheck = await crossCheckSeals(store, index, sealFacts, { prefix: options.prefix ?? RECORDS_PREFIX });
  // A record that fails against its seal is not ok, even when it verifies on its own.
  for (const failure of crossCheck.failures) tally.addFailure(failure);
  return tally.summary(lockChecked, { seals: index.chain, warnings: crossCheck.warnings });
}
