import type { Check, CheckMetadata } from '../../model/check.ts';
import type { CloudTrailTrailState } from '../../model/states/cloudtrail.ts';
import { trailIdentity, trailSubject } from '../helpers/cloudtrail-trail.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Passes when the trail's log files are encrypted with a KMS key (SSE-KMS), not only SSE-S3. An
 * organization trail seen from a member account is judged on the KmsKeyId DescribeTrails reports;
 * the management account owns it (observed.ownerAccount).
 */
const check: Check<CloudTrailTrailState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot }) {
    const observed = { ...trailIdentity(state), kmsKeyId: state.kmsKeyId };
    const subject = trailSubject(state, snapshot.account);
    if (state.kmsKeyId) {
      return { result: 'pass', reason: `${subject} encrypts its log files with KMS key ${state.kmsKeyId}`, observed };
    }
    return { result: 'fail', reason: `${subject} log files are not encrypted with a KMS key (SSE-S3 only)`, observed };
  },
};

export default check;
