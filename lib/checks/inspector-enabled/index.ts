import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { InspectorAccountState, InspectorCoveredResource } from '../../model/states/inspector.ts';
import metadata from './metadata.json' with { type: 'json' };

const DAY_MS = 86_400_000;
/** The scan types the proposed rule's "every relevant system" reaches on AWS: instances, images, functions. */
const REQUIRED_SCAN_TYPES: Record<string, string> = { ec2: 'EC2', ecr: 'ECR', lambda: 'Lambda' };
/** Resources Inspector leaves out by design (stopped, terminated, excluded by tag, past the ECR rescan window): not a gap. */
const OUT_OF_SCOPE = new Set(['EC2_INSTANCE_STOPPED', 'RESOURCE_STOPPED', 'RESOURCE_TERMINATED', 'EXCLUDED_BY_TAG', 'SCAN_ELIGIBILITY_EXPIRED', 'IMAGE_ARCHIVED', 'PENDING_DISABLE']);
/** How many stale resources a record names; the count covers the rest. */
const EXAMPLES = 10;

type Freshness = 'fresh' | 'stale' | 'never' | 'pending' | 'out-of-scope';

/**
 * A resource is fresh when it was scanned after the cutoff. One never scanned is only pending
 * while Inspector is actively on it (a new resource awaiting its first scan); never scanned and
 * inactive (an instance without the SSM agent, an unsupported OS or runtime) is a gap.
 */
function freshness(resource: InspectorCoveredResource, cutoff: number): Freshness {
  if (resource.scanStatusReason && OUT_OF_SCOPE.has(resource.scanStatusReason)) return 'out-of-scope';
  if (resource.lastScannedAt === null) return resource.scanStatus === 'ACTIVE' ? 'pending' : 'never';
  return Date.parse(resource.lastScannedAt) >= cutoff ? 'fresh' : 'stale';
}

/** "EC2, ECR and Lambda". */
function inWords(labels: string[]): string {
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : (labels[0] ?? 'nothing');
}

function describe(resource: InspectorCoveredResource): string {
  const when = resource.lastScannedAt ? `last scanned ${resource.lastScannedAt.slice(0, 10)}` : 'never scanned';
  return `${resource.resourceType} ${resource.resourceId} (${when}${resource.scanStatusReason ? `, ${resource.scanStatusReason}` : ''})`;
}

function judgeCoverage(state: InspectorAccountState, where: string, scope: string, maxAgeDays: number, now: Date, observed: Record<string, unknown>): Finding {
  const cutoff = now.getTime() - maxAgeDays * DAY_MS;
  const resources = state.coverage ?? [];
  const counts: Record<Freshness, number> = { fresh: 0, stale: 0, never: 0, pending: 0, 'out-of-scope': 0 };
  const gaps: InspectorCoveredResource[] = [];
  for (const resource of resources) {
    const verdict = freshness(resource, cutoff);
    counts[verdict]++;
    if (verdict === 'stale' || verdict === 'never') gaps.push(resource);
  }
  gaps.sort((a, b) => (a.lastScannedAt ?? '').localeCompare(b.lastScannedAt ?? '') || a.resourceId.localeCompare(b.resourceId));
  const summary = { ...observed, coverage: { resources: resources.length, ...counts, gaps: gaps.slice(0, EXAMPLES) } };
  if (gaps.length > 0) {
    const more = gaps.length > EXAMPLES ? ` and ${gaps.length - EXAMPLES} more` : '';
    const reason = `${gaps.length} of ${resources.length} resources Inspector covers in ${where} have no scan in the last ${maxAgeDays} days: ${gaps.slice(0, EXAMPLES).map(describe).join('; ')}${more}`;
    return { result: 'fail', reason, observed: summary };
  }
  const skipped = counts['out-of-scope'] + counts.pending > 0 ? ` (${counts.pending} awaiting a first scan, ${counts['out-of-scope']} out of scope)` : '';
  return {
    result: 'pass',
    reason: `Inspector scans ${scope} in ${where}; all ${counts.fresh} scanned resources were scanned in the last ${maxAgeDays} days${skipped}`,
    observed: summary,
  };
}

/**
 * inspector-enabled: Amazon Inspector is enabled in the region with EC2, ECR and Lambda scanning
 * on, and every resource it covers was scanned within settings.inspectorScanMaxAgeDays of the
 * judging time (the proposed rule: vulnerability scanning at least every six months). DISABLED
 * is a fail; a status the account could not read is `error` (runCheck).
 */
const check: Check<InspectorAccountState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot, settings, now }) {
    const observed = { status: state.status, scanTypes: state.scanTypes };
    const where = `account ${state.accountId} in ${snapshot.region}`;
    if (state.status !== 'ENABLED') return { result: 'fail', reason: `Amazon Inspector is not enabled in ${where} (${state.status})`, observed };
    // A scan type the region does not report is one Inspector does not offer there (Lambda scanning
    // came later and not to every region): nothing to enable, so it is named but does not fail.
    const offered = Object.entries(REQUIRED_SCAN_TYPES).filter(([type]) => state.scanTypes[type] !== undefined);
    const off = offered.filter(([type]) => state.scanTypes[type] !== 'ENABLED');
    if (off.length > 0) {
      const which = off.map(([type, label]) => `${label} ${state.scanTypes[type]}`).join(', ');
      return { result: 'fail', reason: `Amazon Inspector is enabled in ${where} but not every scan type is on: ${which}`, observed };
    }
    const scanned = offered.map(([, label]) => label);
    const missing = Object.entries(REQUIRED_SCAN_TYPES).filter(([type]) => state.scanTypes[type] === undefined).map(([, label]) => label);
    const scope = `${inWords(scanned)}${missing.length > 0 ? ` (${inWords(missing)} not offered in the region)` : ''}`;
    return judgeCoverage(state, where, scope, settings.inspectorScanMaxAgeDays, now, observed);
  },
};

export default check;
