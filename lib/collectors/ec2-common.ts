/**
 * Small helpers shared by the EC2 and ELBv2 collectors: fields read in either key casing (SDK
 * PascalCase, Config camelCase) and the resource ids a CloudTrail record names. No SDK calls here.
 */
import type { CloudTrailRecord } from '../model/cloudtrail.ts';

/** A value read from a Config item as a string, whichever key casing the item version used. */
export function field(obj: Record<string, unknown> | null | undefined, ...names: string[]): unknown {
  if (!obj) return undefined;
  for (const name of names) if (obj[name] !== undefined) return obj[name];
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every value at a dotted path. Arrays are walked through, and CloudTrail's EC2 list wrappers
 * (`{items: [...]}`, `{item: x}`) are stepped into when the path's next key is not on the object.
 */
function valuesAt(node: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [node];
  if (Array.isArray(node)) return node.flatMap((n) => valuesAt(n, path));
  if (!isObject(node)) return [];
  const [head, ...rest] = path as [string, ...string[]];
  if (!(head in node) && ('items' in node || 'item' in node)) return valuesAt(node.items ?? node.item, path);
  return valuesAt(node[head], rest);
}

/** A string, or the `{tag, content}` wrapper newer EC2 events use, or a list of them. */
function idStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(idStrings);
  if (isObject(value) && typeof value.content === 'string') return [value.content];
  return [];
}

/**
 * The ids a CloudTrail record names at the given paths (e.g. `requestParameters.groupId`), kept
 * only when they start with `prefix` (`sg-`, `vol-`, ...), without duplicates. Explicit paths,
 * not a deep search: an event also names resources it does not change (a referenced group).
 *
 * @example idsAt(record, ['responseElements.volumeId'], 'vol-') // ['vol-97c02b3e']
 */
export function idsAt(record: CloudTrailRecord, paths: string[], prefix: string): string[] {
  const ids = paths.flatMap((p) => idStrings(valuesAt(record, p.split('.'))));
  return [...new Set(ids.filter((id) => id.startsWith(prefix)))];
}
