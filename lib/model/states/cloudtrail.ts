/** The configuration facts of one trail, as DescribeTrails (or a Config item) gives them. */
import type { ReadError } from '../check.ts';
export interface TrailFacts {
  name: string;
  arn: string;
  homeRegion: string;
  isMultiRegion: boolean;
  isOrganizationTrail: boolean;
  /**
   * The account that owns the trail, from its ARN: the management account for an organization
   * trail seen from a member account. null when the ARN does not say.
   */
  ownerAccount: string | null;
  /** SSE-KMS key of the log files; null when the trail uses only SSE-S3. */
  kmsKeyId: string | null;
  logFileValidationEnabled: boolean;
}

/** One trail's settings plus whether it is logging. */
export interface CloudTrailTrailState extends TrailFacts {
  /**
   * From GetTrailStatus; null when built from a Config item (Config does not record it) or when
   * the trail belongs to another account (no per-trail verdict needs it, and a member account
   * may be refused the read).
   */
  isLogging: boolean | null;
}

/** Which management events a trail's selectors record. */
export interface ManagementEventCoverage {
  /** "All" when both reads and writes are recorded, "None" when no management event is. */
  readWriteType: 'All' | 'ReadOnly' | 'WriteOnly' | 'None';
  /** Event sources left out (ExcludeManagementEventSources, or advanced eventSource NotEquals). */
  excludedSources: string[];
  /**
   * "default": the trail has no selectors of its own (DescribeTrails HasCustomEventSelectors
   * false, or GetEventSelectors returns none), and AWS documents that such a trail logs all read
   * and write management events.
   */
  selectorKind: 'basic' | 'advanced' | 'default';
  /**
   * Fields of a Management advanced selector that narrow it in ways the check cannot measure
   * (anything but eventCategory, readOnly, eventSource NotEquals); such a selector is not counted.
   */
  unmeasuredFields?: string[];
}

/** One trail that applies to the region, with what it is doing. */
export interface AccountTrail extends TrailFacts {
  /** null when GetTrailStatus failed (see readError). */
  isLogging: boolean | null;
  /** null when GetEventSelectors failed (see readError). */
  managementEvents: ManagementEventCoverage | null;
  /** A per-trail read that failed; one unreadable trail must not hide the others. */
  readError?: ReadError;
}

/** Every trail that applies to the account in this region, shadow trails included. */
export interface CloudTrailAccountState {
  trails: AccountTrail[];
}
