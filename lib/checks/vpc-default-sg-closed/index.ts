import type { Check, CheckMetadata } from '../../model/check.ts';
import type { SecurityGroupState } from '../../model/states/ec2.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when a VPC's default security group has no rules at all; other groups are not_applicable. */
const check: Check<SecurityGroupState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { groupId: state.groupId, groupName: state.groupName, vpcId: state.vpcId ?? null, isDefault: state.isDefault };
    if (!state.isDefault) {
      return { result: 'not_applicable', reason: `${state.groupId} (${state.groupName}) is not a VPC default security group`, observed };
    }
    const where = state.vpcId ? ` of ${state.vpcId}` : '';
    const ingress = state.ingress.length;
    const egress = state.egress.length;
    if (ingress === 0 && egress === 0) {
      return { result: 'pass', reason: `default security group ${state.groupId}${where} has no inbound or outbound rules`, observed: { ...observed, ingressRules: 0, egressRules: 0 } };
    }
    return {
      result: 'fail',
      reason: `default security group ${state.groupId}${where} has ${ingress} inbound and ${egress} outbound rule(s)`,
      observed: { ...observed, ingressRules: ingress, egressRules: egress, ingress: state.ingress, egress: state.egress },
    };
  },
};

export default check;
