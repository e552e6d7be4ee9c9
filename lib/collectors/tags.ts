/**
 * Resource tags as every collector reports them: a plain `{ key: value }` map, whichever list
 * shape the service answered with. PHI scope is decided on this map (lib/checks/run-check.ts).
 */

/**
 * `[{Key, Value}]` (most SDK v3 services) or `[{key, value}]` (Config configuration) to a plain
 * map. Entries without a string key are skipped; a missing value reads as ''.
 *
 * @example tagsFromList([{ Key: 'data-classification', Value: 'ephi' }]) // { 'data-classification': 'ephi' }
 */
export function tagsFromList(list: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!Array.isArray(list)) return tags;
  for (const entry of list as Array<Record<string, unknown>>) {
    const key = entry?.Key ?? entry?.key;
    const value = entry?.Value ?? entry?.value;
    if (typeof key === 'string') tags[key] = typeof value === 'string' ? value : '';
  }
  return tags;
}
