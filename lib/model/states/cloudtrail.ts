/** The configuration facts of one trail, as DescribeTrails (or a Config item) gives them. */
import type { ReadError } from '../check.ts';
export interface TrailFacts {
  name: string;
  arn: string;
  homeRegion: string;
  isMultiRegion: boolean;
  isOrganizationTrail: boolean;
  /** SSE-KMS key of the log files; null when the trail uses only SSE-S3. */
  kmsKeyId: string | null;
  logFileValidationEnabled: boolean;
}

/** One trail's settings plus whether it is logging. */
export interface CloudTrailTrailState extends TrailFacts {
  /** From GetTrailStatus; null when built from a Config item (Config does not record it). */
  isLogging: boolean | null;
}

/** Which management events a trail's selectors record. */
export interface ManagementEventCoverage {
  /** "All" when both reads and writes are recorded, "None" when no management event is. */
  readWriteType: 'All' | 'ReadOnly' | 'WriteOnly' | 'None';
  /** Event sources left out (ExcludeManagementEventSources, or advanced eventSource NotEquals). */
  excludedSources: string[];
  selectorKind: 'basic' | 'advanced';
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
