import canonicalize from 'canonicalize';
import { ParseError } from '../errors.ts';
import { sortNames } from './sorted-json.ts';

/** Quoted member names seen before: records repeat the same few dozen names millions of times. */
const quotedNames = new Map<string, string>();
const MAX_QUOTED_NAMES = 10_000;
/** Deeper than this, the `canonicalize` package (an explicit stack, never a stack overflow) serializes the rest. */
const MAX_DEPTH = 64;
/**
 * Set while serializing when a member name starts with a digit (or the `canonicalize` package
 * wrote a part, whose names are not seen here): JSON.parse puts integer-like names first, so such
 * a text would not come back byte for byte from JSON.parse + JSON.stringify (canonicalTextOf).
 */
let digitLeadingName = false;

function quoteName(name: string): string {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    quoted = serializeString(name);
    if (quotedNames.size < MAX_QUOTED_NAMES) quotedNames.set(name, quoted);
  }
  return quoted;
}

/** RFC 8785 section 3.2.2.2: a well-formed string serializes exactly as JSON.stringify writes it. */
function serializeString(value: string): string {
  if (!value.isWellFormed()) throw new Error('Lone surrogate is not allowed');
  return JSON.stringify(value);
}

/**
 * RFC 8785 text of a value, or undefined for what JSON drops (undefined, functions, symbols).
 * Plain objects and arrays are walked here; anything JSON.stringify would transform (toJSON,
 * boxed primitives) and very deep nesting go to the `canonicalize` package, whose output this
 * reproduces exactly (same member order, same errors), so both are one serializer. Twice as fast
 * as the package alone on records: names are quoted once, members already in order are not sorted.
 */
function serialize(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return serializeString(value);
    case 'number':
      if (Number.isNaN(value)) throw new Error('NaN is not allowed');
      if (!Number.isFinite(value)) throw new Error('Infinity is not allowed');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    case 'bigint':
      return JSON.stringify(value); // throws, as the package does
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (depth > MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function' || value instanceof Number || value instanceof String || value instanceof Boolean) {
    digitLeadingName = true;
    return canonicalize(value);
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += `${i > 0 ? ',' : ''}${serialize(value[i], depth + 1) ?? 'null'}`;
    return `${text}]`;
  }
  return serializeMembers(value, depth);
}

/** A plain object's members in RFC 8785 order, leaving out the member named `omit`. */
function serializeMembers(value: object, depth: number, omit?: string): string {
  const names = Object.keys(value);
  sortNames(names);
  let text = '{';
  for (const name of names) {
    if (name === omit) continue;
    const first = name.charCodeAt(0);
    if (first >= 0x30 && first <= 0x39) digitLeadingName = true;
    const member = serialize((value as Record<string, unknown>)[name], depth + 1);
    if (member === undefined) continue;
    text += `${text.length > 1 ? ',' : ''}${quoteName(name)}:${member}`;
  }
  return `${text}}`;
}

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
    text = serialize(value, 0);
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
  return Buffer.from(canonicalText(document), 'utf8');
}

/**
 * canonicalJson of a document without its `integrity` member, without copying the document: the
 * text canonicalBytes encodes. The writer keeps it, hashes it (leafHashOfText) and writes the
 * stored line from it, so a record is serialized once.
 *
 * @throws ParseError as canonicalJson.
 */
export function canonicalText(document: object): string {
  const plain = document !== null && typeof document === 'object' && !Array.isArray(document) && typeof (document as { toJSON?: unknown }).toJSON !== 'function' && !(document instanceof Number || document instanceof String || document instanceof Boolean);
  if (!plain) {
    const content: Record<string, unknown> = { ...(document as Record<string, unknown>) };
    delete content.integrity;
    return canonicalJson(content);
  }
  try {
    return serializeMembers(document, 0, 'integrity');
  } catch (error) {
    throw new ParseError('(root)', 'INVALID_VALUE', `cannot be canonicalized as RFC 8785 JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * canonicalText, and whether `JSON.stringify(JSON.parse(text)) === text`: true unless a member
 * name starts with a digit. The writer stores such a text as the record's line (with `integrity`
 * appended), which verify reads back through exactly that round trip.
 *
 * @throws ParseError as canonicalJson.
 * @example const { text, roundTrips } = canonicalTextOf(record);
 */
export function canonicalTextOf(document: object): { text: string; roundTrips: boolean } {
  digitLeadingName = false;
  const text = canonicalText(document);
  return { text, roundTrips: !digitLeadingName };
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
