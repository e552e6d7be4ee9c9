/**
 * A small YAML writer for plain JSON data (objects, arrays, strings, numbers, booleans, null), so the
 * generated member-account template reads like a hand-written one without a YAML dependency.
 * Strings that could be misread are written as JSON strings, which are valid YAML double-quoted scalars.
 */

const PLAIN = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const KEY = /^[A-Za-z_$][A-Za-z0-9_.$-]*(::[A-Za-z0-9]+)*$/;
const RESERVED = /^(y|n|yes|no|on|off|true|false|null)$/i;

function scalar(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
  throw new TypeError(`cannot write ${typeof value} as YAML`);
}

function key(name: string): string {
  return KEY.test(name) && !RESERVED.test(name) ? name : JSON.stringify(name);
}

function isEmptyCollection(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);
}

function lines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (typeof item === 'object' && item !== null && !isEmptyCollection(item)) {
        const [first = '', ...rest] = lines(item, `${indent}  `);
        return [`${indent}- ${first.slice(indent.length + 2)}`, ...rest];
      }
      return [`${indent}- ${isEmptyCollection(item) ? JSON.stringify(item) : scalar(item)}`];
    });
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([name, item]) => {
    if (typeof item === 'object' && item !== null && !isEmptyCollection(item)) {
      return [`${indent}${key(name)}:`, ...lines(item, `${indent}  `)];
    }
    return [`${indent}${key(name)}: ${isEmptyCollection(item) ? JSON.stringify(item) : scalar(item)}`];
  });
}

/**
 * Serializes a JSON-compatible object as block-style YAML.
 *
 * @example toYaml({ a: ['x', 1] }) // "a:\n  - x\n  - 1\n"
 */
export function toYaml(value: Record<string, unknown>): string {
  return `${lines(value, '').join('\n')}\n`;
}
