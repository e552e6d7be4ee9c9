import type { KeyObject } from 'node:crypto';
import { pinKeys } from '../evidence/keys.ts';
import { verificationProblem } from '../evidence/verification-codes.ts';
import type { SignatureCache } from '../evidence/verify-record.ts';
import { RECORDS_V2_PREFIX } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { checkStoredObject } from './check-object.ts';
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

type LockCheck = ReturnType<typeof lockChecker>;

/** Verifies one listed key, a v1 record or a v2 object, into the tally and the facts for the seal cross-check. */
function keyVerifier(
  store: EvidenceStore,
  trustedKeys: ReadonlyMap<string, KeyObject>,
  lock: LockCheck,
  tally: VerificationTally,
  facts: { records: Map<string, RecordSealFacts>; objects: Map<string, string | undefined> },
) {
  const cache: SignatureCache = new Map();
  return async (key: string): Promise<() => void> => {
    if (key.startsWith(RECORDS_V2_PREFIX)) {
      const check = checkStoredObject(key, await store.get(key), trustedKeys, cache);
      if (lock) check.errors.push(...(await lock(key, check.collectedAt)));
      // Applied in listing order once the chunk is read, so counts and retry warnings do not depend on timing.
      return () => {
        tally.addObject();
        for (const line of check.lines) tally.addRecord(key, line.address, line.check, line.result);
        if (check.errors.length > 0) tally.addFailure({ key, errors: check.errors });
        facts.objects.set(key, check.sha256);
      };
    }
    const read = await readJsonObject(store, key);
    const check = checkStoredRecord(key, read, trustedKeys, cache);
    if (lock) check.errors.push(...(await lock(key, check.collectedAt)));
    const result = 'value' in read ? (read.value as { result?: unknown } | null)?.result : undefined;
    return () => {
      tally.addObject();
      tally.addRecord(key, key, check, typeof result === 'string' ? result : undefined);
      facts.records.set(key, check.sealFacts);
    };
  };
}

/**
 * Verifies every record in a store against the pinned public keys, v1 records and v2 objects alike:
 * each record on its own (verifyRecord), each v2 object against its name (SHA-256, count, Merkle
 * root) and each of its lines against its place in it, keys against content (check, account,
 * region, record id, write hour), optionally Object Lock facts, and every published key file
 * under `keys/`. The same record id stored twice is one record (a retried write), counted once,
 * never an error: a RECORD_RETRIED warning.
 *
 * When the store holds seals (or `seals: 'require'`), also the seal chain across seals/v1 and
 * seals/v2 (verifySeals) and every record and object against it: a sealed one missing (or
 * deleted behind a delete marker) or changed, one under a sealed hour that its seal does not list
 * (late or slipped in), one in no seal though newer hours are sealed. Keys newer than the newest
 * seal are `warnings`.
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
  const lock = lockChecker(store, options.lock);
  const lockChecked = lock !== undefined;
  const tally = new VerificationTally();
  const facts = { records: new Map<string, RecordSealFacts>(), objects: new Map<string, string | undefined>() };
  const verifyKey = keyVerifier(store, trustedKeys, lock, tally, facts);

  let listed = 0;
  let verified = 0;
  const verifyChunk = async (keys: string[]): Promise<void> => {
    for (const apply of await Promise.all(keys.map(verifyKey))) apply();
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
    cache: new Map(),
    ...(lock ? { objectErrors: lock } : {}),
  });
  if (!index) {
    if (options.seals !== 'require') return tally.summary(lockChecked);
    const noSeals = { key: 'seals/', errors: [verificationProblem('NO_SEALS')] };
    return tally.summary(lockChecked, { seals: { checked: 0, ok: 0, failures: [noSeals] }, warnings: [] });
  }
  const crossCheck = await crossCheckSeals(store, index, facts, options.prefix === undefined ? {} : { prefixes: [options.prefix] });
  // A record that fails against its seal is not ok, even when it verifies on its own.
  for (const failure of crossCheck.failures) tally.addFailure(failure);
  return tally.summary(lockChecked, { seals: index.chain, warnings: crossCheck.warnings });
}
