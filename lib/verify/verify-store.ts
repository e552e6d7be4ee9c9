import { fingerprint, pinKeys } from '../evidence/keys.ts';
import type { EvidenceRecord } from '../evidence/types.ts';
import { verifyRecord, type SignatureCache } from '../evidence/verify-record.ts';
import { parsePublicKeyKey, parseRecordKey, KEYS_PREFIX, RECORDS_PREFIX } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { crossCheckSeals, verifySeals, type RecordSealFacts, type SealChainVerification } from './seal-chain.ts';

export type { SealChainVerification } from './seal-chain.ts';

const HOUR_MS = 3_600_000;
const LEAF_MISMATCH = 'leaf hash mismatch: record content changed';
const DAY_MS = 86_400_000;

export interface VerifyStoreOptions {
  /** Which records to verify; default every record (`records/`). */
  prefix?: string;
  /**
   * Also check Object Lock facts when the store has them (S3 `describe`: one HEAD and one
   * ListObjectVersions per record): more than one version (an overwrite attempt), a delete
   * marker, no retention, or retention shorter than `minRetentionDays` after collection.
   */
  lock?: {
    minRetentionDays?: number;
    /** The Object Lock mode the policy requires; another mode is an error. */
    mode?: 'COMPLIANCE' | 'GOVERNANCE';
  };
  /** Parallel reads; default 16 (S3 latency, not CPU, bounds a big store). */
  concurrency?: number;
  /**
   * Only records whose write hour, and seals whose window, overlap `[from, to)`. With both ends
   * only the days of the period are listed.
   */
  period?: { from?: Date; to?: Date };
  /**
   * The seal chain (lib/verify/seal-chain.ts) and the cross-check of records against it.
   * `auto` (default): when the store holds seals; `require`: a store without seals fails; `skip`.
   */
  seals?: 'auto' | 'require' | 'skip';
  /** The store is an audit package holding a slice of the chain (its first seal's predecessor is not in it). */
  partialChain?: boolean;
  /** Called after each chunk: records verified so far, keys listed so far, whether the listing is complete. */
  onProgress?: (verified: number, listed: number, listingDone: boolean) => void;
}

/** What verifyStore found. Failures name the store key and say what is wrong with it. */
export interface StoreVerification {
  /** Distinct records (by record id; an unreadable object counts once by its key). */
  checked: number;
  /** Distinct records whose every copy verified. */
  ok: number;
  failures: Array<{ key: string; errors: string[] }>;
  /** Objects read under the prefix. */
  objects: number;
  /** Extra copies of a record id under another key (a retry written in a later hour): counted once, not an error. */
  duplicates: number;
  /** Every key id records named, sorted. */
  keyIds: string[];
  /** Whether Object Lock facts were checked (asked for and available). */
  lockChecked: boolean;
  /** The seal chain's verification; absent when seals were skipped, or `auto` found none. */
  seals?: SealChainVerification;
  /** Things that are not failures yet, e.g. records newer than the newest seal; present with `seals`. */
  warnings?: string[];
}

/** Does the key say what the record says? A record copied to another check's folder or hour is suspect. */
function layoutErrors(key: string, record: EvidenceRecord): string[] {
  const parts = parseRecordKey(key);
  if (!parts) return ['key does not follow records/v1/YYYY/MM/DD/HH/<check-id>/<record-id>.json'];
  const errors: string[] = [];
  if (parts.checkId !== record.check.id) errors.push(`key names check ${parts.checkId} but the record is for ${record.check.id}`);
  if (parts.recordId !== record.id) errors.push(`key names record ${parts.recordId} but the record's id is ${record.id}`);
  // The hour in the key is when the record was written, which is never before it was collected.
  if (parts.hour.getTime() + HOUR_MS <= Date.parse(record.collectedAt)) {
    errors.push(`key hour ${parts.hour.toISOString()} is before the record was collected (${record.collectedAt}): the key is back-dated`);
  }
  return errors;
}

/**
 * Object Lock facts of one key: versions, delete markers, lock mode and retention long enough
 * after `since` (a record's collectedAt, a seal's sealedAt).
 */
