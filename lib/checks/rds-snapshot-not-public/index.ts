import { readErrorReason, type Check, type CheckMetadata } from '../../model/check.ts';
import type { RdsSnapshotState } from '../../model/states/rds.ts';
import { snapshotFacts, snapshotLabel } from '../helpers/rds-snapshot.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Passes when no one outside the account's chosen ones can restore the snapshot: its "restore"
 * attribute does not hold "all". Sharing with named accounts is not public and passes, with the
 * accounts in the record. Automated snapshots cannot be shared at all.
 */
const check: Check<RdsSnapshotState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { ...snapshotFacts(state), encrypted: state.encrypted, restoreAccounts: state.restoreAccounts ?? null };
    const label = snapshotLabel(state);
    if (state.snapshotType === 'automated') return { result: 'not_applicable', reason: `${label} is an automated snapshot, which RDS never shares`, observed };
    if (state.restoreAttributeError) return { result: 'error', reason: readErrorReason(state.restoreAttributeError, label), observed: { ...observed, error: state.restoreAttributeError } };
    if (state.restoreAccounts === undefined) return { result: 'error', reason: `the restore attribute of ${label} was not collected`, observed };
    if (state.restoreAccounts.includes('all')) {
      return { result: 'fail', reason: `${label} is public: any AWS account can copy it and restore its data (restore attribute: all)`, observed };
    }
    const shared = state.restoreAccounts.length > 0 ? `shared only with account(s) ${state.restoreAccounts.join(', ')}` : 'private';
    return { result: 'pass', reason: `${label} is not public (${shared})`, observed };
  },
};

export default check;
