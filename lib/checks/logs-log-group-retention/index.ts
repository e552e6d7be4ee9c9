import type { Check, CheckMetadata } from '../../model/check.ts';
import type { LogGroupState } from '../../model/states/logs.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Passes when the log group keeps its events at least `logRetentionDays` days, or forever. A
 * Delivery-class group keeps events one day by design while it hands them to S3 or Firehose, where
 * their retention is decided: not applicable here.
 */
const check: Check<LogGroupState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { settings }) {
    const observed = {
      logGroupName: state.logGroupName,
      retentionInDays: state.retentionInDays,
      retentionPolicyName: state.retentionPolicyName ?? null,
      logGroupClass: state.logGroupClass ?? null,
    };
    const name = state.logGroupName;
    if (state.logGroupClass === 'DELIVERY') {
      return { result: 'not_applicable', reason: `${name} is a Delivery-class group: its events are kept where it delivers them`, observed };
    }
    const setBy = state.retentionPolicyName ? ` (account retention policy ${state.retentionPolicyName})` : '';
    if (state.retentionInDays === null) return { result: 'pass', reason: `${name} keeps its events forever${setBy}`, observed };
    const minimum = settings.logRetentionDays;
    if (state.retentionInDays >= minimum) {
      return { result: 'pass', reason: `${name} keeps its events ${state.retentionInDays} days${setBy}, at least ${minimum}`, observed };
    }
    return { result: 'fail', reason: `${name} keeps its events ${state.retentionInDays} days${setBy}, less than ${minimum}`, observed };
  },
};

export default check;
