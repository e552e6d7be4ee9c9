import type { Check, CheckMetadata } from '../../model/check.ts';
import { facetErrorFinding } from '../helpers/s3-facets.ts';
import { type S3BucketState } from '../../model/states/s3.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * s3-bucket-access-logging: a PHI-scoped bucket writes server access logs (runCheck already makes
 * buckets outside PHI scope not_applicable).
 */
const check: Check<S3BucketState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const failed = facetErrorFinding(state, 'logging');
    if (failed) return failed;
    const observed = { bucket: state.bucket, logging: state.logging ?? null };
    if (!state.logging) {
      return { result: 'fail', reason: `PHI-scoped bucket ${state.bucket} has server access logging off`, observed };
    }
    const { targetBucket, targetPrefix } = state.logging;
    return { result: 'pass', reason: `bucket ${state.bucket} writes server access logs to s3://${targetBucket}/${targetPrefix}`, observed };
  },
};

export default check;
