import type { Check, CheckMetadata } from '../../model/check.ts';
import type { InstancePublicIp, InstanceState } from '../../model/states/ec2.ts';
import metadata from './metadata.json' with { type: 'json' };

/** "54.175.43.43 on eni-0abc (Elastic IP)". */
function describe(ip: InstancePublicIp): string {
  const on = ip.networkInterfaceId ? ` on ${ip.networkInterfaceId}` : '';
  const kind = ip.ipOwnerId === undefined ? '' : ip.ipOwnerId === 'amazon' ? ' (assigned by AWS)' : ' (Elastic IP)';
  return `${ip.publicIp}${on}${kind}`;
}

/**
 * Fails when a PHI-scoped instance holds any public IPv4 address: its primary one, or one
 * associated with any interface or secondary private address. A stopped instance keeps only
 * Elastic IPs, which still fail: starting it puts it back on the internet.
 */
const check: Check<InstanceState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { instanceId: state.instanceId, instanceState: state.instanceState ?? null, subnetId: state.subnetId ?? null, vpcId: state.vpcId ?? null, publicIps: state.publicIps };
    const status = state.instanceState ? ` (${state.instanceState})` : '';
    if (state.publicIps.length === 0) {
      return { result: 'pass', reason: `${state.instanceId}${status} has no public IPv4 address`, observed };
    }
    return { result: 'fail', reason: `${state.instanceId}${status} has a public IPv4 address: ${state.publicIps.map(describe).join(', ')}`, observed };
  },
};

export default check;
