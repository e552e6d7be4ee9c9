import type { Check, CheckMetadata } from '../../model/check.ts';
import type { SubnetState } from '../../model/states/ec2.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Fails when a PHI-scoped subnet gives every instance launched into it a public IPv4 address. */
const check: Check<SubnetState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { subnetId: state.subnetId, vpcId: state.vpcId, mapPublicIpOnLaunch: state.mapPublicIpOnLaunch };
    if (state.mapPublicIpOnLaunch) {
      return { result: 'fail', reason: `${state.subnetId} in ${state.vpcId} assigns a public IPv4 address to every instance launched into it (MapPublicIpOnLaunch)`, observed };
    }
    return { result: 'pass', reason: `${state.subnetId} in ${state.vpcId} does not auto-assign public IPv4 addresses`, observed };
  },
};

export default check;
