/**
 * Hostile changes to one generated input unit: what AWS never sends but a file, a queue or a
 * pipeline may still hand over. Each change hits one member, chosen by index among all of them.
 */
import fc from 'fast-check';
import { HUGE_TEXT, textWithLoneSurrogate } from './text.ts';

type MutationKind = 'lone-surrogate' | 'lone-surrogate-key' | 'wrong-type' | 'drop' | 'huge' | 'truncate';

/** A change and where it lands: `at` picks the member (modulo the number of members), `replacement` is the wrong-typed value. */
export interface Mutation {
  kind: MutationKind;
  at: number;
  replacement: unknown;
  surrogateText: string;
  /** For `truncate`: the fraction of the unit's JSON text that is kept. */
  keep: number;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.oneof(
    { weight: 4, arbitrary: fc.constant<MutationKind>('lone-surrogate') },
    { weight: 1, arbitrary: fc.constant<MutationKind>('lone-surrogate-key') },
    { weight: 4, arbitrary: fc.constant<MutationKind>('wrong-type') },
    { weight: 3, arbitrary: fc.constant<MutationKind>('drop') },
    // A huge member costs a megabyte of JSON work each time: rare.
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 9 }).map((roll): MutationKind => (roll === 0 ? 'huge' : 'drop')) },
    { weight: 2, arbitrary: fc.constant<MutationKind>('truncate') },
  ),
  at: fc.nat(),
  replacement: fc.constantFrom(null, 0, -1.5, 1e21, true, false, '', 'x', '2024-13-45T99:99:99Z', '<accountId>', [], {}, ['x'], { x: null }),
  surrogateText: textWithLoneSurrogate,
  keep: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
});

type Path = Array<string | number>;

/** Every member path under `value` (not the root), depth first, up to `depth` levels. */
function memberPaths(value: unknown, depth = 8, prefix: Path = []): Path[] {
  if (depth === 0 || value === null || typeof value !== 'object') return [];
  // A member holding undefined is not in the JSON text: a change to it would change nothing.
  const entries: Array<[string | number, unknown]> = (Array.isArray(value) ? value.map((v, i): [number, unknown] => [i, v]) : Object.entries(value)).filter(([, v]) => v !== undefined);
  return entries.flatMap(([key, inner]) => [[...prefix, key], ...memberPaths(inner, depth - 1, [...prefix, key])]);
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> {
  return path.slice(0, -1).reduce<unknown>((inner, key) => (inner as Record<string | number, unknown>)[key], root) as Record<string | number, unknown>;
}

/**
 * The unit with the change applied to one member (a copy; `truncate` is applied to the text by
 * the caller). A unit without members gets the change at a new member.
 */
export function mutate(value: Record<string, unknown>, change: Mutation): Record<string, unknown> {
  const copy = structuredClone(value);
  const paths = memberPaths(copy);
  const path = paths.length > 0 ? paths[change.at % paths.length]! : ['added'];
  const parent = parentOf(copy, path);
  const key = path.at(-1)!;
  switch (change.kind) {
    case 'lone-surrogate': {
      const current = parent[key];
      parent[key] = typeof current === 'string' ? `${current.slice(0, current.length >> 1)}${change.surrogateText}${current.slice(current.length >> 1)}` : change.surrogateText;
      break;
    }
    case 'lone-surrogate-key':
      if (Array.isArray(parent)) parent[key as number] = { [`k${String.fromCharCode(0xdc00)}`]: parent[key] };
      else parent[`${String(key)}${String.fromCharCode(0xd83d)}`] = parent[key];
      break;
    case 'wrong-type':
      parent[key] = structuredClone(change.replacement);
      break;
    case 'drop':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    case 'huge':
      parent[key] = HUGE_TEXT;
      break;
    case 'truncate':
      break;
  }
  return copy;
}
