import type { Check, CheckMetadata } from '../../model/check.ts';
import type { RedshiftClusterState } from '../../model/states/redshift.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Passes when the Redshift cluster is not publicly accessible now. A requested change that has
 * not been applied yet (PendingModifiedValues) is recorded, but the verdict is about the present.
 */
const check: Check<RedshiftClusterState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { clusterIdentifier: state.clusterIdentifier, publiclyAccessible: state.publiclyAccessible, pendingPubliclyAccessible: state.pendingPubliclyAccessible };
    const pending = state.pendingPubliclyAccessible;
    const change = pending === null || pending === state.publiclyAccessible ? '' : ` (a pending change makes it ${pending ? 'public' : 'private'})`;
    if (state.publiclyAccessible) {
      return { result: 'fail', reason: `Redshift cluster ${state.clusterIdentifier} is publicly accessible: its endpoint resolves to a public IP${change}`, observed };
    }
    return { result: 'pass', reason: `Redshift cluster ${state.clusterIdentifier} is not publicly accessible${change}`, observed };
  },
};

export default check;
