/**
 * Which of a bucket's objects a trail's S3 data-event selectors reach, judged on the ARN
 * conditions alone. Every object of bucket B, and only those, has an ARN starting with
 * `arn:<partition>:s3:::B/`, so each condition either matches all of them, some, or none. Values
 * of one operator are alternatives; conditions (operators and fields) must all hold. Pure: checks
 * may import it.
 */
import type { DataEventTrail, FieldCondition, S3DataEventSelector } from '../../model/states/cloudtrail-data-events.ts';

/** How many of the bucket's objects a condition or selector matches. */
type Reach = 'all' | 'some' | 'none';

const ORDER: readonly Reach[] = ['none', 'some', 'all'];
const best = (reaches: Reach[]): Reach => reaches.reduce<Reach>((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a), 'none');
const worst = (reaches: Reach[]): Reach => reaches.reduce<Reach>((a, b) => (ORDER.indexOf(b) < ORDER.indexOf(a) ? b : a), 'all');

/** `prefix` is the bucket's object ARN prefix; a value either contains it, lies inside it, or misses it. */
function startsWithReach(value: string, prefix: string): Reach {
  if (prefix.startsWith(value)) return 'all';
  return value.startsWith(prefix) ? 'some' : 'none';
}

const NEGATE: Record<Reach, Reach> = { all: 'none', some: 'some', none: 'all' };

function conditionReach({ operator, values }: FieldCondition, prefix: string): Reach {
  switch (operator) {
    case 'StartsWith':
      return best(values.map((v) => startsWithReach(v, prefix)));
    case 'NotStartsWith':
      return worst(values.map((v) => NEGATE[startsWithReach(v, prefix)]));
    // One exact object ARN, or one key suffix, is never every object of a bucket.
    case 'Equals':
      return values.some((v) => v.startsWith(prefix)) ? 'some' : 'none';
    case 'NotEquals':
      return values.some((v) => v.startsWith(prefix)) ? 'some' : 'all';
    case 'EndsWith':
    case 'NotEndsWith':
      return 'some';
  }
}

/** The reach of a selector's ARN conditions on the bucket (no condition: every bucket). */
function selectorReach(selector: S3DataEventSelector, objectPrefix: string): Reach {
  return worst(selector.arnConditions.map((c) => conditionReach(c, objectPrefix)));
}

/** What one trail's selectors record for every object of the bucket, and what only covers part of it. */
export interface TrailCoverage {
  reads: boolean;
  writes: boolean;
  /** Selectors that reach the bucket but not all of it, or not every event: why each does not count. */
  partial: string[];
}

function selectorName(selector: S3DataEventSelector, index: number): string {
  return selector.name ? `selector "${selector.name}"` : `${selector.selectorKind} selector ${index + 1}`;
}

/**
 * The coverage of one trail's S3 data-event selectors (reads and writes are unions: one selector
 * may log reads and another writes). `objectPrefix` is `arn:<partition>:s3:::<bucket>/`.
 *
 * @example trailCoverage(trail.s3DataEvents ?? [], 'arn:aws:s3:::patient-scans/') // { reads: true, writes: true, partial: [] }
 */
export function trailCoverage(selectors: readonly S3DataEventSelector[], objectPrefix: string): TrailCoverage {
  const coverage: TrailCoverage = { reads: false, writes: false, partial: [] };
  selectors.forEach((selector, index) => {
    const reach = selectorReach(selector, objectPrefix);
    if (reach === 'none' || selector.readWriteType === 'None') return;
    if (reach === 'some') coverage.partial.push(`${selectorName(selector, index)} matches only some of its objects`);
    else if (selector.narrowedBy.length > 0) coverage.partial.push(`${selectorName(selector, index)} also filters on ${selector.narrowedBy.join(', ')}`);
    else {
      coverage.reads ||= selector.readWriteType !== 'WriteOnly';
      coverage.writes ||= selector.readWriteType !== 'ReadOnly';
    }
  });
  return coverage;
}

/** Whether a trail records events of the bucket's region at all: S3 records data events where the bucket is. */
export function trailAppliesTo(trail: DataEventTrail, bucketRegion: string): boolean {
  return trail.isMultiRegion || trail.homeRegion === bucketRegion;
}
