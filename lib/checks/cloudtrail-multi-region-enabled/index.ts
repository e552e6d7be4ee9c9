import { readErrorReason, type Check, type CheckMetadata, type Finding } from '../../model/check.ts';
import type { AccountTrail, CloudTrailAccountState } from '../../model/states/cloudtrail.ts';
import metadata from './metadata.json' with { type: 'json' };

function recordsAllManagementEvents(trail: AccountTrail): boolean {
  return trail.managementEvents?.readWriteType === 'All';
}

/** Why one trail does not give the account multi-region management-event coverage. */
function shortfall(trail: AccountTrail): string {
  if (!trail.isMultiRegion) return `${trail.name} is a single-region trail (${trail.homeRegion})`;
  if (trail.isLogging === false) return `${trail.name} is multi-region but logging is stopped`;
  const coverage = trail.managementEvents?.readWriteType ?? 'unknown';
  return coverage === 'None'
    ? `${trail.name} is multi-region but excludes management events`
    : `${trail.name} is multi-region but records only ${coverage} management events`;
}

function summary(trail: AccountTrail) {
  return {
    trail: trail.arn,
    homeRegion: trail.homeRegion,
    isMultiRegion: trail.isMultiRegion,
    isOrganizationTrail: trail.isOrganizationTrail,
    isLogging: trail.isLogging,
    managementEvents: trail.managementEvents,
    ...(trail.readError ? { readError: trail.readError } : {}),
  };
}

/**
 * Passes when at least one multi-region trail is logging and records all management events
 * (reads and writes). A trail whose status or selectors could not be read makes the verdict
 * `error` unless another trail already passes: an unreadable trail is not evidence of a gap.
 */
const check: Check<CloudTrailAccountState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot }): Finding {
    const observed = { trails: state.trails.map(summary) };
    const where = `account ${snapshot.account} in ${snapshot.region}`;
    if (state.trails.length === 0) {
      return { result: 'fail', reason: `no CloudTrail trail applies to ${where}`, observed };
    }
    const good = state.trails.find((t) => t.isMultiRegion && t.isLogging === true && recordsAllManagementEvents(t));
    if (good) {
      const org = good.isOrganizationTrail ? 'organization ' : '';
      return {
        result: 'pass',
        reason: `multi-region ${org}trail ${good.name} (home ${good.homeRegion}) is logging and records all management events`,
        observed,
      };
    }
    const unreadable = state.trails.find((t) => t.isMultiRegion && t.readError);
    if (unreadable?.readError) {
      return { result: 'error', reason: readErrorReason(unreadable.readError, `multi-region trail ${unreadable.name}`), observed };
    }
    return {
      result: 'fail',
      reason: `no multi-region trail logs all management events for ${where}: ${state.trails.map(shortfall).join('; ')}`,
      observed,
    };
  },
};

export default check;