async function lockErrors(store: EvidenceStore, key: string, since: string | undefined, lock: NonNullable<VerifyStoreOptions['lock']>): Promise<string[]> {
  const info = await store.describe!(key);
  if (!info) return ['the store has no facts for this key'];
  const errors: string[] = [];
  if ((info.versions ?? 1) > 1) errors.push(`${info.versions} versions of this key exist: an overwrite was attempted`);
  if (info.deleteMarker) errors.push('a delete marker exists for this key: a deletion was attempted');
  if (!info.lockMode) errors.push('no Object Lock retention on this object');
  else if (lock.mode && info.lockMode !== lock.mode) errors.push(`Object Lock mode ${info.lockMode}, the policy requires ${lock.mode}`);
  if (lock.minRetentionDays !== undefined && since && info.retainUntil) {
    // A minute of slack: S3 keeps retain-until to the second, collectedAt has milliseconds.
    const required = Date.parse(since) + lock.minRetentionDays * DAY_MS - 60_000;
    if (Date.parse(info.retainUntil) < required) errors.push(`retained until ${info.retainUntil}, shorter than the ${lock.minRetentionDays}-day policy`);
  }
  return errors;
}

/** The record keys to verify: every key under the prefix, or only the days of a bounded period. */
async function* recordKeys(store: EvidenceStore, options: VerifyStoreOptions): AsyncIterable<string> {
  const { period } = options;
  const prefix = options.prefix ?? RECORDS_PREFIX;
  const inPeriod = (key: string): boolean => {
    const hour = parseRecordKey(key)?.hour.getTime();
    // A key outside the layout has no hour: keep it, verify reports it.
    if (hour === undefined || !period) return true;
    return (!period.to || hour < period.to.getTime()) && (!period.from || hour + HOUR_MS > period.from.getTime());
  };
  if (period?.from && period.to && prefix === RECORDS_PREFIX) {
    for (let day = Math.floor(period.from.getTime() / DAY_MS) * DAY_MS; day < period.to.getTime(); day += DAY_MS) {
      const dayPrefix = recordDayPrefix(new Date(day));
      for await (const key of store.list(dayPrefix)) if (inPeriod(key)) yield key;
    }
    return;
  }
  for await (const key of store.list(prefix)) if (inPeriod(key)) yield key;
}

/**
 * Records whose current version is a delete marker: no listing shows them, so without this a
 * record deleted before its hour was sealed would vanish without a trace.
 */
async function deletedRecordFailures(store: EvidenceStore, options: VerifyStoreOptions): Promise<Array<{ key: string; errors: string[] }>> {
  if (!store.listDeleted) return [];
  const failures: Array<{ key: string; errors: string[] }> = [];
  const { period } = options;
  for await (const key of store.listDeleted(options.prefix ?? RECORDS_PREFIX)) {
    const hour = parseRecordKey(key)?.hour.getTime();
    if (period && hour !== undefined && ((period.to && hour >= period.to.getTime()) || (period.from && hour + HOUR_MS <= period.from.getTime()))) continue;
    failures.push({ key, errors: ['deleted (delete marker): listings hide this record; a deletion was attempted'] });
  }
  return failures;
}

const recordDayPrefix = (day: Date) => `${RECORDS_PREFIX}${day.toISOString().slice(0, 10).replaceAll('-', '/')}/`;

/** Every `keys/sha256-<hex>.pem` must hold the key its name claims; a swapped key file would mislead auditors. */
async function keyFileFailures(store: EvidenceStore): Promise<Array<{ key: string; errors: string[] }>> {
  const failures: Array<{ key: string; errors: string[] }> = [];
  for await (const key of store.list(KEYS_PREFIX)) {
    const named = parsePublicKeyKey(key);
    if (!named) continue;
    const pem = await store.get(key);
    let actual: string | undefined;
    try {
      actual = pem && fingerprint(pem.toString('utf8'));
    } catch {
      actual = undefined;
    }
    if (actual !== named) {
      failures.push({ key, errors: [actual ? `holds key ${actual}, not the ${named} its name says` : 'is not a PEM public key'] });
    }
  }
  return failures;
}

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
 * if (report.failures.length) for (const f of report.failures) console.error(f.key, f.errors);
 */
