/**
 * The `error` finding a check returns when a facet it needs could not be read, else undefined.
 *
 * @example
 * const failed = facetErrorFinding(state, 'policy'); if (failed) return failed;
 */
import { readErrorReason, type Finding } from '../../model/check.ts';
import type { S3BucketState, S3Facet } from '../../model/states/s3.ts';
export function facetErrorFinding(state: S3BucketState, facet: S3Facet): Finding | undefined {
  const error = state.facetErrors[facet];
  if (!error) return undefined;
  return {
    result: 'error',
    reason: readErrorReason(error, `bucket ${state.bucket}`),
    observed: { bucket: state.bucket, facet, error },
  };
}
