import type { Check, CheckMetadata } from '../../model/check.ts';
import type { CloudTrailTrailState } from '../../model/states/cloudtrail.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the trail delivers signed digest files, so log tampering is detectable. */
const check: Check<CloudTrailTrailState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { trail: state.arn, homeRegion: state.homeRegion, logFileValidationEnabled: state.logFileValidationEnabled };
    if (state.logFileValidationEnabled) {
      return { result: 'pass', reason: `trail ${state.name} has log file validation enabled`, observed };
    }
    return {
      result: 'fail',
      reason: `trail ${state.name} has log file validation disabled: changes to its log files cannot be detected`,
      observed,
    };
  },
};

export default check;
