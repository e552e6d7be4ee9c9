import type { Check, CheckMetadata } from '../../model/check.ts';
import type { CloudTrailTrailState } from '../../model/states/cloudtrail.ts';
import { trailIdentity, trailSubject } from '../helpers/cloudtrail-trail.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Passes when the trail delivers signed digest files, so log tampering is detectable. An
 * organization trail seen from a member account is judged on the setting DescribeTrails reports;
 * the management account owns it (observed.ownerAccount).
 */
const check: Check<CloudTrailTrailState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot }) {
    const observed = { ...trailIdentity(state), logFileValidationEnabled: state.logFileValidationEnabled };
    const subject = trailSubject(state, snapshot.account);
    if (state.logFileValidationEnabled) {
      return { result: 'pass', reason: `${subject} has log file validation enabled`, observed };
    }
    return {
      result: 'fail',
      reason: `${subject} has log file validation disabled: changes to its log files cannot be detected`,
      observed,
    };
  },
};

export default check;
