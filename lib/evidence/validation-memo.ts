/**
 * What the record validators (lib/evidence/schemas.ts) remember, so that the same facts are not
 * matched against the same patterns once per record: a writer validates 5,000 records of one
 * check per object, a verifier reads them back line by line, and in both the members copied from
 * the check's metadata and the collector are the same in every record, as are most timestamps.
 *
 * Only ever a shortcut to the same verdict: a schema check is a pure function of the value, so a
 * value equal to one that passed passes again. Anything not provably equal is validated in full.
 */

/** The members buildRecord copies from the check's metadata and the collector: one value per check. */
export const CHECK_CONSTANT_MEMBERS = ['check', 'controls', 'collector'] as const;

/** Distinct check ids remembered at most; more (never in practice) only starts the memo afresh. */
const MAX_CHECKS = 512;

/** A plain JSON object or array as JSON.parse makes it: no prototype of its own, nothing inherited to enumerate. */
function isPlainContainer(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) ? prototype === Array.prototype : prototype === Object.prototype || prototype === null;
}

/** A remembered value: a primitive, or a plain array's or object's members, names listed once. */
type Known = string | number | boolean | null | { items: Known[] } | { names: string[]; values: Known[] };

/**
 * `value` as Known when it is plain JSON data (strings, finite numbers, booleans, null, plain
 * arrays and objects of data properties), else undefined: only such a value is remembered, so
 * that what is remembered is exactly what was validated (no toJSON, getter or prototype can make
 * the copy differ from it).
 */
function known(value: unknown): Known | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  if (typeof value !== 'object' || !isPlainContainer(value)) return undefined;
  if (Array.isArray(value)) {
    const items: Known[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = Object.hasOwn(value, i) ? known(value[i]) : undefined;
      if (item === undefined) return undefined;
      items.push(item);
    }
    return { items };
  }
  const names = Object.keys(value);
  const values: Known[] = [];
  for (const name of names) {
    const descriptor = Object.getOwnPropertyDescriptor(value, name)!;
    const member = 'value' in descriptor && name !== '__proto__' ? known(descriptor.value) : undefined;
    if (member === undefined) return undefined;
    values.push(member);
  }
  return { names, values };
}

/**
 * True when `value` is the same JSON data as the remembered one: equal primitives, a plain array
 * of the same length with equal elements, a plain object with the same own names and equal
 * members. Any doubt (another prototype, a hole, an extra or hidden name) is false.
 */
function sameData(value: unknown, remembered: Known): boolean {
  if (typeof remembered !== 'object' || remembered === null) return value === remembered;
  if (typeof value !== 'object' || value === null || !isPlainContainer(value)) return false;
  if ('items' in remembered) {
    const { items } = remembered;
    if (!Array.isArray(value) || value.length !== items.length) return false;
    for (let i = 0; i < items.length; i++) if (!Object.hasOwn(value, i) || !sameData(value[i], items[i]!)) return false;
    return true;
  }
  const { names, values } = remembered;
  if (Array.isArray(value)) return false;
  // Exactly the remembered names, in the same order (another order is only a full validation more).
  const own = Object.keys(value);
  if (own.length !== names.length) return false;
  for (let i = 0; i < names.length; i++) {
    if (own[i] !== names[i] || !sameData((value as Record<string, unknown>)[names[i]!], values[i]!)) return false;
  }
  return true;
}

/**
 * The constant members of records that passed their schema in full, by check id and record
 * version. A record whose constant members equal its check's remembered ones needs only its other
 * members validated: the record schemas state nothing across members (each member has its own
 * subschema; the top level only lists them, all required, nothing else allowed).
 */
export class ValidatedMembers {
  readonly #byCheck = new Map<string, { schema: string; members: readonly Known[] }>();

  /** True when the record's constant members are the ones remembered for its check and version. */
  vouches(record: unknown): boolean {
    const { schema, check } = (record ?? {}) as { schema?: unknown; check?: { id?: unknown } };
    const id = typeof check === 'object' && check !== null ? check.id : undefined;
    const remembered = typeof id === 'string' ? this.#byCheck.get(id) : undefined;
    if (!remembered || remembered.schema !== schema) return false;
    for (let i = 0; i < CHECK_CONSTANT_MEMBERS.length; i++) {
      if (!sameData((record as Record<string, unknown>)[CHECK_CONSTANT_MEMBERS[i]!], remembered.members[i]!)) return false;
    }
    return true;
  }

  /** Remembers the constant members of a record that just passed its schema in full (when they are plain data). */
  remember(record: { schema: string; check: { id: string } }): void {
    const members: Known[] = [];
    for (const name of CHECK_CONSTANT_MEMBERS) {
      const member = known((record as unknown as Record<string, unknown>)[name]);
      if (member === undefined) return;
      members.push(member);
    }
    if (this.#byCheck.size >= MAX_CHECKS) this.#byCheck.clear();
    this.#byCheck.set(record.check.id, { schema: record.schema, members });
  }
}

/** Strings remembered per format at most: a batch repeats a few (its signedAt, a trigger's times). */
const MAX_REMEMBERED_STRINGS = 256;

/**
 * A string format's check that remembers its recent verdicts: `date-time` (a split, two regular
 * expressions and a calendar check) is asked about the same signedAt on every line of an object.
 */
export function rememberingFormat(validate: (text: string) => boolean): (text: string) => boolean {
  const verdicts = new Map<string, boolean>();
  return (text) => {
    let verdict = verdicts.get(text);
    if (verdict === undefined) {
      verdict = validate(text);
      if (verdicts.size >= MAX_REMEMBERED_STRINGS) verdicts.clear();
      verdicts.set(text, verdict);
    }
    return verdict;
  };
}
