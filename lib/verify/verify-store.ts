import { pinKeys } from '../evidence/keys.ts';
import { verificationProblem } from '../evidence/verification-codes.ts';
import type { EvidenceStore } from '../store/types.ts';
import { mapOrdered } from '../util/concurrency.ts';
import { AttachmentCheck } from './attachments.ts';
import { SealCrossCheck } from './cross-check.ts';
import { verifyClock } from './dates.ts';
import { keyFileFailures } from './key-files.ts';
import { listDeletedRecordKeys, listIrregularRecordKeys, listRecordKeys, prefixesOf } from './list-records.ts';
import { lockChecker } from './lock.ts';
import { verifySeals } from './seal-chain.ts';
import { sealTokenChecker } from './seal-timestamps.ts';
import { VerificationTally, type JudgedRecord } from './tally.ts';
import type { StoreVerification, VerifyStoreOptions } from './types.ts';
import { verifyKey, type KeyContext, type VerifiedKey } from './verify-key.ts';

export type * from './types.ts';

/** A verified key meets its seal (and an attestation its file), and its records are counted with their final verdict. */
async function judge(verified: VerifiedKey, crossCheck: SealCrossCheck | undefined, tally: VerificationTally, attachments: AttachmentCheck): Promise<void> {
  tally.addObject();
  const errors = [...verified.errors];
  if (verified.listed && crossCheck) errors.push(...(await crossCheck.check(verified.listed)));
  for (const reference of verified.attachments ?? []) {
    verified.records.find((r) => r.address === reference.address)?.errors.push(...(await attachments.check(reference)));
  }
  // A failure of the key (its name, its lock, its seal) fails every record it holds.
  for (const record of verified.records) {
    if (record.errors.length > 0) tally.addFailure({ key: record.address, errors: record.errors });
    const { id, keyId, result } = record;
    const judged: JudgedRecord = { storeKey: verified.key, id, ok: errors.length === 0 && record.errors.length === 0 };
    if (verified.hour !== undefined) judged.hour = verified.hour;
    if (keyId) judged.keyId = keyId;
    if (result !== undefined) judged.result = result;
    tally.addRecord(judged);
  }
  tally.addFailure({ key: verified.key, errors });
}

/**
 * Verifies every record in a store against the pinned public keys, v1 records and v2 objects
 * alike, strictly: each record on its own (verifyRecord, read as strict JSON: no member twice),
 * each v2 object against its name (SHA-256, count, Merkle root) and each of its lines against its
 * place in it and as the writer writes it, keys against content (check, account, region, record
 * id, write hour), dates against the clock (`now` + `clockSkewMs`), optionally Object Lock facts,
 * every published key file under `keys/` (only pinned keys count), and anything that is not a
 * plain file where evidence lives (reported, never followed).
 *
 * With `timestamps` (`--tsa-ca`): each seal's RFC 3161 token against its bytes, the TSA CAs and
 * the seal's time (lib/verify/seal-timestamps.ts); with `timestamps.require`, a seal without one fails.
 *
 * Unless `seals: 'skip'`: the seal chain across seals/v1 and seals/v2 (verifySeals: edits,
 * reorderings, forks, gaps) and every record and object against it: a sealed one missing (or
 * deleted behind a delete marker) or changed, one under a sealed hour that its seal does not list
 * (late or slipped in), one in no seal though newer hours are sealed, and one whose hour closed
 * more than `sealGraceMs` (default 2 hours) ago without a seal: SEAL_OVERDUE, also when the
 * newest seal or every seal was deleted. Younger unsealed hours are `warnings`.
 *
 * The same record id stored twice is one record (a retried write), counted once, never an error:
 * a RECORD_RETRIED warning. Memory does not grow with the store: keys are listed, verified and
 * checked against their hour's seal as a stream (one hour's seal entries held at a time), and
 * earlier copies of a record id are looked for within `retryWindow` (docs/verify.md).
 *
 * No content crashes it: every problem of a key is a coded failure of that key, and the rest of
 * the store is still verified. Keys are verified while the listing continues (`onProgress` sees
 * both counts), so a big S3 store starts verifying after its first list page.
 *
 * @example
 * const report = await verifyStore(new DirectoryStore('./evidence'), { publicKeys: [pem] });
 * for (const f of report.failures) console.error(f.key, formatProblems(f.errors));
 */
export async function verifyStore(store: EvidenceStore, trust: { publicKeys: readonly string[] }, options: VerifyStoreOptions = {}): Promise<StoreVerification> {
  const trustedKeys = pinKeys(trust.publicKeys);
  const clock = verifyClock(options);
  const lock = lockChecker(store, options.lock);
  const lockChecked = lock !== undefined;
  const tally = new VerificationTally(options.retryWindow);
  const sealsMode = options.seals ?? 'auto';
  const timestamps = options.timestamps && sealsMode !== 'skip' ? await sealTokenChecker(store, options.timestamps, clock, lock) : undefined;
  const index =
    sealsMode === 'skip'
      ? undefined
      : await verifySeals(store, trustedKeys, {
          clock,
          ...(options.period ? { period: options.period } : {}),
          partialChain: options.partialChain ?? false,
          cache: new Map(),
          ...(lock ? { objectErrors: lock } : {}),
          ...(timestamps ? { timestamps } : {}),
        });
  const crossCheck = sealsMode === 'skip' ? undefined : new SealCrossCheck(store, index, { clock, prefixes: prefixesOf(options), onFailure: (failure) => tally.addFailure(failure) });

  const context: KeyContext = { store, trustedKeys, cache: new Map(), clock, ...(lock ? { lock } : {}) };
  const attachments = new AttachmentCheck(store, lock);
  const concurrency = Math.max(1, options.concurrency ?? 16);
  let listed = 0;
  let verified = 0;
  const keys = async function* () {
    for await (const key of listRecordKeys(store, options)) {
      listed++;
      yield key;
    }
  };
  for await (const result of mapOrdered(keys(), concurrency, (key) => verifyKey(key, context))) {
    await judge(result, crossCheck, tally, attachments);
    if (++verified % concurrency === 0) options.onProgress?.(verified, listed, false);
  }
  options.onProgress?.(verified, listed, true);

  if (lockChecked) for await (const key of listDeletedRecordKeys(store, options)) tally.addFailure({ key, errors: [verificationProblem('RECORD_DELETED')] });
  for await (const { key, kind } of listIrregularRecordKeys(store, options)) tally.addFailure({ key, errors: [verificationProblem('OBJECT_NOT_REGULAR_FILE', { kind })] });
  for (const failure of await keyFileFailures(store, new Set(trustedKeys.keys()))) tally.addFailure(failure);
  // Every attestation was seen only when nothing narrowed the listing: only then is a file nobody names an addition.
  for (const failure of await attachments.finish(options.prefix === undefined && options.period === undefined)) tally.addFailure(failure);
  if (!crossCheck) return tally.summary(lockChecked);

  const warnings = await crossCheck.finish();
  if (index) return tally.summary(lockChecked, { seals: index.chain, warnings });
  // No seal at all: a failure when one was required, or when some hour is past its grace (seals deleted).
  // Otherwise a young store that was never sealed yet: nothing to add to the retries (the CLI warns NO_SEALS).
  if (sealsMode !== 'require' && !crossCheck.overdue) return tally.summary(lockChecked);
  const noSeals = { key: 'seals/', errors: [verificationProblem('NO_SEALS')] };
  return tally.summary(lockChecked, { seals: { checked: 0, ok: 0, failures: [noSeals] }, warnings });
}
