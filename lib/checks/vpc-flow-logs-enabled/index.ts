import type { Check, CheckMetadata } from '../../model/check.ts';
import type { VpcState } from '../../model/states/ec2.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the VPC has at least one ACTIVE flow log whose delivery has not failed. */
const check: Check<VpcState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const active = state.flowLogs.filter((f) => f.status === 'ACTIVE');
    const delivering = active.filter((f) => f.deliveryStatus !== 'FAILED');
    const observed = { vpcId: state.vpcId, flowLogs: state.flowLogs };
    if (delivering.length > 0) {
      const ids = delivering.map((f) => `${f.flowLogId}${f.trafficType ? ` (${f.trafficType})` : ''}`).join(', ');
      return { result: 'pass', reason: `${state.vpcId} has an active flow log: ${ids}`, observed };
    }
    if (active.length > 0) {
      const failing = active.map((f) => `${f.flowLogId}${f.deliveryError ? ` (${f.deliveryError})` : ''}`).join(', ');
      return { result: 'fail', reason: `${state.vpcId} has flow logs whose delivery FAILED, so nothing is recorded: ${failing}`, observed };
    }
    const reason =
      state.flowLogs.length === 0
        ? `${state.vpcId} has no flow log`
        : `${state.vpcId} has no ACTIVE flow log (${state.flowLogs.map((f) => `${f.flowLogId}: ${f.status}`).join(', ')})`;
    return { result: 'fail', reason, observed };
  },
};

export default check;
