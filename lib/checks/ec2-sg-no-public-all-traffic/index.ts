import type { Check, CheckMetadata } from '../../model/check.ts';
import type { SecurityGroupState } from '../../model/states/ec2.ts';
import { describeExposure, internetExposures, type Exposure } from '../helpers/ec2-exposure.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Protocol -1, or a TCP/UDP range over every port. Port 0 is reserved and never served, so a
 * 1-65535 range opens as much as 0-65535 and counts too.
 */
function isAllTraffic(e: Exposure): boolean {
  if (e.protocol === '-1') return true;
  if (e.protocol !== 'tcp' && e.protocol !== 'udp') return false;
  const from = e.fromPort ?? 0;
  const to = e.toPort ?? 65535;
  return (from === -1 && to === -1) || (from <= 1 && to >= 65535);
}

/** Fails when the internet (0.0.0.0/0, ::/0) may send all traffic or reach all ports. */
const check: Check<SecurityGroupState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const name = `${state.groupId} (${state.groupName})`;
    const open = internetExposures(state.ingress).filter(isAllTraffic);
    if (open.length === 0) {
      return {
        result: 'pass',
        reason: `${name} allows no ingress from the internet on all ports or all protocols`,
        observed: { groupId: state.groupId, allTrafficRules: [] },
      };
    }
    return {
      result: 'fail',
      reason: `${name} allows ${open.map(describeExposure).join('; ')}`,
      observed: { groupId: state.groupId, vpcId: state.vpcId ?? null, allTrafficRules: open },
    };
  },
};

export default check;
