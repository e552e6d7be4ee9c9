import { hash } from 'node:crypto';
import type { Integrity } from '../evidence/types.ts';

/** The batch members every record of a batch repeats, serialized once per batch. */
interface BatchTail {
  root: string;
  signedAt: string;
  keyId: string;
  algorithm: string;
  signature: string;
  text: string;
}
let lastTail: BatchTail | undefined;

function batchTail(batch: Integrity['batch']): string {
  const last = lastTail;
  if (last && last.signature === batch.signature && last.root === batch.root && last.signedAt === batch.signedAt && last.keyId === batch.keyId && last.algorithm === batch.algorithm) return last.text;
  const text = `,"signedAt":${JSON.stringify(batch.signedAt)},"keyId":${JSON.stringify(batch.keyId)},"algorithm":${JSON.stringify(batch.algorithm)},"signature":${JSON.stringify(batch.signature)}}}`;
  lastTail = { root: batch.root, signedAt: batch.signedAt, keyId: batch.keyId, algorithm: batch.algorithm, signature: batch.signature, text };
  return text;
}

/**
 * Exactly `JSON.stringify(integrity)` for the integrity member signLeaves makes (same members, same
 * order), written out: a third of the time, because every record of a batch repeats the batch's
 * time, key and signature, serialized here once. The root and audit path are hex hashes from
 * merkleTree, which need no escaping; every other string is escaped by JSON.stringify.
 *
 * @example integrityJson(integrity) === JSON.stringify(integrity) // true
 */
export function integrityJson(integrity: Integrity): string {
  const batch = integrity.batch;
  const path = batch.auditPath.length === 0 ? '[]' : `["${batch.auditPath.join('","')}"]`;
  return `{"canonicalization":${JSON.stringify(integrity.canonicalization)},"leafHash":${JSON.stringify(integrity.leafHash)},"batch":{"root":"${batch.root}","treeSize":${batch.treeSize},"leafIndex":${batch.leafIndex},"auditPath":${path}${batchTail(batch)}`;
}

const INITIAL_BYTES = 8 * 1024;
const MAX_CHUNK_BYTES = 256 * 1024;
const COMMA = 0x2c;
const QUOTE = 0x22;
const HEX_HASH = /^[0-9a-f]{64}$/;

/** The bytes every line of one batch repeats around its own leaf hash, leaf index and audit path. */
interface BatchParts {
  head: Buffer;
  middle: Buffer;
  path: Buffer;
  end: Buffer;
}

/**
 * The repeated parts of a batch's lines, or undefined when its integrity members are not the
 * hex-hash shape signLeaves makes (each line is then written by JSON.stringify).
 */
function batchParts(integrities: readonly Integrity[]): BatchParts | undefined {
  const first = integrities[0];
  if (!first || !HEX_HASH.test(first.batch.root) || !Number.isSafeInteger(first.batch.treeSize)) return undefined;
  const { batch } = first;
  return {
    head: Buffer.from(`,"integrity":{"canonicalization":${JSON.stringify(first.canonicalization)},"leafHash":"`, 'utf8'),
    middle: Buffer.from(`","batch":{"root":"${batch.root}","treeSize":${batch.treeSize},"leafIndex":`, 'latin1'),
    path: Buffer.from(',"auditPath":[', 'latin1'),
    end: Buffer.from(`]${batchTail(batch)}}\n`, 'utf8'),
  };
}

/**
 * Whether a record's integrity member fits the batch's repeated parts: the same batch members, a
 * hex leaf hash, an integer index and path nodes of 64 characters (merkleTree's hex hashes; they
 * are written as they are: a node that was not hex would make a line verify rejects, never one it accepts).
 */
function sameBatch(integrity: Integrity, first: Integrity): boolean {
  const { batch } = integrity;
  if (integrity.canonicalization !== first.canonicalization || batch.root !== first.batch.root || batch.treeSize !== first.batch.treeSize
    || batch.signature !== first.batch.signature || batch.signedAt !== first.batch.signedAt || batch.keyId !== first.batch.keyId
    || batch.algorithm !== first.batch.algorithm || !HEX_HASH.test(integrity.leafHash) || !Number.isSafeInteger(batch.leafIndex) || batch.leafIndex < 0) return false;
  for (const node of batch.auditPath) if (typeof node !== 'string' || node.length !== 64) return false;
  return true;
}

