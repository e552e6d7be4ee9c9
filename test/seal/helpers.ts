import { signBatch } from '../../lib/evidence/batch.ts';
import type { EvidenceRecord, Signer } from '../../lib/evidence/types.ts';
import { recordKey } from '../../lib/store/layout.ts';
import { recordObject } from '../../lib/store/record-object.ts';
import type { EvidenceStore, ListOptions, PutResult, StoredObjectInfo } from '../../lib/store/types.ts';
import { unsignedRecords } from '../evidence/helpers.ts';

/** Shared by the seal tests. Not a test file. */

/**
 * A write-once store like MemoryStore, plus what an attacker with write access to a copy can do:
 * replace bytes, delete keys, and S3-like facts per key for `describe`. Tampering is the point.
 */
export class TamperableStore implements EvidenceStore {
  readonly location = 'tamperable:';
  readonly objects = new Map<string, Buffer>();
  readonly facts = new Map<string, StoredObjectInfo>();
  /** Every prefix listed, in order (head discovery must not list records). */
  readonly listed: string[] = [];
  describe?: (key: string) => Promise<StoredObjectInfo | undefined>;

  withDescribe(): this {
    this.describe = async (key) => this.facts.get(key) ?? (this.objects.has(key) ? { key, lockMode: 'COMPLIANCE', retainUntil: '2099-01-01T00:00:00.000Z', versions: 1, deleteMarker: false } : undefined);
    return this;
  }

  async put(key: string, body: string | Buffer): Promise<PutResult> {
    const bytes = Buffer.from(body);
    if (this.objects.has(key)) return { key, created: false, ...(this.objects.get(key)!.equals(bytes) ? {} : { conflict: true }) };
    this.objects.set(key, bytes);
    return { key, created: true };
  }

  async get(key: string): Promise<Buffer | undefined> {
    const bytes = this.objects.get(key);
    return bytes && Buffer.from(bytes);
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<string> {
    this.listed.push(prefix);
    const { startAfter } = options;
    yield* [...this.objects.keys()].filter((k) => k.startsWith(prefix) && (startAfter === undefined || k > startAfter)).sort();
  }

  overwrite(key: string, body: string | Buffer): void {
    this.objects.set(key, Buffer.from(body));
  }

  remove(key: string): void {
    this.objects.delete(key);
  }

  json<T = Record<string, unknown>>(key: string): T {
    return JSON.parse(this.objects.get(key)!.toString('utf8')) as T;
  }

  keys(prefix: string): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

let counter = 0;

/** `count` fresh unsigned records collected at `when`; each call makes new record ids. */
function freshRecords(when: Date, count: number) {
  const unsigned = unsignedRecords(counter + count).slice(counter).map((r) => ({ ...r, collectedAt: when.toISOString() }));
  counter += count;
  return unsigned;
}

/**
 * Signs `count` fresh records collected at `at` as one batch and writes them as ONE records/v2
 * object under `at`'s hour, as EvidenceWriter does (one check, account and region).
 */
export async function writeObject(store: EvidenceStore, signer: Signer, at: string, count = 2): Promise<{ key: string; records: EvidenceRecord[]; bytes: Buffer }> {
  const when = new Date(at);
  const records = await signBatch(freshRecords(when, count), signer, when);
  const { key, bytes } = recordObject(records, when);
  await store.put(key, bytes);
  return { key, records, bytes };
}

/**
 * Signs `count` fresh records collected at `at` and writes each as its own records/v1 object, as
 * trailproof 0.1 did: what a store written before v2 holds.
 */
export async function writeV1Records(store: EvidenceStore, signer: Signer, at: string, count = 2): Promise<Array<{ key: string; record: EvidenceRecord }>> {
  const when = new Date(at);
  const signed = await signBatch(freshRecords(when, count), signer, when);
  const out: Array<{ key: string; record: EvidenceRecord }> = [];
  for (const record of signed) {
    const key = recordKey(record, when);
    await store.put(key, `${JSON.stringify(record, null, 2)}\n`);
    out.push({ key, record });
  }
  return out;
}
