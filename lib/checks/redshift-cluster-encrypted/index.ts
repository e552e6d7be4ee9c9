import type { Check, CheckMetadata } from '../../model/check.ts';
import type { RedshiftClusterState } from '../../model/states/redshift.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the Redshift cluster is encrypted at rest, with a KMS key or an HSM. */
const check: Check<RedshiftClusterState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = {
      clusterIdentifier: state.clusterIdentifier,
      encrypted: state.encrypted,
      kmsKeyId: state.kmsKeyId,
      hsmConfigurationIdentifier: state.hsmConfigurationIdentifier,
      clusterStatus: state.clusterStatus,
    };
    const subject = `Redshift cluster ${state.clusterIdentifier}`;
    if (!state.encrypted) return { result: 'fail', reason: `${subject} is not encrypted at rest`, observed };
    const by = state.kmsKeyId ? ` with KMS key ${state.kmsKeyId}` : state.hsmConfigurationIdentifier ? ` with HSM configuration ${state.hsmConfigurationIdentifier}` : '';
    return { result: 'pass', reason: `${subject} is encrypted at rest${by}`, observed };
  },
};

export default check;