/**
 * One signing group's records while they wait for their batch to be signed, kept as the bytes they
 * will be stored as: each record's RFC 8785 text, UTF-8, in chunks outside the JavaScript heap,
 * after a 0x00 byte. That is the leaf hash's input (SHA-256 of 0x00 || text) and,
 * with `integrity` appended as its last member, the record's stored line: the record is encoded
 * once, and thousands of waiting records cost the garbage collector nothing.
 *
 * A line in canonical member order is exactly what JSON.stringify writes back after JSON.parse
 * (verify's check of every line) unless a member name starts with a digit (JSON.parse moves
 * integer-like names first): such a record, flagged by canonicalTextOf, is kept as an object and
 * written as `JSON.stringify({ ...record, integrity })`.
 *
 * @example const leaf = lines.add(text, roundTrips, record); ... const bytes = lines.bytes(0, n, integrities);
 */
export class PendingLines {
  /** Chunks of UTF-8, each record's 0x00 byte and text inside one chunk: no chunk is ever copied to grow. */
  readonly #chunks: Buffer[] = [];
  #used = 0;
  /** Per record: its chunk, the offset of its 0x00 byte and the end of its text. */
  readonly #chunkOf: number[] = [];
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];
  /** Records whose canonical text does not survive a JSON round trip, by index. */
  readonly #objects = new Map<number, object>();

  /** Keeps one record's canonical text; returns its leaf hash, SHA-256(0x00 || UTF-8 of text), hex. */
  add(text: string, roundTrips: boolean, record: object): string {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: room for the worst case, so nothing is cut.
    const room = 1 + text.length * 3;
    let chunk = this.#chunks.at(-1);
    if (!chunk || this.#used + room > chunk.length) {
      // Chunks grow with the group (8 KB, 16 KB, ... 256 KB), so a small group holds little and a big one few chunks.
      chunk = Buffer.allocUnsafe(Math.max(room, Math.min(MAX_CHUNK_BYTES, INITIAL_BYTES * 2 ** Math.min(this.#chunks.length, 6))));
      this.#chunks.push(chunk);
      this.#used = 0;
    }
    const start = this.#used;
    chunk[start] = 0;
    this.#used = start + 1 + chunk.write(text, start + 1, 'utf8');
    if (!roundTrips || text.length < 3 || !text.endsWith('}')) this.#objects.set(this.#starts.length, record);
    this.#chunkOf.push(this.#chunks.length - 1);
    this.#starts.push(start);
    this.#ends.push(this.#used);
    return hash('sha256', chunk.subarray(start, this.#used), 'hex');
  }

  /**
   * The JSON Lines bytes of records [from, to), signed with `integrities` (one per record, in
   * order): line i is record i's canonical text with `"integrity":` and integrityJson appended
   * before its closing brace. What every line of the batch repeats is encoded once; each line
   * adds its own leaf hash, index and audit path (hex, written as is).
   */
  bytes(from: number, to: number, integrities: readonly Integrity[]): Buffer {
    const parts = batchParts(integrities);
    const own: Array<Buffer | undefined> = [];
    let size = 0;
    for (let i = from; i < to; i++) {
      const integrity = integrities[i - from]!;
      const record = this.#objects.get(i);
      if (record || !parts || !sameBatch(integrity, integrities[0]!)) {
        const line = Buffer.from(`${JSON.stringify({ ...(record ?? this.#parsed(i)), integrity })}\n`, 'utf8');
        own[i - from] = line;
        size += line.length;
        continue;
      }
      const path = integrity.batch.auditPath;
      // The text without its 0x00 byte and closing brace, then the integrity member.
      size += this.#ends[i]! - this.#starts[i]! - 2 + parts.head.length + 64 + parts.middle.length + String(integrity.batch.leafIndex).length
        + parts.path.length + Math.max(0, path.length * 67 - 1) + parts.end.length;
    }
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    for (let i = from; i < to; i++) {
      const line = own[i - from];
      if (line) {
        at += line.copy(out, at);
        continue;
      }
      const { leafHash, batch } = integrities[i - from]!;
      at += this.#chunks[this.#chunkOf[i]!]!.copy(out, at, this.#starts[i]! + 1, this.#ends[i]! - 1);
      at += parts!.head.copy(out, at);
      at += out.write(leafHash, at, 'latin1');
      at += parts!.middle.copy(out, at);
      at += out.write(String(batch.leafIndex), at, 'latin1');
      at += parts!.path.copy(out, at);
      batch.auditPath.forEach((node, k) => {
        if (k > 0) out[at++] = COMMA;
        out[at++] = QUOTE;
        at += out.write(node, at, 'latin1');
        out[at++] = QUOTE;
      });
      at += parts!.end.copy(out, at);
    }
    return out;
  }

  /** Lets every kept byte go (once its records are written): the group may stay referenced a while longer. */
  release(): void {
    this.#chunks.length = 0;
    this.#objects.clear();
  }

  /** Record i as a value, read back from its text (only for a batch that is not one signLeaves made). */
  #parsed(i: number): object {
    return JSON.parse(this.#chunks[this.#chunkOf[i]!]!.toString('utf8', this.#starts[i]! + 1, this.#ends[i]!)) as object;
  }
}
