import { readErrorReason, type Check, type Finding, type ReadError, type Settings, type Snapshot } from '../model/check.ts';

/** What the snapshot's tags say about PHI scope; "unknown" when the tag read failed and the known tags do not decide. */
type PhiScope = 'in' | 'out' | 'unknown';

/** True when the snapshot's tags put the resource in PHI scope. */
export function isPhiScoped(tags: Record<string, string> | undefined, settings: Settings): boolean {
  const value = phiTagValue(tags, settings);
  return value !== undefined && settings.phiTagValues.map((v) => v.toLowerCase()).includes(value.toLowerCase());
}

/** The value of the settings' PHI tag key (matched case-insensitively), if the tags carry it. */
function phiTagValue(tags: Record<string, string> | undefined, settings: Settings): string | undefined {
  return Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === settings.phiTagKey.toLowerCase())?.[1];
}

/**
 * PHI scope of a snapshot. A failed tag read leaves it unknown, unless the tags that were read
 * (a subnet's own, when its VPC's could not be read) already carry the PHI tag key.
 */
function phiScopeOf(snapshot: Pick<Snapshot, 'tags' | 'tagsError'>, settings: Settings): PhiScope {
  if (isPhiScoped(snapshot.tags, settings)) return 'in';
  if (snapshot.tagsError && phiTagValue(snapshot.tags, settings) === undefined) return 'unknown';
  return 'out';
}

/**
 * Run one check on one snapshot and always get one finding: a failed deciding read is `error`, a
 * deleted resource or one outside the check's PHI scope is `not_applicable`; only then the check
 * body runs. Failed enrichments never change the verdict: they are listed in `observed.unreadable`.
 * When PHI scope is unknown (`observed.phiScope: "unknown"`), a verdict that depends on it is
 * judged by the stricter PHI-scoped rule and the reason says so; one that does not depend on it
 * stands, with `phiScoped` false.
 */
export function runCheck<S>(check: Check<S>, snapshot: Snapshot<S>, settings: Settings, now: Date = new Date()): Finding & { phiScoped: boolean } {
  const scope = phiScopeOf(snapshot, settings);
  return withSettings(withUnreadable(judge(check, snapshot, settings, scope, now), snapshot, scope), check, settings);
}

function judge<S>(check: Check<S>, snapshot: Snapshot<S>, settings: Settings, scope: PhiScope, now: Date): Finding & { phiScoped: boolean } {
  const phiScoped = scope === 'in';
  if (snapshot.error) {
    return { result: 'error', reason: readErrorReason(snapshot.error), observed: { error: snapshot.error }, phiScoped };
  }
  if (snapshot.deleted) {
    return { result: 'not_applicable', reason: `${snapshot.resource.id} was deleted`, observed: { deleted: true }, phiScoped };
  }
  if (snapshot.state === undefined) {
    return { result: 'error', reason: `no state was collected for ${snapshot.resource.id}`, observed: {}, phiScoped };
  }
  const present = snapshot as Snapshot<S> & { state: S };
  if (scope !== 'unknown') return { ...judgeAs(check, present, settings, phiScoped, now), phiScoped };

  // Bodies are pure, so asking both ways tells whether scope can change this verdict at all.
  const asOutside = judgeAs(check, present, settings, false, now);
  const asPhi = judgeAs(check, present, settings, true, now);
  if (asOutside.result === asPhi.result) return { ...asOutside, phiScoped: false };
  const { code } = snapshot.tagsError as ReadError;
  return { ...asPhi, reason: `${asPhi.reason}; PHI scope unknown: tags could not be read (${code}), judged as PHI-scoped`, phiScoped: true };
}

/** The verdict if the resource were (or were not) PHI-scoped. */
function judgeAs<S>(check: Check<S>, snapshot: Snapshot<S> & { state: S }, settings: Settings, phiScoped: boolean, now: Date): Finding {
  if (check.metadata.scope === 'phi' && !phiScoped) {
    return {
      result: 'not_applicable',
      reason: `${snapshot.resource.id} is not PHI-scoped (no ${settings.phiTagKey} tag in ${settings.phiTagValues.join(', ')})`,
      observed: { tags: snapshot.tags ?? null },
    };
  }
  try {
    return check.evaluate(snapshot.state, { snapshot, settings, phiScoped, now });
  } catch (error) {
    // A check that throws is a bug, but the evidence must still say something was evaluated.
    return { result: 'error', reason: `check ${check.metadata.id} threw: ${(error as Error).message}`, observed: {} };
  }
}

/**
 * The reserved observed keys: `unreadable` lists every failed enrichment (the tag read first),
 * `phiScope` says "unknown" when the tags could not be read. Check bodies never use these keys.
 */
function withUnreadable(finding: Finding & { phiScoped: boolean }, snapshot: Snapshot, scope: PhiScope): Finding & { phiScoped: boolean } {
  const unreadable = [...(snapshot.tagsError ? [snapshot.tagsError] : []), ...(snapshot.unreadable ?? [])];
  if (unreadable.length === 0 && scope !== 'unknown') return finding;
  const observed: Record<string, unknown> = { ...finding.observed };
  if (scope === 'unknown') observed.phiScope = 'unknown';
  if (unreadable.length > 0) observed.unreadable = unreadable.map(({ operation, code, name, message }) => ({ operation, code, name, message }));
  return { ...finding, observed };
}

/**
 * The reserved observed key `settings`: the values of the numeric settings the check declares
 * (metadata `settings`), so every record states the thresholds it was judged against.
 */
function withSettings<S>(finding: Finding & { phiScoped: boolean }, check: Check<S>, settings: Settings): Finding & { phiScoped: boolean } {
  const names = check.metadata.settings ?? [];
  if (names.length === 0) return finding;
  return { ...finding, observed: { ...finding.observed, settings: Object.fromEntries(names.map((name) => [name, settings[name]])) } };
}
