import { signLeaves } from '../evidence/batch.ts';
import { canonicalBytes, canonicalPieces } from '../evidence/canonical.ts';
import { leafHash, leafHashOfPieces } from '../evidence/merkle.ts';
import { validateSealV2, validateSealV3, type SealedObject, type SealPart, type SealV2 } from '../evidence/schemas.ts';
import type { Signer } from '../evidence/types.ts';
import { mapLimit } from '../util/concurrency.ts';
import { keyUnder, parseLedgerObjectKey, parseRecordKey, parseRecordObjectKey, RECORDS_V1_PREFIX, RECORDS_V2_PREFIX, SIGNED_PREFIXES, signedHourPrefix } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { windowOf } from '../util/time.ts';
import { SEAL_V2_SCHEMA, SEAL_V3_SCHEMA, type UnsignedSealV2 } from './types.ts';

/** An object under an hour's prefix the sealer could not list as a record or record object; verify reports it as unsealed. */
export interface SkippedObject {
  key: string;
  reason: string;
}

/**
 * Keys one seal lists at most, whatever the hour holds: under 1 MB of seal (about 380 bytes an
 * object), 3 LIST pages, readable in the S3 console. An hour holding more is sealed in parts.
 */
export const DEFAULT_MAX_ENTRIES = 2_500;
/** Skipped keys reported per part at most: a prefix flooded with junk must not fill the sealer's memory. */
const MAX_SKIPPED = 1000;

/** What one part of a window lists: v1 records hashed, v2 objects by name. */
export interface WindowListing {
  records: UnsignedSealV2['records'];
  objects: SealedObject[];
  skipped: SkippedObject[];
  /** Nothing of the window sorts after the last key listed. */
  final: boolean;
  /** Some object listed is a ledger object (exceptions, runs, attestations): only a seal v3 can list it. */
  ledger: boolean;
}

export interface ListWindowOptions {
  /** List only keys after this one (the previous part's last key). */
  after?: string | null;
  maxEntries?: number;
  /** Parallel reads of v1 records (each needs a GET to hash). */
  concurrency?: number;
}

/** The v1 record at `key`, hashed from its stored content (SHA-256(0x00 || JCS without integrity)); or why not. */
async function hashV1Record(store: EvidenceStore, key: string): Promise<{ key: string; leafHash: string } | SkippedObject> {
  const bytes = await store.get(keyUnder(RECORDS_V1_PREFIX, key));
  if (!bytes) return { key, reason: 'listed but could not be read' };
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { key, reason: 'not a JSON object' };
    return { key, leafHash: leafHash(canonicalBytes(parsed)) };
  } catch (error) {
    return { key, reason: `cannot be hashed: ${(error as Error).message}` };
  }
}

/**
 * Lists one part of ONE hour, in key order over every signed prefix (SIGNED_PREFIXES:
 * attestations/v2, exceptions/v2, records/v1, records/v2, runs/v2): the v1 records under
 * `records/v1/<hour>/` (each read and hashed from its stored content, so a seal states what the
 * store held, not what a record claims) and the v2 objects of every area, from their NAMES alone
 * (key, SHA-256, root, count: LIST requests only, no GET). Stops after `maxEntries` keys and says
 * whether more follow (`final`). Keys outside the layout, and v1 records that cannot be hashed,
 * are left out and returned in `skipped`. A part that is not final lists at least one key, so
 * parts always move forward.
 */
