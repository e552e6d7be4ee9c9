import { createHash, hash } from 'node:crypto';

/**
 * RFC 6962 (Certificate Transparency) Merkle trees, the same hashing CT logs use, so any CT
 * library or a dozen lines of code elsewhere can check our proofs:
 *
 * - leaf hash = SHA-256(0x00 || data), interior node = SHA-256(0x01 || left || right);
 * - MTH of n > 1 leaves splits at k, the largest power of two smaller than n (no padding, no
 *   duplicated odd nodes: CVE-2012-2459 cannot happen);
 * - audit paths are PATH(m, D[n]), ordered from the leaf's sibling up to the root's child.
 *
 * Every hash crosses this API as lower-case hex.
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
const HEX_HASH = /^[0-9a-f]{64}$/;

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT = createHash('sha256').digest('hex');

/** 0x01 || left || right for two 32-byte hashes, reused: a tree of n leaves hashes n - 1 nodes. */
const NODE_INPUT = Buffer.alloc(65, 0x01);

/**
 * The node over two lower-case hex strings (as Buffer.from(x, 'hex').toString('hex') prints any
 * text): two SHA-256 hashes are decoded into one reused input and hashed straight to hex, which
 * allocates no Buffer (a hash into a new Buffer costs twice the hash); anything else (hex that was
 * not 64 characters) is hashed as given.
 */
function combine(left: string, right: string): string {
  if (left.length !== 64 || right.length !== 64) {
    return createHash('sha256').update(NODE_PREFIX).update(Buffer.from(left, 'hex')).update(Buffer.from(right, 'hex')).digest('hex');
  }
  NODE_INPUT.write(left, 1, 'hex');
  NODE_INPUT.write(right, 33, 'hex');
  return hash('sha256', NODE_INPUT, 'hex');
}

/** Any text taken as hex, printed as the lower-case hex of the bytes it decodes to (a SHA-256 hex hash as it is). */
function normalHex(text: string): string {
  return HEX_HASH.test(text) ? text : Buffer.from(text, 'hex').toString('hex');
}

/** Largest power of two strictly smaller than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Leaf hash of one entry: SHA-256(0x00 || data), hex.
 *
 * @example leafHash(canonicalBytes(record))
 */
export function leafHash(data: Uint8Array): string {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest('hex');
}

/**
 * Leaf hash of a text's UTF-8 bytes: the same hash as `leafHash(Buffer.from(text, 'utf8'))`,
 * without the intermediate buffer (the writer hashes every record this way).
 *
 * @example leafHashOfText(canonicalText(record)) === leafHash(canonicalBytes(record))
 */
export function leafHashOfText(text: string): string {
  // Hashing `text` itself (not a concatenation) flattens it in place: a canonical text built by
  // appending is a rope of hundreds of pieces, which the writer would otherwise keep while it waits.
  return createHash('sha256').update(LEAF_PREFIX).update(text, 'utf8').digest('hex');
}

/**
 * Leaf hash of data given in UTF-8 pieces (canonicalPieces of a big seal): the same hash as
 * leafHash of the joined text, without joining it.
 */
export function leafHashOfPieces(pieces: Iterable<string>): string {
  const hash = createHash('sha256').update(LEAF_PREFIX);
  for (const piece of pieces) hash.update(piece, 'utf8');
  return hash.digest('hex');
}

/** Interior node hash: SHA-256(0x01 || left || right), hex in, hex out. */
export function nodeHash(left: string, right: string): string {
  return combine(normalHex(left), normalHex(right));
}

/** A whole tree at once: its root and every leaf's audit path (index i -> paths[i]). */
export interface MerkleTree {
  root: string;
  treeSize: number;
  paths: string[][];
}

/**
 * Builds the tree over leaf hashes (hex) and the audit path of every leaf in one pass,
 * O(n log n) hashes: computing PATH(m, D[n]) separately per leaf would rehash subtrees n times.
 *
 * @example const { root, paths } = merkleTree(records.map((r) => leafHash(canonicalBytes(r))));
 */
export function merkleTree(leafHashes: readonly string[]): MerkleTree {
  const paths: string[][] = leafHashes.map(() => []);
  // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k, and PATH(m-k, D[k:n]) : MTH(D[0:k])
  // otherwise: after the recursion fills the deeper levels, append this level's sibling. Each node
  // is written as hex once, however many paths hold it.
  const build = (lo: number, hi: number): string => {
    if (hi - lo === 1) return normalHex(leafHashes[lo]!);
    const k = splitPoint(hi - lo);
    const left = build(lo, lo + k);
    const right = build(lo + k, hi);
    for (let i = lo; i < lo + k; i++) paths[i]!.push(right);
    for (let i = lo + k; i < hi; i++) paths[i]!.push(left);
    return combine(left, right);
  };
  const root = leafHashes.length === 0 ? EMPTY_ROOT : build(0, leafHashes.length);
  return { root, treeSize: leafHashes.length, paths };
}

/**
 * MTH(D[n]) of leaf hashes (hex); the empty tree's root is SHA-256(""). Root only, no audit
 * paths: n - 1 node hashes, what a verifier pays to rebuild a records/v2 object's root.
 */
export function merkleRoot(leafHashes: readonly string[]): string {
  if (leafHashes.length === 0) return EMPTY_ROOT;
  const build = (lo: number, hi: number): string => {
    if (hi - lo === 1) return normalHex(leafHashes[lo]!);
    const k = splitPoint(hi - lo);
    return combine(build(lo, lo + k), build(lo + k, hi));
  };
  return build(0, leafHashes.length);
}

/**
 * PATH(m, D[n]): the audit path of leaf `index` in the tree over `leafHashes`.
 *
 * @throws RangeError when index is outside the tree.
 */
export function auditPath(index: number, leafHashes: readonly string[]): string[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) {
    throw new RangeError(`leaf index ${index} is outside a tree of ${leafHashes.length}`);
  }
  return merkleTree(leafHashes).paths[index]!;
}

/**
 * Recomputes the root an audit path leads to (RFC 9162 section 2.1.3.2, the clarified RFC 6962
 * algorithm). Returns undefined when the path cannot belong to a leaf at `index` in a tree of
 * `treeSize` (index out of range, wrong length, a hash that is not 64 hex characters).
 */
export function rootFromAuditPath(leaf: string, index: number, treeSize: number, path: readonly string[]): string | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) return undefined;
  if (!HEX_HASH.test(leaf) || !path.every((p) => HEX_HASH.test(p))) return undefined;
  // Plain arithmetic, not bit operators: sizes come from untrusted records and may exceed 2^31.
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = combine(p, r);
      // Skip the levels where this node is a right-edge node with no sibling.
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = combine(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

/** True when `path` proves that `leaf` is entry `index` of the tree of `treeSize` with `root`. */
export function verifyAuditPath(leaf: string, index: number, treeSize: number, path: readonly string[], root: string): boolean {
  return rootFromAuditPath(leaf, index, treeSize, path) === root;
}
