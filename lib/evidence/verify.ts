import { parsePublicKeyKey, parseRecordKey, KEYS_PREFIX, RECORDS_PREFIX } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { fingerprint, pinKeys } from './signers.ts';
import { verifyRecord, type SignatureCache } from './verify-record.ts';
import type { EvidenceRecord } from './types.ts';

export { verifyIntegrity, verifyRecord, type RecordVerification, type SignatureCache } from './verify-record.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface VerifyStoreOptions {
  /** Which records to verify; default every record (`records/`). */
  prefix?: string;
  /**
   * Also check Object Lock facts when the store has them (S3 `describe`: one HEAD and one
   * ListObjectVersions per record): more than one version (an overwrite attempt), a delete
   * marker, no retention, or retention shorter than `minRetentionDays` after collection.
   */
  lock?: { minRetentionDays?: number };
  /** Parallel reads; default 16 (S3 latency, not CPU, bounds a big store). */
  concurrency?: number;
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

async function lockErrors(store: EvidenceStore, key: string, record: EvidenceRecord | undefined, minRetentionDays: number | undefined): Promise<string[]> {
  const info = await store.describe!(key);
  if (!info) return ['the store has no facts for this key'];
  const errors: string[] = [];
  if ((info.versions ?? 1) > 1) errors.push(`${info.versions} versions of this key exist: an overwrite was attempted`);
  if (info.deleteMarker) errors.push('a delete marker exists for this key: a deletion was attempted');
  if (!info.lockMode) errors.push('no Object Lock retention on this object');
  if (minRetentionDays !== undefined && record && info.retainUntil) {
    // A minute of slack: S3 keeps retain-until to the second, collectedAt has milliseconds.
    const required = Date.parse(record.collectedAt) + minRetentionDays * DAY_MS - 60_000;
    if (Date.parse(info.retainUntil) < required) errors.push(`retained until ${info.retainUntil}, shorter than the ${minRetentionDays}-day policy`);
  }
  return errors;
}

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
 * @example
 * const report = await verifyStore(new DirectoryStore('./evidence'), { publicKeys: [pem] });
 * if (report.failures.length) for (const f of report.failures) console.error(f.key, f.errors);
 */
export async function verifyStore(store: EvidenceStore, trust: { publicKeys: readonly string[] }, options: VerifyStoreOptions = {}): Promise<StoreVerification> {
  const trustedKeys = pinKeys(trust.publicKeys);
  const cache: SignatureCache = new Map();
  const lockChecked = options.lock !== undefined && typeof store.describe === 'function';
  const keys: string[] = [];
  for await (const key of store.list(options.prefix ?? RECORDS_PREFIX)) keys.push(key);

  const verifyKey = async (key: string): Promise<{ id: string; errors: string[]; keyId?: string }> => {
    const bytes = await store.get(key);
    if (!bytes) return { id: `key:${key}`, errors: ['listed but could not be read'] };
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      return { id: `key:${key}`, errors: [`not valid JSON: ${(error as Error).message}`] };
    }
    const result = verifyRecord(parsed, trustedKeys, cache);
    const errors = [...result.errors];
    if (result.record) errors.push(...layoutErrors(key, result.record));
    if (lockChecked) errors.push(...(await lockErrors(store, key, result.record, options.lock?.minRetentionDays)));
    const id = typeof (parsed as { id?: unknown })?.id === 'string' ? (parsed as { id: string }).id : `key:${key}`;
    return { id, errors, ...(result.keyId ? { keyId: result.keyId } : {}) };
  };

  const failures: StoreVerification['failures'] = [];
  const recordOk = new Map<string, boolean>();
  const keyIds = new Set<string>();
  let duplicates = 0;
  const concurrency = Math.max(1, options.concurrency ?? 16);
  for (let start = 0; start < keys.length; start += concurrency) {
    const slice = keys.slice(start, start + concurrency);
    const results = await Promise.all(slice.map(verifyKey));
    results.forEach((result, i) => {
      if (result.keyId) keyIds.add(result.keyId);
      if (result.errors.length > 0) failures.push({ key: slice[i]!, errors: result.errors });
      const seen = recordOk.get(result.id);
      if (seen !== undefined) duplicates++;
      recordOk.set(result.id, (seen ?? true) && result.errors.length === 0);
    });
  }
  failures.push(...(await keyFileFailures(store)));
  return {
    checked: recordOk.size,
    ok: [...recordOk.values()].filter(Boolean).length,
    failures,
    objects: keys.length,
    duplicates,
    keyIds: [...keyIds].sort(),
    lockChecked,
  };
}
