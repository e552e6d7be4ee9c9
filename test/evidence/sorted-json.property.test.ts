import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/evidence/canonical.ts';
import { sortedJson } from '../../lib/evidence/sorted-json.ts';

const LONE = '\uD800';

/** Values a check may put in `observed`: JSON, plus what JSON transforms (Dates, undefined, NaN, -0), odd names and lone surrogates. */
const name = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('0', '10', '9', '1a', 'a', 'B', '_', 'é', '\u{1F600}', `x${LONE}`, 'toJSON'));
const leaf = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(`bad ${LONE}`, '\u{1F600}', '\u0000\n"\\'),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(-0),
  fc.date({ noInvalidDate: true }),
);
const { value: observedValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(name, tie('value'), { maxKeys: 5 })),
}));

describe('sortedJson', () => {
  it('gives exactly what a JSON round trip gives, and when it says canonical, JSON.stringify of it is the RFC 8785 text', () => {
    fc.assert(
      fc.property(observedValue, (value) => {
        // Act
        const sorted = sortedJson(value);
        const text = JSON.stringify(value) as string | undefined;

        // Assess
        expect(sorted.value).toStrictEqual(text === undefined ? undefined : JSON.parse(text));
        if (sorted.canonical && sorted.value !== undefined) expect(JSON.stringify(sorted.value)).toBe(canonicalJson(sorted.value));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a lone surrogate in a string', { a: `x${LONE}` }],
    ['a lone surrogate in a member name', { [`k${LONE}`]: 1 }],
    ['a member name starting with a digit', { b: 1, 10: 2, 9: 3 }],
  ])('is not canonical for %s (RFC 8785 or JavaScript member order would differ)', (_, value) => {
    expect(sortedJson(value).canonical).toBe(false);
  });

  it('sorts members by UTF-16 code units at every depth, as RFC 8785 does', () => {
    // Prepare: U+1F600 is a surrogate pair (0xD83D...), which sorts before U+FF21 in UTF-16, after it in code points
    const value = { z: { b: 1, a: [{ d: 1, c: 2 }] }, '\uFF21': 1, '\u{1F600}': 2, A: 3 };

    // Act
    const sorted = sortedJson(value);

    // Assess
    expect(JSON.stringify(sorted.value)).toBe('{"A":3,"z":{"a":[{"c":2,"d":1}],"b":1},"\u{1F600}":2,"\uFF21":1}');
    expect(sorted.canonical).toBe(true);
  });

  it('keeps __proto__ as an own member, as JSON.parse does, and calls toJSON with the member name', () => {
    // Prepare
    const value = JSON.parse('{"__proto__":{"x":1},"y":2}') as object;
    const keyed = { when: { toJSON: (key: string) => `at ${key}` } };

    // Act / Assess
    expect(Object.keys(sortedJson(value).value as object)).toEqual(['__proto__', 'y']);
    expect(sortedJson(keyed).value).toEqual({ when: 'at when' });
  });

  it('throws what JSON.stringify throws for a cycle and a BigInt', () => {
    // Prepare
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;

    // Act / Assess
    expect(() => sortedJson(cycle)).toThrow(TypeError);
    expect(() => sortedJson({ n: 10n })).toThrow(TypeError);
  });
});
