import { readErrorReason, type Check, type CheckMetadata, type Finding } from '../../model/check.ts';
import type { AccountTrail, CloudTrailAccountState } from '../../model/states/cloudtrail.ts';
import { trailIdentity, trailSubject } from '../helpers/cloudtrail-trail.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Both kinds of management event are needed: writes are the changes, and reads include the access
 * to ePHI keys and secrets an audit must see (kms:Decrypt, secretsmanager:GetSecretValue are
 * management read events). CIS 3.1, Security Hub CloudTrail.1 and the Config rule ask the same.
 */
function recordsAllManagementEvents(trail: AccountTrail): boolean {
  return trail.managementEvents?.readWriteType === 'All';
}

/** A multi-region trail that could still pass: nothing read so far rules it out. */
function couldPass(trail: AccountTrail): boolean {
  return trail.isMultiRegion && trail.isLogging !== false && (trail.managementEvents === null || recordsAllManagementEvents(trail));
}

/** Why one trail does not give the account multi-region management-event coverage. */
function shortfall(trail: AccountTrail): string {
  if (!trail.isMultiRegion) return `${trail.name} is a single-region trail (${trail.homeRegion})`;
  if (trail.isLogging === false) return `${trail.name} is multi-region but logging is stopped`;
  const coverage = trail.managementEvents;
  if (coverage?.unmeasuredFields && coverage.readWriteType === 'None') {
    return `${trail.name} is multi-region but its management selector also filters on ${coverage.unmeasuredFields.join(', ')}, so it may leave out any event`;
  }
  if (coverage?.readWriteType === 'None') return `${trail.name} is multi-region but excludes management events`;
  if (coverage?.readWriteType === 'ReadOnly') return `${trail.name} is multi-region but records only ReadOnly management events (no write events)`;
  if (coverage?.readWriteType === 'WriteOnly') return `${trail.name} is multi-region but records only WriteOnly management events (no reads such as kms:Decrypt)`;
  return `${trail.name} is multi-region but its management events could not be read`;
}

function summary(trail: AccountTrail) {
  return {
    ...trailIdentity(trail),
    isMultiRegion: trail.isMultiRegion,
    isLogging: trail.isLogging,
    managementEvents: trail.managementEvents,
    ...(trail.readError ? { readError: trail.readError } : {}),
  };
}

function passReason(trail: AccountTrail, account: string): string {
  const events = 'all management events';
  const excluded = trail.managementEvents?.excludedSources ?? [];
  const except = excluded.length > 0 ? ` except those of ${excluded.join(', ')}` : '';
  return `multi-region ${trailSubject(trail, account, [`home ${trail.homeRegion}`])} is logging and records ${events}${except}`;
}

/**
 * Passes when at least one multi-region trail is logging and records all management events (reads
 * and writes), whoever owns it: in a member account of an AWS Organization that is
 * usually the organization trail of the management account (a shadow trail here). Excluded event
 * sources (kms / rdsdata) are named in the reason and observed. A trail whose status or selectors
 * could not be read, and that nothing else rules out, makes the verdict `error` unless another
 * trail already passes: a read the account may not make is not evidence of a gap.
 */
const check: Check<CloudTrailAccountState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot }): Finding {
    const trails = state.trails.map(summary);
    const where = `account ${snapshot.account} in ${snapshot.region}`;
    if (state.trails.length === 0) {
      return { result: 'fail', reason: `no CloudTrail trail applies to ${where}`, observed: { trails } };
    }
    const best = state.trails.find((t) => t.isMultiRegion && t.isLogging === true && recordsAllManagementEvents(t));
    if (best) {
      return { result: 'pass', reason: passReason(best, snapshot.account), observed: { trails, passedBy: trailIdentity(best) } };
    }
    const unreadable = state.trails.find((t) => couldPass(t) && t.readError);
    if (unreadable?.readError) {
      return {
        result: 'error',
        reason: readErrorReason(unreadable.readError, `multi-region ${trailSubject(unreadable, snapshot.account, [`home ${unreadable.homeRegion}`])}`),
        // observed.unreadable is runCheck's reserved key (failed enrichments); this read decides.
        observed: { trails, unreadableTrail: { trail: unreadable.arn, ...unreadable.readError } },
      };
    }
    return {
      result: 'fail',
      reason: `no multi-region trail logs write management events for ${where}: ${state.trails.map(shortfall).join('; ')}`,
      observed: { trails },
    };
  },
};

export default check;
