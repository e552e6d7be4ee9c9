import type { Check, CheckMetadata } from '../../model/check.ts';
import type { RdsDatabaseState } from '../../model/states/rds.ts';
import { databaseLabel, judgedAtCluster } from '../helpers/rds-database.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * Passes when a DB instance or DB cluster keeps automated backups for at least the
 * rdsBackupRetentionDays setting. Instances of a cluster are judged at the cluster (its retention
 * is theirs); a read replica at its source, which is the copy that is backed up.
 */
const check: Check<RdsDatabaseState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { settings }) {
    const minimum = settings.rdsBackupRetentionDays;
    const days = state.backupRetentionPeriod;
    const observed = {
      type: state.type,
      identifier: state.identifier,
      engine: state.engine,
      backupRetentionPeriod: days,
      clusterIdentifier: state.clusterIdentifier,
      replicaSourceIdentifier: state.replicaSourceIdentifier,
    };
    const label = databaseLabel(state);
    const member = judgedAtCluster(state, 'automated backups', observed);
    if (member) return member;
    if (state.replicaSourceIdentifier) {
      return { result: 'not_applicable', reason: `${label} is a replica of ${state.replicaSourceIdentifier}: automated backups are judged at the source`, observed };
    }
    if (days <= 0) return { result: 'fail', reason: `${label} has automated backups turned off (retention 0 days, at least ${minimum} required)`, observed };
    if (days < minimum) return { result: 'fail', reason: `${label} keeps automated backups ${days} day(s), fewer than the ${minimum} required`, observed };
    return { result: 'pass', reason: `${label} keeps automated backups ${days} day(s) (at least ${minimum} required)`, observed };
  },
};

export default check;
