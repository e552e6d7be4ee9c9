import type { Check, CheckMetadata } from '../../model/check.ts';
import type { LogGroupState } from '../../model/states/logs.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Passes when a KMS key encrypts the log group. CloudWatch Logs encrypts every group with a key of
 * its own anyway, so the question is whether the account controls (and audits the use of) the key.
 */
const check: Check<LogGroupState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { logGroupName: state.logGroupName, kmsKeyId: state.kmsKeyId, logGroupClass: state.logGroupClass ?? null };
    if (state.kmsKeyId) return { result: 'pass', reason: `${state.logGroupName} is encrypted with ${state.kmsKeyId}`, observed };
    return { result: 'fail', reason: `${state.logGroupName} has no KMS key (only CloudWatch Logs' service-managed encryption)`, observed };
  },
};

export default check;
