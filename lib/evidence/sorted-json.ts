/**
 * A value as `JSON.parse(JSON.stringify(value))` gives it, with every object's members in RFC 8785
 * order (UTF-16 code units), and whether `JSON.stringify` of that copy is exactly its RFC 8785
 * text: true unless a string or member name holds a lone surrogate (RFC 8785 refuses it, where
 * JSON.stringify escapes it) or a member name starts with a digit (JavaScript objects enumerate
 * integer-like names first, whatever order they were added in).
 */
export interface SortedJson {
  value: unknown;
  canonical: boolean;
}

/** Deeper than this (or a cycle), JSON itself makes the copy: the same value, or the same TypeError. */
const MAX_DEPTH = 64;
/** Objects with more members than this are sorted with Array.prototype.sort (n log n), not by insertion. */
const INSERTION_SORT_MAX = 32;

/** Something this copy does not reproduce itself (BigInt, boxed values, `__proto__`, depth): JSON does it. */
class UseJson extends Error {}

/**
 * Member names in UTF-16 code unit order (JavaScript's default string order), as RFC 8785
 * requires, in place. A few names (a record's objects) are sorted by insertion: names already in
 * order are left untouched and, unlike Array.prototype.sort, nothing is allocated.
 *
 * @example const names = Object.keys(value); sortNames(names);
 */
export function sortNames(names: string[]): void {
  if (names.length > INSERTION_SORT_MAX) {
    names.sort();
    return;
  }
  for (let i = 1; i < names.length; i++) {
    const name = names[i]!;
    let at = i;
    while (at > 0 && names[at - 1]! > name) {
      names[at] = names[at - 1]!;
      at--;
    }
    names[at] = name;
  }
}

/** JSON.stringify's SerializeJSONProperty then JSON.parse, for one value; undefined where JSON drops it. */
function copy(input: unknown, key: string, state: { canonical: boolean }, depth: number): unknown {
  let value = input;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) state.canonical = false;
      return value;
    case 'number':
      // JSON writes NaN and the infinities as null, and -0 as 0.
      return Number.isFinite(value) ? value + 0 : null;
    case 'boolean':
      return value;
    case 'object':
      break;
    case 'bigint':
      throw new UseJson();
    default:
      return undefined; // undefined, functions and symbols are not JSON
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH || value instanceof Number || value instanceof String || value instanceof Boolean) throw new UseJson();
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], String(i), state, depth + 1) ?? null;
    return out;
  }
  const names = Object.keys(value);
  sortNames(names);
  const out: Record<string, unknown> = {};
  for (const name of names) {
    // JSON.parse makes `__proto__` an own member; an assignment here would set the prototype.
    if (name === '__proto__') throw new UseJson();
    const member = copy((value as Record<string, unknown>)[name], name, state, depth + 1);
    if (member === undefined) continue;
    const first = name.charCodeAt(0);
    if ((first >= 0x30 && first <= 0x39) || !name.isWellFormed()) state.canonical = false;
    out[name] = member;
  }
  return out;
}

/**
 * `JSON.parse(JSON.stringify(value))` (SDK Dates become strings, undefined members disappear,
 * NaN becomes null), built in one pass with every object's members in RFC 8785 order, so that
 * `JSON.stringify(copy)` is the RFC 8785 text whenever `canonical` says so. buildRecord passes a
 * check's `observed` facts through it: a record it builds is serialized once, by JSON.stringify.
 *
 * @throws TypeError exactly when JSON.stringify does (a cycle, a BigInt).
 * @example sortedJson({ b: new Date(0), a: [undefined] }) // { value: { a: [null], b: '1970-01-01T00:00:00.000Z' }, canonical: true }
 */
export function sortedJson(value: unknown): SortedJson {
  const state = { canonical: true };
  try {
    return { value: copy(value, '', state, 0), canonical: state.canonical };
  } catch (error) {
    if (!(error instanceof UseJson)) throw error;
    const text = JSON.stringify(value) as string | undefined;
    return { value: text === undefined ? undefined : (JSON.parse(text) as unknown), canonical: false };
  }
}
