import { readErrorReason, type Check, type Finding, type Settings, type Snapshot } from '../model/check.ts';

/** True when the snapshot's tags put the resource in PHI scope. */
export function isPhiScoped(tags: Record<string, string> | undefined, settings: Settings): boolean {
  if (!tags) return false;
  const value = Object.entries(tags).find(([k]) => k.toLowerCase() === settings.phiTagKey.toLowerCase())?.[1];
  return value !== undefined && settings.phiTagValues.map((v) => v.toLowerCase()).includes(value.toLowerCase());
}

/**
 * Run one check on one snapshot and always get one finding: a failed read is `error`, a deleted
 * resource or one outside the check's PHI scope is `not_applicable`; only then the check body runs.
 */
export function runCheck<S>(check: Check<S>, snapshot: Snapshot<S>, settings: Settings): Finding & { phiScoped: boolean } {
  const phiScoped = isPhiScoped(snapshot.tags, settings);
  if (snapshot.error) {
    return { result: 'error', reason: readErrorReason(snapshot.error), observed: { error: snapshot.error }, phiScoped };
  }
  if (snapshot.deleted) {
    return { result: 'not_applicable', reason: `${snapshot.resource.id} was deleted`, observed: { deleted: true }, phiScoped };
  }
  if (check.metadata.scope === 'phi' && !phiScoped) {
    return {
      result: 'not_applicable',
      reason: `${snapshot.resource.id} is not PHI-scoped (no ${settings.phiTagKey} tag in ${settings.phiTagValues.join(', ')})`,
      observed: { tags: snapshot.tags ?? null },
      phiScoped,
    };
  }
  if (snapshot.state === undefined) {
    return { result: 'error', reason: `no state was collected for ${snapshot.resource.id}`, observed: {}, phiScoped };
  }
  try {
    return { ...check.evaluate(snapshot.state, { snapshot, settings, phiScoped }), phiScoped };
  } catch (error) {
    // A check that throws is a bug, but the evidence must still say something was evaluated.
    return { result: 'error', reason: `check ${check.metadata.id} threw: ${(error as Error).message}`, observed: {}, phiScoped };
  }
}
