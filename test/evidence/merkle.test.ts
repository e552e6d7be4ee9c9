import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditPath, EMPTY_ROOT, leafHash, merkleRoot, merkleTree, nodeHash, rootFromAuditPath, verifyAuditPath } from '../../lib/evidence/merkle.ts';
import vectors from '../fixtures/evidence/rfc6962-vectors.json' with { type: 'json' };

const ctLeaves = vectors.leaves.map((hex) => leafHash(Buffer.from(hex, 'hex')));

/** A straight transcription of RFC 6962 section 2.1 MTH, to compare the one-pass builder with. */
function referenceMth(leaves: string[]): string {
  if (leaves.length === 0) return createHash('sha256').digest('hex');
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceMth(leaves.slice(0, k)), referenceMth(leaves.slice(k)));
}

const leavesOf = (n: number, salt = 'x') => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`${salt}-${i}`)));

describe('RFC 6962 Merkle tree', () => {
  it('matches the Certificate Transparency reference roots for 0..8 leaves', () => {
    // Prepare / Act / Assess
    expect(EMPTY_ROOT).toBe(vectors.emptyRoot);
    expect(merkleRoot([])).toBe(vectors.emptyRoot);
    for (let n = 1; n <= 8; n++) expect(merkleRoot(ctLeaves.slice(0, n)), `size ${n}`).toBe(vectors.roots[n - 1]);
  });

  it('prefixes leaves with 0x00 and nodes with 0x01', () => {
    // Prepare
    const a = leafHash(Buffer.from('a'));
    const b = leafHash(Buffer.from('b'));
    // Act / Assess
    expect(a).toBe(createHash('sha256').update(Buffer.from([0, 0x61])).digest('hex'));
    expect(nodeHash(a, b)).toBe(createHash('sha256').update(Buffer.concat([Buffer.from([1]), Buffer.from(a, 'hex'), Buffer.from(b, 'hex')])).digest('hex'));
  });

  it('produces the reference audit paths', () => {
    for (const { index, treeSize, path } of vectors.paths) {
      // Prepare
      const leaves = ctLeaves.slice(0, treeSize);
      // Act
      const computed = auditPath(index, leaves);
      // Assess
      expect(computed, `leaf ${index} of ${treeSize}`).toEqual(path);
      expect(verifyAuditPath(leaves[index]!, index, treeSize, path, vectors.roots[treeSize - 1]!)).toBe(true);
    }
  });

  it('agrees with the recursive MTH definition for every size 1..70', () => {
    for (let n = 1; n <= 70; n++) {
      const leaves = leavesOf(n);
      expect(merkleTree(leaves).root, `size ${n}`).toBe(referenceMth(leaves));
    }
  });

  it('gives every leaf of every tree of 1..70 leaves a path that verifies, and only for that leaf and index', () => {
    for (let n = 1; n <= 70; n++) {
      // Prepare
      const leaves = leavesOf(n);
      // Act
      const { root, paths } = merkleTree(leaves);
      // Assess
      for (let i = 0; i < n; i++) {
        const path = paths[i]!;
        expect(verifyAuditPath(leaves[i]!, i, n, path, root), `leaf ${i}/${n}`).toBe(true);
        expect(verifyAuditPath(leafHash(Buffer.from('other')), i, n, path, root), `wrong leaf ${i}/${n}`).toBe(false);
        if (n > 1) expect(verifyAuditPath(leaves[i]!, (i + 1) % n, n, path, root), `wrong index ${i}/${n}`).toBe(false);
        if (path.length > 0) {
          const flipped = [...path];
          flipped[0] = nodeHash(flipped[0]!, flipped[0]!);
          expect(verifyAuditPath(leaves[i]!, i, n, flipped, root), `changed path ${i}/${n}`).toBe(false);
        }
      }
    }
  });

  it('rejects impossible proofs instead of computing a root', () => {
    // Prepare
    const leaves = leavesOf(5);
    const { paths } = merkleTree(leaves);
    // Act / Assess
    expect(rootFromAuditPath(leaves[0]!, 5, 5, paths[0]!)).toBeUndefined();
    expect(rootFromAuditPath(leaves[0]!, -1, 5, paths[0]!)).toBeUndefined();
    expect(rootFromAuditPath(leaves[0]!, 0, 5, [...paths[0]!, paths[0]![0]!])).toBeUndefined();
    expect(rootFromAuditPath(leaves[0]!, 0, 5, paths[0]!.slice(1))).toBeUndefined();
    expect(rootFromAuditPath('zz', 0, 5, paths[0]!)).toBeUndefined();
    expect(() => auditPath(5, leaves)).toThrow(RangeError);
  });

  it('hashes leaves that are not lower-case SHA-256 hex as the bytes they decode to, as it always has', () => {
    // Prepare: upper case and an invalid last digit (64 characters, each beside a good leaf), a hash
    // cut short, no hex at all.
    const good = leavesOf(3);
    const odd = [good[0]!.toUpperCase(), good[1]!, `${good[2]!.slice(0, 62)}zz`, good[0]!, good[1]!.slice(0, 40), 'not hex', good[2]!];
    const bytes = (text: string) => Buffer.from(text, 'hex');
    const node = (l: Buffer, r: Buffer) => createHash('sha256').update(Buffer.from([1])).update(l).update(r).digest();
    const mth = (leaves: Buffer[]): Buffer => {
      if (leaves.length === 1) return leaves[0]!;
      let k = 1;
      while (k * 2 < leaves.length) k *= 2;
      return node(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
    };
    // Act
    const tree = merkleTree(odd);
    // Assess
    expect(tree.root).toBe(mth(odd.map(bytes)).toString('hex'));
    expect(merkleRoot(odd)).toBe(tree.root);
    expect(tree.paths[6]).toEqual([mth(odd.slice(4, 6).map(bytes)).toString('hex'), mth(odd.slice(0, 4).map(bytes)).toString('hex')]);
    for (const [l, r] of [[odd[0]!, odd[1]!], [odd[2]!, odd[3]!], [odd[4]!, odd[5]!]] as const) expect(nodeHash(l, r)).toBe(node(bytes(l), bytes(r)).toString('hex'));
  });

  it('builds a batch of 10,000 leaves in one pass', () => {
    // Prepare
    const leaves = leavesOf(10_000);
    // Act
    const tree = merkleTree(leaves);
    // Assess: a sample of paths verifies; a quadratic builder would not finish within the test timeout
    for (const i of [0, 4095, 8191, 9999]) expect(verifyAuditPath(leaves[i]!, i, 10_000, tree.paths[i]!, tree.root)).toBe(true);
  });
});
