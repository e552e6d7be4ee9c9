import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/evidence/canonical.ts';
import { unsignedRecord } from './helpers.ts';

/** What the `canonicalize` package (the reference this serializer must match byte for byte) makes of a value, or its error. */
function reference(value: unknown): { text?: string; error?: string } {
  try {
    return { text: canonicalize(value) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function ours(value: unknown): { text?: string; error?: string } {
  try {
    return { text: canonicalJson(value) };
  } catch (error) {
    // canonicalJson wraps the reason; the reason itself must be the package's.
    const cause = (error as { cause?: Error }).cause;
    return cause ? { error: cause.message } : { text: undefined };
  }
}

/** Values JSON.stringify treats specially, mixed into arbitrary JSON: what a collector might hand over. */
const oddValue = fc.oneof(
  fc.constant(undefined), fc.constant(Number.NaN), fc.constant(-0), fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(new Date(0)), fc.constant(() => 1), fc.constant('x\ud800'), fc.constant({ toJSON: () => ({ b: 1, a: 2 }) }),
  fc.constant(Object.assign(Object.create(null) as object, { z: 1, '10': 2, '9': 3 })), fc.double(), fc.string({ unit: 'binary' }),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), oddValue, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }), tie('node'), { maxKeys: 5 })),
})).node;

describe('canonicalJson against the canonicalize package', () => {
  it('writes the same text, or fails for the same reason, for any value', () => {
    fc.assert(fc.property(value, (v) => {
      const expected = reference(v);
      if (expected.text === undefined && expected.error === undefined) return; // not a JSON value at the root
      expect(ours(v)).toEqual(expected);
    }), { numRuns: 2000 });
  });

  it('writes records, deep nesting and shared members as the package does, and refuses cycles', () => {
    // Prepare
    const deep: unknown[] = [];
    let at = deep;
    for (let i = 0; i < 500; i++) at.push((at = []));
    const shared = { a: 1 };
    const cycle: Record<string, unknown> = { a: { b: {} } };
    (cycle.a as { b: Record<string, unknown> }).b.c = cycle;
    // Act + Assess
    for (const v of [unsignedRecord(1), deep, { x: shared, y: [shared, shared] }]) expect(canonicalJson(v)).toBe(canonicalize(v));
    expect(ours(cycle)).toEqual(reference(cycle));
  });

  it('orders the members of small and large objects, in any insertion order, as the package does', () => {
    // Names of mixed lengths, prefixes of each other, and array-index names, which objects list first.
    const name = fc.oneof(fc.string({ unit: 'binary', maxLength: 3 }), fc.constantFrom('a', 'aa', 'ab', 'B', '_', '10', '9', '0', '\u00e9', '\ud83d\ude00'));
    fc.assert(fc.property(fc.uniqueArray(name, { maxLength: 70 }), (names) => {
      const v = Object.fromEntries(names.map((n, i) => [n, i]));
      expect(ours(v)).toEqual(reference(v));
    }), { numRuns: 500 });
  });
});
