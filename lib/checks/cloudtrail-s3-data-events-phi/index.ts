import { readErrorReason, type Check, type CheckMetadata, type Finding } from '../../model/check.ts';
import { partitionOf } from '../../model/cloudtrail.ts';
import type { DataEventTrail, S3DataEventsState } from '../../model/states/cloudtrail-data-events.ts';
import { trailIdentity, trailSubject } from '../helpers/cloudtrail-trail.ts';
import { trailAppliesTo, trailCoverage, type TrailCoverage } from '../helpers/s3-data-events.ts';
import metadata from './metadata.json' with { type: 'json' };

interface JudgedTrail {
  trail: DataEventTrail;
  coverage: TrailCoverage;
}

/** Why one trail does not log every read and write of the bucket's objects. */
function shortfall({ trail, coverage }: JudgedTrail, account: string): string {
  const name = trailSubject(trail, account);
  if (trail.isLogging === false) return `${name} is not logging`;
  const parts: string[] = [];
  if (coverage.reads !== coverage.writes) parts.push(`records only ${coverage.reads ? 'read' : 'write'} data events of the bucket`);
  else if (!coverage.reads && coverage.partial.length === 0) parts.push('records no S3 data events of the bucket');
  parts.push(...coverage.partial);
  return `${name} ${parts.join('; ')}`;
}

function summary({ trail, coverage }: JudgedTrail) {
  return {
    ...trailIdentity(trail),
    isMultiRegion: trail.isMultiRegion,
    isLogging: trail.isLogging,
    s3DataEvents: trail.s3DataEvents,
    logsReads: coverage.reads,
    logsWrites: coverage.writes,
    ...(coverage.partial.length > 0 ? { partial: coverage.partial } : {}),
    ...(trail.readError ? { readError: trail.readError } : {}),
  };
}

/** A trail whose unread status or selectors could still make the bucket covered. */
function couldCover({ trail, coverage }: JudgedTrail): boolean {
  return trail.readError !== undefined && trail.isLogging !== false && (trail.s3DataEvents === null || coverage.reads || coverage.writes);
}

/**
 * cloudtrail-s3-data-events-phi: every read and write of a PHI-tagged bucket's objects is recorded
 * by a logging trail that applies in the bucket's region (its own region's, or multi-region),
 * whoever owns it: an organization trail of the management account counts (Prowler #2438 did
 * not). Reads and writes may come from different trails. Basic and advanced selectors are both
 * read; a selector that matches only part of the bucket (a key prefix, an excluded path) or
 * filters on other fields (eventName, userIdentity) does not count. A stopped trail does not
 * count. A trail whose status or selectors could not be read, and that could cover the bucket,
 * makes the verdict `error` unless other trails already cover it; so do trails that could not be
 * listed at all.
 */
const check: Check<S3DataEventsState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot }): Finding {
    if (state.trailsError) {
      return { result: 'error', reason: readErrorReason(state.trailsError), observed: { bucket: state.bucket, bucketRegion: state.region, error: state.trailsError } };
    }
    const prefix = `arn:${partitionOf(state.region)}:s3:::${state.bucket}/`;
    const judged = state.trails
      .filter((t) => trailAppliesTo(t, state.region))
      .map((trail) => ({ trail, coverage: trailCoverage(trail.s3DataEvents ?? [], prefix) }));
    const logging = judged.filter((j) => j.trail.isLogging === true);
    const readsBy = logging.filter((j) => j.coverage.reads).map((j) => j.trail.arn);
    const writesBy = logging.filter((j) => j.coverage.writes).map((j) => j.trail.arn);
    const observed = { bucket: state.bucket, bucketRegion: state.region, trails: judged.map(summary), readsLoggedBy: readsBy, writesLoggedBy: writesBy };
    const subject = `PHI bucket ${state.bucket} (${state.region})`;

    if (readsBy.length > 0 && writesBy.length > 0) {
      const names = [...new Set([...readsBy, ...writesBy])].map((arn) => trailSubject(judged.find((j) => j.trail.arn === arn)!.trail, snapshot.account));
      return { result: 'pass', reason: `object reads and writes of ${subject} are logged by ${names.join(' and ')}`, observed };
    }
    const unreadable = judged.find(couldCover);
    if (unreadable?.trail.readError) {
      return { result: 'error', reason: readErrorReason(unreadable.trail.readError, trailSubject(unreadable.trail, snapshot.account)), observed: { ...observed, unreadableTrail: unreadable.trail.arn } };
    }
    if (state.trailsRegion !== state.region) {
      const reason = `${subject} is not covered by the trails read in ${state.trailsRegion}, and single-region trails of ${state.region} were not read`;
      return { result: 'error', reason, observed: { ...observed, trailsRegion: state.trailsRegion } };
    }
    if (judged.length === 0) return { result: 'fail', reason: `no CloudTrail trail applies to ${state.region}, so no data event of ${subject} is logged`, observed };
    return { result: 'fail', reason: `object reads and writes of ${subject} are not all logged: ${judged.map((j) => shortfall(j, snapshot.account)).join('; ')}`, observed };
  },
};

export default check;
