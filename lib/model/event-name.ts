/**
 * CloudTrail event names that carry an API version. Some services write the version of the API they
 * served into `eventName` ("the eventName might include date and version information, but it is still
 * referring to the same public API": Lambda's CloudTrail guide): Lambda as 8 digits with an optional
 * revision (`AddPermission20150331v2`, `CreateFunctionUrlConfig20211031`), CloudFront as a
 * `YYYY_MM_DD` date (`UpdateDistribution2020_05_31`). Check metadata lists the stem (`AddPermission`),
 * the router compares stems, and the generated EventBridge patterns match these sources' names by prefix.
 */

/**
 * Event sources known to write versioned event names. The one place this fact lives: the deploy
 * generator matches every event name of these sources by prefix, since a new API version (a new
 * suffix) must not silently stop the events from arriving.
 */
export const VERSIONED_EVENT_SOURCES: readonly string[] = ['cloudfront.amazonaws.com', 'lambda.amazonaws.com'];

// A plausible API date (20YY, month 01-12, day 01-31) as 8 digits or as YYYY_MM_DD, then an optional
// lowercase revision "v<digits>". The stem must end in a letter, so "Foo120150331" (nine digits) or a
// bare date is left whole rather than cut in the middle of a number.
const MONTH = '(?:0[1-9]|1[0-2])';
const DAY = '(?:0[1-9]|[12][0-9]|3[01])';
const VERSION_SUFFIX = new RegExp(`^([A-Za-z][A-Za-z0-9]*[A-Za-z])(?:20[0-9]{2}${MONTH}${DAY}|20[0-9]{2}_${MONTH}_${DAY})(?:v[0-9]+)?$`);

/**
 * The event name without a trailing API-version suffix; any other name unchanged.
 *
 * @example
 * eventNameStem('AddPermission20150331v2');     // 'AddPermission'
 * eventNameStem('UpdateDistribution2020_05_31'); // 'UpdateDistribution'
 * eventNameStem('ListObjectsV2');                // 'ListObjectsV2'
 */
export function eventNameStem(eventName: string): string {
  return VERSION_SUFFIX.exec(eventName)?.[1] ?? eventName;
}
