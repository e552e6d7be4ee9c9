import type { Check, CheckMetadata } from '../../model/check.ts';
import type { EksClusterState } from '../../model/states/eks.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * A /0 prefix is the whole address space whatever its address bits ("0.0.0.0/0", "::/0", and the
 * "203.0.113.7/0" AWS also accepts).
 */
function isWholeInternet(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

/**
 * Passes when the Kubernetes API endpoint is private, or public only to an explicit list of CIDR
 * blocks none of which is the whole internet. A public endpoint with no list is open to all: EKS
 * defaults publicAccessCidrs to 0.0.0.0/0.
 */
const check: Check<EksClusterState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = {
      clusterName: state.name,
      endpointPublicAccess: state.endpointPublicAccess,
      endpointPrivateAccess: state.endpointPrivateAccess,
      publicAccessCidrs: state.publicAccessCidrs,
    };
    const name = `cluster ${state.name}`;
    if (!state.endpointPublicAccess) return { result: 'pass', reason: `${name} API endpoint is private (no public access)`, observed };
    const open = state.publicAccessCidrs.filter(isWholeInternet);
    if (state.publicAccessCidrs.length === 0) return { result: 'fail', reason: `${name} API endpoint is public with no CIDR restriction (EKS defaults to 0.0.0.0/0)`, observed };
    if (open.length > 0) return { result: 'fail', reason: `${name} API endpoint is public to the whole internet (${open.join(', ')})`, observed };
    return { result: 'pass', reason: `${name} API endpoint is public only to ${state.publicAccessCidrs.join(', ')}`, observed };
  },
};

export default check;
