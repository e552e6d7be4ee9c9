import type { Check, CheckMetadata } from '../../model/check.ts';
import type { NetworkAclState } from '../../model/states/ec2.ts';
import { publicIngress, type NaclExposure } from '../helpers/nacl-ingress.ts';
import metadata from './metadata.json' with { type: 'json' };

/** "rule 100 allows 0.0.0.0/0 on all traffic", "rule 120 allows ::/0 on tcp/0-65535 (reaches 22, 3389)". */
function describe(exposure: NaclExposure): string {
  const { ruleNumber, cidr, protocol, fromPort, toPort } = exposure;
  if (exposure.allTraffic) return `rule ${ruleNumber} allows ${cidr} on all traffic`;
  const ports = fromPort === undefined ? 'all ports' : fromPort === toPort ? `${fromPort}` : `${fromPort}-${toPort}`;
  const reaches = fromPort !== undefined && fromPort === toPort ? '' : ` (reaches ${exposure.adminPorts.join(', ')})`;
  return `rule ${ruleNumber} allows ${cidr} on ${protocol === '-1' ? 'all protocols' : protocol}/${ports}${reaches}`;
}

/**
 * Fails when an inbound allow rule from 0.0.0.0/0 or ::/0 that traffic reaches (rule order
 * applied: lower-numbered denies of every source shadow it) opens all traffic or one of
 * settings.adminPorts.
 */
const check: Check<NetworkAclState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { settings }) {
    const { exposures, shadowed } = publicIngress(state.entries, settings.adminPorts);
    const observed = {
      networkAclId: state.networkAclId,
      vpcId: state.vpcId ?? null,
      isDefault: state.isDefault,
      subnetIds: state.subnetIds,
      adminPorts: settings.adminPorts,
      publicIngressRules: exposures,
      shadowedAllowRules: shadowed,
    };
    const notes = [...(state.isDefault ? ['default'] : []), ...(state.subnetIds.length === 0 ? ['associated with no subnet'] : [])];
    const subject = `${state.networkAclId}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
    if (exposures.length === 0) {
      const dead = shadowed.length > 0 ? `; ${shadowed.map((s) => `rule ${s.ruleNumber} (${s.cidr}) is shadowed by deny rule${s.deniedBy.length > 1 ? 's' : ''} ${s.deniedBy.join(', ')}`).join('; ')}` : '';
      return { result: 'pass', reason: `${subject} allows no internet ingress on all traffic or to admin ports (${settings.adminPorts.join(', ')})${dead}`, observed };
    }
    return { result: 'fail', reason: `${subject}: ${exposures.map(describe).join('; ')}`, observed };
  },
};

export default check;
