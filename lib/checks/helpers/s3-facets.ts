import { readErrorReason, type Finding } from '../../model/check.ts';
import type { S3BucketState, S3Facet } from '../../model/states/s3.ts';

/** The state field each facet fills. */
const FACET_FIELDS: Record<S3Facet, keyof S3BucketState> = {
  encryption: 'encryptionRules',
  policy: 'policy',
  publicAccessBlock: 'publicAccessBlock',
  accountPublicAccessBlock: 'accountPublicAccessBlock',
  logging: 'logging',
};

/**
 * The `error` finding a check returns when a facet it needs could not be read, else undefined. A
 * facet that was not read at all (the collector reads only what the checks' metadata `reads`
 * declare) is an error too: an unread facet must never look like an absent configuration.
 *
 * @example
 * const failed = facetErrorFinding(state, 'policy'); if (failed) return failed;
 */
export function facetErrorFinding(state: S3BucketState, facet: S3Facet): Finding | undefined {
  const error = state.facetErrors[facet];
  if (error) return { result: 'error', reason: readErrorReason(error, `bucket ${state.bucket}`), observed: { bucket: state.bucket, facet, error } };
  if (state[FACET_FIELDS[facet]] === undefined) {
    return { result: 'error', reason: `the ${facet} of bucket ${state.bucket} was not collected`, observed: { bucket: state.bucket, facet } };
  }
  return undefined;
}
