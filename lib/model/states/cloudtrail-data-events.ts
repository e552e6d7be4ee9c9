/** What the S3 data-event check knows: a bucket, and every trail that applies in its region. */
import type { ReadError } from '../check.ts';
import type { TrailFacts } from './cloudtrail.ts';

/** The operators of an advanced field selector; the values of one operator are alternatives. */
export type FieldOperator = 'Equals' | 'StartsWith' | 'EndsWith' | 'NotEquals' | 'NotStartsWith' | 'NotEndsWith';

/** One condition a selector puts on a field. */
export interface FieldCondition {
  operator: FieldOperator;
  values: string[];
}

/**
 * One selector of a trail that records S3 object data events, basic or advanced, in one form:
 * which object events (reads, writes) it logs and which object ARNs it matches.
 */
export interface S3DataEventSelector {
  /** "basic": EventSelectors DataResources of type AWS::S3::Object; "advanced": eventCategory Data with resources.type AWS::S3::Object. */
  selectorKind: 'basic' | 'advanced';
  /** The advanced selector's Name, if any. */
  name: string | null;
  /** From ReadWriteType (basic) or the readOnly field (advanced; absent logs both). */
  readWriteType: 'All' | 'ReadOnly' | 'WriteOnly' | 'None';
  /**
   * Conditions on the object ARN (arn:aws:s3:::bucket/key), all of which must hold. Basic
   * selectors match by prefix: one StartsWith with the DataResources values (arn:aws:s3 = every
   * bucket, arn:aws:s3:::bucket/ = one bucket).
   */
  arnConditions: FieldCondition[];
  /**
   * Other fields the selector filters on (eventName, userIdentity.arn, ...): it may leave out any
   * event of the bucket, so it cannot show full coverage.
   */
  narrowedBy: string[];
}

/** A trail that applies to the region, with its logging status and S3 data-event selectors. */
export interface DataEventTrail extends TrailFacts {
  /** null when GetTrailStatus failed (see readError). */
  isLogging: boolean | null;
  /** null when GetEventSelectors failed (see readError); [] when the trail logs no S3 data events. */
  s3DataEvents: S3DataEventSelector[] | null;
  /** A per-trail read that failed; one unreadable trail must not hide the others. */
  readError?: ReadError;
}

export interface S3DataEventsState {
  bucket: string;
  /** The bucket's region: S3 data events are recorded there, so only trails of that region (or multi-region) log them. */
  region: string;
  /** The region whose trails were read (DescribeTrails, shadow trails included). */
  trailsRegion: string;
  trails: DataEventTrail[];
  /**
   * DescribeTrails failed (then `trails` is empty). Kept in the state, not as the snapshot's error,
   * so a bucket its tags put outside PHI scope is still not_applicable; a PHI bucket is `error`.
   */
  trailsError?: ReadError;
}
