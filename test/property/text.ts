/**
 * Strings for the property tests: what AWS can write into a member (any well-formed Unicode,
 * JSON's escapes, long values), and what it never writes but an input may still carry (a lone
 * UTF-16 surrogate, a value over the one-unit limit).
 */
import fc from 'fast-check';
import { MAX_UNIT_BYTES } from '../../lib/events/parse.ts';

/** Characters that stress JSON and RFC 8785: quotes, escapes, controls, separators, a BOM, astral and combining ones. */
const awkward = fc.constantFrom('"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029', '\ufeff', '😀', 'e\u0301', 'ﬃ', 'İ', '\u{10ffff}', '');

/** Well-formed text: graphemes, any code point (never half a surrogate pair), awkward characters, now and then a long run. */
export const text = fc.oneof(
  { weight: 30, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 15, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 10, arbitrary: fc.string({ unit: awkward, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((length) => 'ü'.repeat(length)) },
);

/** Short well-formed text for names and tag values (long runs are in {@link text}). */
export const name = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }) },
);

/** A lone UTF-16 surrogate: valid in a JavaScript string and a JSON escape, refused by I-JSON and RFC 8785. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));

/** `text` with a lone surrogate put somewhere in it. */
export const textWithLoneSurrogate = fc.tuple(fc.string({ unit: 'grapheme', maxLength: 6 }), loneSurrogate, fc.string({ unit: 'grapheme', maxLength: 6 })).map(([before, unit, after]) => {
  // A high half followed by a low half would make a pair: keep the surrogate alone.
  const safeAfter = /^[\udc00-\udfff]/.test(after) ? `x${after}` : after;
  const safeBefore = /[\ud800-\udbff]$/.test(before) ? `${before}x` : before;
  return `${safeBefore}${unit}${safeAfter}`;
});

/** A value larger than one input unit may be (MAX_UNIT_BYTES): the unit is refused as TOO_LARGE. */
export const HUGE_TEXT = 'x'.repeat(MAX_UNIT_BYTES + 1024);

/** Hex digits, as in EC2 ids. */
export function hex(length: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
}
