import { readErrorReason, type Check, type CheckMetadata } from '../../model/check.ts';
import type { DynamoDbTableState } from '../../model/states/dynamodb.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when point-in-time recovery (continuous backups, restorable to any second in the window) is on. */
const check: Check<DynamoDbTableState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const table = `table ${state.tableName}`;
    if (state.continuousBackupsError) {
      return { result: 'error', reason: readErrorReason(state.continuousBackupsError, table), observed: { tableName: state.tableName, error: state.continuousBackupsError } };
    }
    const pitr = state.pointInTimeRecovery;
    if (!pitr) return { result: 'error', reason: `the point-in-time recovery status of ${table} was not collected`, observed: { tableName: state.tableName } };
    const observed = {
      tableName: state.tableName,
      pointInTimeRecoveryStatus: pitr.status,
      earliestRestorableDateTime: pitr.earliestRestorableDateTime,
      latestRestorableDateTime: pitr.latestRestorableDateTime,
      recoveryPeriodInDays: pitr.recoveryPeriodInDays,
    };
    if (pitr.status === 'ENABLED') {
      const period = pitr.recoveryPeriodInDays ? ` for ${pitr.recoveryPeriodInDays} day(s)` : '';
      const since = pitr.earliestRestorableDateTime ? `, restorable from ${pitr.earliestRestorableDateTime}` : '';
      return { result: 'pass', reason: `${table} has point-in-time recovery enabled${period}${since}`, observed };
    }
    return { result: 'fail', reason: `${table} has point-in-time recovery ${pitr.status}`, observed };
  },
};

export default check;
