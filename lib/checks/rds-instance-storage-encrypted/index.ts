import type { Check, CheckMetadata } from '../../model/check.ts';
import type { RdsInstanceState } from '../../model/states/rds.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the DB instance's storage (and so its backups, replicas and snapshots) is encrypted. */
const check: Check<RdsInstanceState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = {
      dbInstanceIdentifier: state.identifier,
      engine: state.engine,
      storageEncrypted: state.storageEncrypted,
      kmsKeyId: state.kmsKeyId,
    };
    const engine = state.engine ? ` (${state.engine})` : '';
    if (state.storageEncrypted) {
      const key = state.kmsKeyId ? ` with KMS key ${state.kmsKeyId}` : '';
      return { result: 'pass', reason: `DB instance ${state.identifier}${engine} has encrypted storage${key}`, observed };
    }
    return { result: 'fail', reason: `DB instance ${state.identifier}${engine} storage is not encrypted`, observed };
  },
};

export default check;
