/**
 * Snapshot kinds loaded on demand. A kind module imports its SDK package; the registry names each
 * kind with a loader instead, so a function loads only the kinds (and SDKs) the trigger at hand
 * routes to. Tests may still hand the engine loaded kinds: a source is either.
 */
import type { Check } from '../model/check.ts';
import type { SnapshotKind } from './types.ts';

/** A kind not loaded yet: its name, and how to load it. */
export interface LazyKind {
  readonly kind: string;
  load(): Promise<SnapshotKind>;
}

/** What the engine is given: loaded kinds, loaders, or both. */
export type KindSource = SnapshotKind | LazyKind;

function isLazy(source: KindSource): source is LazyKind {
  return typeof (source as LazyKind).load === 'function' && typeof (source as SnapshotKind).collect !== 'function';
}

/**
 * The kinds named (all when `names` is undefined), loaded. Unknown names are skipped: the router
 * reports a check whose kind is missing.
 *
 * @example const kinds = await loadKinds(SNAPSHOT_KINDS, new Set(['rds-instance']));
 */
export async function loadKinds(sources: readonly KindSource[], names?: ReadonlySet<string>): Promise<SnapshotKind[]> {
  const wanted = names ? sources.filter((s) => names.has(s.kind)) : sources;
  return Promise.all(wanted.map((source) => (isLazy(source) ? source.load() : source)));
}

/** The snapshot kinds of a set of checks. */
export function kindsOfChecks(checks: readonly Check[]): Set<string> {
  return new Set(checks.map((check) => check.metadata.snapshotKind));
}
