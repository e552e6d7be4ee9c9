/**
 * How the per-trail checks name and observe a trail. A member account of an AWS Organization
 * sees the organization trail of the management account; those checks evaluate it from the facts
 * DescribeTrails returns, and the evidence says who owns it. Pure: checks may import it.
 */
import type { TrailFacts } from '../../model/states/cloudtrail.ts';

/**
 * "trail main", or "organization trail org-audit (owned by 999988887777)" when the account under
 * check is not the owner; `details` join the same parentheses ("home us-east-1").
 *
 * @example trailSubject(state, snapshot.account, [`home ${state.homeRegion}`]) // "trail main (home us-east-1)"
 */
export function trailSubject(trail: TrailFacts, account: string, details: string[] = []): string {
  const foreign = trail.ownerAccount !== null && trail.ownerAccount !== account;
  const org = foreign && trail.isOrganizationTrail ? 'organization ' : '';
  const notes = [...details, ...(foreign ? [`owned by ${trail.ownerAccount}`] : [])];
  return `${org}trail ${trail.name}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

/** The identity facts every per-trail finding observes: the ARN, home region, and who owns it. */
export function trailIdentity(trail: TrailFacts) {
  return { trail: trail.arn, homeRegion: trail.homeRegion, isOrganizationTrail: trail.isOrganizationTrail, ownerAccount: trail.ownerAccount };
}
