import canonicalize from 'canonicalize';
import { ParseError } from '../errors.ts';

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of any JSON value: object members sorted by UTF-16
 * code units, no whitespace, ECMAScript number formatting. This is what gets hashed and signed,
 * so anyone with a JCS implementation (or, for flat objects, `jq -cS`) can recompute it.
 *
 * @throws ParseError when the value cannot be JSON (NaN, Infinity, BigInt, lone surrogates, cycles).
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new ParseError('(root)', 'INVALID_VALUE', `cannot be canonicalized as RFC 8785 JSON: ${(error as Error).message}`, { cause: error });
  }
  if (text === undefined) throw new ParseError('(root)', 'WRONG_TYPE', 'not a JSON value');
  return text;
}

/**
 * The canonical bytes `C` of a record (or seal): UTF-8 of the RFC 8785 serialization of the
 * document WITHOUT its `integrity` member. A signed record may be passed as is; `integrity` is
 * left out here so the proof never covers itself.
 *
 * @example const leaf = leafHash(canonicalBytes(record));
 */
export function canonicalBytes(document: object): Buffer {
  const content: Record<string, unknown> = { ...(document as Record<string, unknown>) };
  delete content.integrity;
  return Buffer.from(canonicalJson(content), 'utf8');
}

/**
 * The canonical text of a document without `integrity` (what canonicalBytes makes), in pieces:
 * each top-level array is written element by element. Joined, the pieces are exactly
 * canonicalJson of the document, so a seal listing 10,000 objects is hashed in small strings and
 * never has to exist as one string (V8 caps a string at about 512 MB; the seal function has 512 MB
 * in all).
 *
 * @throws ParseError as canonicalJson, for any member or element that cannot be canonicalized.
 * @example const hash = createHash('sha256'); for (const piece of canonicalPieces(seal)) hash.update(piece);
 */
export function* canonicalPieces(document: object): Generator<string> {
  // RFC 8785 sorts members by UTF-16 code units: JavaScript's default string order.
  const members = Object.entries(document)
    .filter(([name, value]) => name !== 'integrity' && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  yield '{';
  for (const [i, [name, value]] of members.entries()) {
    yield `${i > 0 ? ',' : ''}${canonicalJson(name)}:`;
    if (!Array.isArray(value)) {
      yield canonicalJson(value);
      continue;
    }
    yield '[';
    for (const [j, element] of value.entries()) yield `${j > 0 ? ',' : ''}${canonicalJson(element === undefined ? null : element)}`;
    yield ']';
  }
  yield '}';
}