export async function verifyStore(store: EvidenceStore, trust: { publicKeys: readonly string[] }, options: VerifyStoreOptions = {}): Promise<StoreVerification> {
  const trustedKeys = pinKeys(trust.publicKeys);
  const cache: SignatureCache = new Map();
  const lock = options.lock;
  const lockChecked = lock !== undefined && typeof store.describe === 'function';
  const facts = new Map<string, RecordSealFacts>();

  const verifyKey = async (key: string): Promise<{ id: string; errors: string[]; keyId?: string }> => {
    const bytes = await store.get(key);
    if (!bytes) {
      facts.set(key, { contentOk: false });
      return { id: `key:${key}`, errors: ['listed but could not be read'] };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      facts.set(key, { contentOk: false });
      return { id: `key:${key}`, errors: [`not valid JSON: ${(error as Error).message}`] };
    }
    const result = verifyRecord(parsed, trustedKeys, cache);
    const errors = [...result.errors];
    // verifyRecord recomputed the leaf hash from the content; the seal cross-check reuses that verdict.
    facts.set(key, { claimedLeafHash: result.record?.integrity.leafHash, contentOk: result.record !== undefined && !errors.includes(LEAF_MISMATCH) });
    if (result.record) errors.push(...layoutErrors(key, result.record));
    if (lockChecked) errors.push(...(await lockErrors(store, key, result.record?.collectedAt, lock)));
    const id = typeof (parsed as { id?: unknown })?.id === 'string' ? (parsed as { id: string }).id : `key:${key}`;
    return { id, errors, ...(result.keyId ? { keyId: result.keyId } : {}) };
  };

  const failures: StoreVerification['failures'] = [];
  const recordOk = new Map<string, boolean>();
  const keyIds = new Set<string>();
  const idOfKey = new Map<string, string>();
  let duplicates = 0;
  let objects = 0;
  let verified = 0;
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const verifyChunk = async (slice: string[]): Promise<void> => {
    const results = await Promise.all(slice.map(verifyKey));
    results.forEach((result, i) => {
      idOfKey.set(slice[i]!, result.id);
      if (result.keyId) keyIds.add(result.keyId);
      if (result.errors.length > 0) failures.push({ key: slice[i]!, errors: result.errors });
      const seen = recordOk.get(result.id);
      if (seen !== undefined) duplicates++;
      recordOk.set(result.id, (seen ?? true) && result.errors.length === 0);
    });
    verified += slice.length;
  };
  let chunk: string[] = [];
  for await (const key of recordKeys(store, options)) {
    objects++;
    chunk.push(key);
    if (chunk.length < concurrency) continue;
    await verifyChunk(chunk);
    chunk = [];
    options.onProgress?.(verified, objects, false);
  }
  await verifyChunk(chunk);
  options.onProgress?.(verified, objects, true);
  if (lockChecked) failures.push(...(await deletedRecordFailures(store, options)));
  failures.push(...(await keyFileFailures(store)));

  const summary = (extra: Partial<StoreVerification> = {}): StoreVerification => ({
    checked: recordOk.size,
    ok: [...recordOk.values()].filter(Boolean).length,
    failures,
    objects,
    duplicates,
    keyIds: [...keyIds].sort(),
    lockChecked,
    ...extra,
  });
  if (options.seals === 'skip') return summary();
  const index = await verifySeals(store, trustedKeys, {
    ...(options.period ? { period: options.period } : {}),
    partialChain: options.partialChain ?? false,
    cache,
    ...(lockChecked ? { objectErrors: (key: string, sealedAt: string | undefined) => lockErrors(store, key, sealedAt, lock) } : {}),
  });
  if (!index) {
    if (options.seals !== 'require') return summary();
    return summary({ seals: { checked: 0, ok: 0, failures: [{ key: 'seals/v1/', errors: ['no seals in this store: omissions and late insertions cannot be detected'] }] }, warnings: [] });
  }
  const crossCheck = await crossCheckSeals(store, index, facts, { prefix: options.prefix ?? RECORDS_PREFIX });
  const byKey = new Map(failures.map((f) => [f.key, f]));
  for (const failure of crossCheck.failures) {
    // A record that fails against its seal is not ok, even when it verifies on its own.
    const id = idOfKey.get(failure.key);
    if (id !== undefined) recordOk.set(id, false);
    const existing = byKey.get(failure.key);
    if (existing) existing.errors.push(...failure.errors);
    else failures.push(failure);
  }
  return summary({ seals: index.chain, warnings: crossCheck.warnings });
}
