import type { Check, CheckMetadata } from '../../model/check.ts';
import type { RdsSnapshotState } from '../../model/states/rds.ts';
import { snapshotFacts, snapshotLabel } from '../helpers/rds-snapshot.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the DB snapshot or DB cluster snapshot is encrypted (so is every copy and restore of it). */
const check: Check<RdsSnapshotState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { ...snapshotFacts(state), engine: state.engine, encrypted: state.encrypted, kmsKeyId: state.kmsKeyId };
    const label = snapshotLabel(state);
    const source = state.sourceIdentifier ? ` (of ${state.sourceIdentifier})` : '';
    if (state.encrypted) {
      const key = state.kmsKeyId ? ` with KMS key ${state.kmsKeyId}` : '';
      return { result: 'pass', reason: `${label}${source} is encrypted${key}`, observed };
    }
    return { result: 'fail', reason: `${label}${source} is not encrypted`, observed };
  },
};

export default check;
