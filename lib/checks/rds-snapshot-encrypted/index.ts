import type { Check, CheckMetadata } from '../../model/check.ts';
import type { RdsSnapshotState } from '../../model/states/rds.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the DB snapshot or DB cluster snapshot is encrypted (so is every copy and restore of it). */
const check: Check<RdsSnapshotState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = {
      type: state.type,
      identifier: state.identifier,
      sourceIdentifier: state.sourceIdentifier,
      snapshotType: state.snapshotType,
      engine: state.engine,
      encrypted: state.encrypted,
      kmsKeyId: state.kmsKeyId,
    };
    const label = `DB ${state.type === 'cluster' ? 'cluster ' : ''}snapshot ${state.identifier}`;
    const source = state.sourceIdentifier ? ` (of ${state.sourceIdentifier})` : '';
    if (state.encrypted) {
      const key = state.kmsKeyId ? ` with KMS key ${state.kmsKeyId}` : '';
      return { result: 'pass', reason: `${label}${source} is encrypted${key}`, observed };
    }
    return { result: 'fail', reason: `${label}${source} is not encrypted`, observed };
  },
};

export default check;
