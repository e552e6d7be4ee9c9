import type { Check, CheckMetadata } from '../../model/check.ts';
import { facetErrorFinding } from '../helpers/s3-facets.ts';
import { type S3BucketState } from '../../model/states/s3.ts';
import { secureTransportCoverage } from './secure-transport.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * s3-bucket-tls-only: the bucket policy denies, to every principal, requests made without TLS
 * (aws:SecureTransport = false), on the bucket and on all its objects. No policy is a fail: S3
 * then accepts plain HTTP.
 */
const check: Check<S3BucketState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const failed = facetErrorFinding(state, 'policy');
    if (failed) return failed;
    if (!state.policy) {
      return { result: 'fail', reason: `bucket ${state.bucket} has no bucket policy, so requests over plain HTTP are accepted`, observed: { bucket: state.bucket, policy: null } };
    }
    const coverage = secureTransportCoverage(state.policy, state.bucket);
    const observed = { bucket: state.bucket, ...coverage };
    if (coverage.coversBucket && coverage.coversObjects) {
      return { result: 'pass', reason: `bucket ${state.bucket} policy denies requests without TLS (aws:SecureTransport false) on the bucket and its objects (${coverage.statements.join(', ')})`, observed };
    }
    if (coverage.statements.length === 0) {
      return { result: 'fail', reason: `bucket ${state.bucket} policy has no Deny for aws:SecureTransport false on principal *`, observed };
    }
    const missing = coverage.coversObjects ? `the bucket itself (arn:aws:s3:::${state.bucket})` : `all its objects (arn:aws:s3:::${state.bucket}/*, object reads and writes)`;
    return { result: 'fail', reason: `bucket ${state.bucket} policy denies insecure transport but not on ${missing}`, observed };
  },
};

export default check;
