import { joinPath } from './json-path.ts';

/** A member that RFC 8785 (and I-JSON, RFC 7493, which it builds on) cannot encode, and where it is. */
export interface UnencodableMember {
  /** JSON path of the member, in the form parse errors use: `requestParameters.tags[2].value`. */
  path: string;
  /** What is wrong with it, e.g. `contains a lone UTF-16 surrogate (U+D800 at index 3)`. */
  problem: string;
}

/** A lone UTF-16 surrogate: a high one with no low one after it, or a low one with no high one before it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringProblem(text: string): string | undefined {
  if (text.isWellFormed()) return undefined;
  const match = LONE_SURROGATE.exec(text)!;
  const unit = match[0].charCodeAt(0).toString(16).toUpperCase();
  return `contains a lone UTF-16 surrogate (U+${unit} at index ${match.index})`;
}

/** A key as a path shows it: a lone surrogate in a key is written `\uD800`, so the path itself stays readable text. */
function showKey(key: string): string {
  return key.isWellFormed() ? key : key.replace(/\p{Cs}/gu, (unit) => `\\u${unit.charCodeAt(0).toString(16).toUpperCase()}`);
}

function join(prefix: string, key: string | number): string {
  return joinPath(prefix, typeof key === 'number' ? key : showKey(key));
}

/** A value on the walk; its path is made only when it is reported (most walks report nothing). */
interface Visit {
  value: unknown;
  parent: Visit | undefined;
  key: string | number;
}

function pathOf(visit: Visit, root: string): string {
  const keys: Array<string | number> = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) keys.push(at.key);
  return keys.reverse().reduce<string>(join, root) || '(root)';
}

/**
 * A member of `value` that RFC 8785 canonicalization would refuse: a string or key with a lone
 * UTF-16 surrogate, a number that is NaN or infinite, a BigInt, or a circular reference.
 * Walks iteratively (no stack overflow on deep input) and builds no text, so checking a value costs
 * far less than canonicalizing it: callers check each input on its own before a batch is signed,
 * and one bad value then fails its own input instead of the whole batch.
 *
 * @param path the JSON path of `value` itself (`''` for a root), prefixed to the member's path.
 * @returns undefined when every member can be canonicalized.
 * @example findUnencodable({ a: ['ok', 'x\uD800'] }) // { path: 'a[1]', problem: 'contains a lone UTF-16 surrogate (U+D800 at index 1)' }
 */
export function findUnencodable(value: unknown, path = ''): UnencodableMember | undefined {
  // Depth-first; an `exit` entry leaves a container, so `open` holds exactly the ancestors (a value
  // shared by two members is no cycle).
  const stack: Array<Visit | { exit: object }> = [{ value, parent: undefined, key: '' }];
  const open = new Set<object>();
  while (stack.length > 0) {
    const visit = stack.pop()!;
    if ('exit' in visit) {
      open.delete(visit.exit);
      continue;
    }
    let current = visit.value;
    // JSON serializers call toJSON (a Date gives its ISO text): check what would be written.
    if (current !== null && typeof current === 'object' && typeof (current as { toJSON?: unknown }).toJSON === 'function') {
      current = (current as { toJSON: () => unknown }).toJSON();
    }
    const problem = primitiveProblem(current);
    if (problem) return { path: pathOf(visit, path), problem };
    if (current === null || typeof current !== 'object') continue;
    if (open.has(current)) return { path: pathOf(visit, path), problem: 'is a circular reference' };
    open.add(current);
    stack.push({ exit: current });
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) stack.push({ value: current[i], parent: visit, key: i });
      continue;
    }
    const keys = Object.keys(current);
    for (const key of keys) {
      const keyProblem = stringProblem(key);
      if (keyProblem) return { path: pathOf({ value: undefined, parent: visit, key }, path), problem: `has a key that ${keyProblem}` };
    }
    for (let i = keys.length - 1; i >= 0; i -= 1) stack.push({ value: (current as Record<string, unknown>)[keys[i]!], parent: visit, key: keys[i]! });
  }
  return undefined;
}

function primitiveProblem(value: unknown): string | undefined {
  if (typeof value === 'string') return stringProblem(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return `is ${String(value)}, which JSON cannot hold`;
  if (typeof value === 'bigint') return 'is a BigInt, which JSON cannot hold';
  return undefined;
}

/**
 * Anything in JSON text that JSON.parse could turn into a member findUnencodable reports: a
 * `\uD800`–`\uDFFF` escape (the one way well-formed text carries a lone surrogate), or a number
 * literal that may overflow to ±Infinity (`1e400`, a positive exponent, 309 digits or more).
 * Matches inside strings too: a false match only costs the walk it would have skipped.
 */
const MAY_PARSE_UNENCODABLE = /\\u[dD][89a-fA-F]|[:,[]\s*-?(?:\d+(?:\.\d+)?[eE]\+?\d|\d{309})/;

/**
 * False when `JSON.parse(text)` provably holds nothing findUnencodable would report, so the walk
 * can be skipped: the text is well-formed UTF-16 (as text decoded from UTF-8 always is), has no
 * escaped surrogate and no number literal that may overflow. NaN, BigInt, cycles and toJSON
 * functions never come out of JSON.parse. True means "walk it", not "it is unencodable".
 *
 * @example mayParseUnencodable('{"a":"x"}') // false
 * @example mayParseUnencodable('{"a":"\\uD800"}') // true
 */
export function mayParseUnencodable(text: string): boolean {
  return !text.isWellFormed() || MAY_PARSE_UNENCODABLE.test(text);
}