export async function listWindow(store: EvidenceStore, windowStart: Date, options: ListWindowOptions = {}): Promise<WindowListing> {
  const max = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const after = options.after ?? undefined;
  const listing: WindowListing = { records: [], objects: [], skipped: [], final: true, ledger: false };
  const skip = (entry: SkippedObject) => listing.skipped.length < MAX_SKIPPED && listing.skipped.push(entry);
  const listed = () => listing.records.length + listing.objects.length;
  // v1 records are hashed a chunk at a time, never more than the part still has room for.
  let chunk: string[] = [];
  const hashChunk = async () => {
    for (const entry of await mapLimit(chunk, concurrency, (key) => hashV1Record(store, key))) {
      if ('leafHash' in entry) listing.records.push(entry);
      else skip(entry);
    }
    chunk = [];
  };
  scan: for (const signed of SIGNED_PREFIXES) {
    const v1 = signed === RECORDS_V1_PREFIX;
    const prefix = signedHourPrefix(signed, windowStart);
    if (after !== undefined && after >= `${prefix}\uffff`) continue; // an earlier part listed this prefix
    for await (const key of store.list(prefix, after !== undefined && after >= prefix ? { startAfter: after } : {})) {
      const ledger = v1 ? undefined : parseLedgerObjectKey(key);
      const object = v1 ? undefined : (parseRecordObjectKey(key) ?? ledger);
      if (v1 ? !parseRecordKey(key) : !object) {
        skip({ key, reason: `not a ${v1 ? 'record' : signed === RECORDS_V2_PREFIX ? 'record object' : 'ledger object'} key` });
        continue;
      }
      if (chunk.length > 0 && listed() + chunk.length >= max) await hashChunk();
      if (listed() >= max) {
        listing.final = false;
        break scan;
      }
      if (ledger) listing.ledger = true;
      if (object) listing.objects.push({ key, sha256: object.sha256, root: object.root, count: object.count });
      else chunk.push(key);
      if (chunk.length >= concurrency) await hashChunk();
    }
    await hashChunk();
  }
  return listing;
}

/** The fields of a seal v2 the sealer decides; the rest is the schema, sealedAt and the signature. */
export interface SealFields {
  seq: number;
  windowStart: Date;
  part: SealPart;
  records: UnsignedSealV2['records'];
  objects: SealedObject[];
  previous: UnsignedSealV2['previous'];
  /** `v3` when the seal lists ledger objects or continues a v3 chain; default v2. */
  version?: 'v2' | 'v3';
}

/**
 * The stored form of a seal v2, in pieces: top-level members one per line, one listed key per
 * line (readable in the S3 console, about 290 bytes an object), newline-terminated. Built as
 * Buffers, never as one string.
 */
function sealV2Bytes(seal: SealV2): Buffer {
  const pieces: Buffer[] = [];
  const add = (text: string) => pieces.push(Buffer.from(text, 'utf8'));
  add('{\n');
  for (const name of ['schema', 'seq', 'window', 'part', 'previous', 'sealedAt'] as const) add(`  ${JSON.stringify(name)}: ${JSON.stringify(seal[name])},\n`);
  for (const name of ['records', 'objects'] as const) {
    const list: readonly object[] = seal[name];
    if (list.length === 0) {
      add(`  ${JSON.stringify(name)}: [],\n`);
      continue;
    }
    add(`  ${JSON.stringify(name)}: [\n`);
    list.forEach((entry, i) => add(`    ${JSON.stringify(entry)}${i < list.length - 1 ? ',' : ''}\n`));
    add('  ],\n');
  }
  add(`  "integrity": ${JSON.stringify(seal.integrity, null, 2).replaceAll('\n', '\n  ')}\n}\n`);
  return Buffer.concat(pieces);
}

/**
 * Builds and signs one seal v2 or v3 (a batch of one: one signature) and its stored bytes. The leaf hash
 * is computed from canonical pieces, so a seal of 10,000 objects never exists as one big string.
 *
 * @throws SchemaError if the document would not match seal.v2 (a bug, never written).
 */
export async function buildSealV2(fields: SealFields, signer: Signer, now: Date): Promise<{ seal: SealV2; bytes: Buffer }> {
  const v3 = fields.version === 'v3';
  const unsigned: UnsignedSealV2 = {
    schema: v3 ? SEAL_V3_SCHEMA : SEAL_V2_SCHEMA,
    seq: fields.seq,
    window: windowOf(fields.windowStart),
    part: fields.part,
    records: fields.records,
    objects: fields.objects,
    previous: fields.previous,
    sealedAt: now.toISOString(),
  };
  const [integrity] = await signLeaves([leafHashOfPieces(canonicalPieces(unsigned))], signer, now);
  const seal = (v3 ? validateSealV3 : validateSealV2)({ ...unsigned, integrity });
  return { seal, bytes: sealV2Bytes(seal) };
}
