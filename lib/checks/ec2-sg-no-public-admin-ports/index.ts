import type { Check, CheckMetadata } from '../../model/check.ts';
import type { SecurityGroupState } from '../../model/states/ec2.ts';
import { coversPort, describeExposure, internetExposures } from '../helpers/ec2-exposure.ts';
import metadata from './metadata.json' with { type: 'json' };

// RDP also listens on UDP 3389; the other admin and database services are TCP only.
const UDP_ADMIN_PORTS = new Set([3389]);

/** Fails when an ingress rule from 0.0.0.0/0 or ::/0 reaches any of settings.adminPorts. */
const check: Check<SecurityGroupState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { settings }) {
    const name = `${state.groupId} (${state.groupName})`;
    const open = internetExposures(state.ingress).flatMap((exposure) => {
      if (!['-1', 'tcp', 'udp'].includes(exposure.protocol)) return [];
      const ports = settings.adminPorts.filter(
        (p) => coversPort(exposure, p) && (exposure.protocol !== 'udp' || UDP_ADMIN_PORTS.has(p)),
      );
      return ports.length > 0 ? [{ ...exposure, adminPorts: ports }] : [];
    });
    if (open.length === 0) {
      return {
        result: 'pass',
        reason: `${name} allows no ingress from the internet to admin ports (${settings.adminPorts.join(', ')})`,
        observed: { groupId: state.groupId, adminPorts: settings.adminPorts, publicAdminRules: [] },
      };
    }
    // A single-port rule speaks for itself; a range says which admin ports it reaches.
    const described = open.map((e) =>
      e.fromPort !== undefined && e.fromPort === e.toPort ? describeExposure(e) : `${describeExposure(e)} (reaches ${e.adminPorts.join(', ')})`,
    );
    return {
      result: 'fail',
      reason: `${name} allows ${described.join('; ')}`,
      observed: { groupId: state.groupId, vpcId: state.vpcId ?? null, adminPorts: settings.adminPorts, publicAdminRules: open },
    };
  },
};

export default check;
