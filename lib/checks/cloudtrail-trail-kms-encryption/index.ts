import type { Check, CheckMetadata } from '../../model/check.ts';
import type { CloudTrailTrailState } from '../../model/states/cloudtrail.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the trail's log files are encrypted with a KMS key (SSE-KMS), not only SSE-S3. */
const check: Check<CloudTrailTrailState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { trail: state.arn, homeRegion: state.homeRegion, kmsKeyId: state.kmsKeyId };
    if (state.kmsKeyId) {
      return { result: 'pass', reason: `trail ${state.name} encrypts its log files with KMS key ${state.kmsKeyId}`, observed };
    }
    return { result: 'fail', reason: `trail ${state.name} log files are not encrypted with a KMS key (SSE-S3 only)`, observed };
  },
};

export default check;
