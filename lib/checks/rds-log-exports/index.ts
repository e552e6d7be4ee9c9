import type { Check, CheckMetadata } from '../../model/check.ts';
import type { RdsDatabaseState } from '../../model/states/rds.ts';
import { databaseLabel, judgedAtCluster } from '../helpers/rds-database.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * The log types that must reach CloudWatch Logs, per engine: the log that records who connected
 * and what they ran (the audit trail), and the error log that records failed logins and crashes.
 * General and slow query logs are not required: the audit log already holds the statements, and
 * AWS advises against the general log on busy databases. `note`: what else the audit trail needs
 * that this check does not read (an option or parameter group), stated in the reason of a pass.
 */
interface EngineLogs {
  engines: RegExp;
  /** Only for this kind of database (Multi-AZ DB clusters of MySQL take no option group, so no audit plugin). */
  type?: RdsDatabaseState['type'];
  required: string[];
  note?: string;
}

const ENGINE_LOGS: readonly EngineLogs[] = [
  { engines: /^(postgres|aurora-postgresql)$/, required: ['postgresql'], note: 'connections and statements are logged only with log_connections or pgaudit in the parameter group' },
  { engines: /^(mysql|mariadb)$/, type: 'instance', required: ['audit', 'error'], note: 'the audit log fills only with the MARIADB_AUDIT_PLUGIN option in the option group' },
  { engines: /^(aurora|aurora-mysql)$/, required: ['audit', 'error'], note: 'the audit log fills only with server_audit_logging in the DB cluster parameter group' },
  { engines: /^oracle-/, required: ['audit', 'alert'] },
  { engines: /^sqlserver-/, required: ['error'], note: 'SQL Server Audit files go to S3 through the SQLSERVER_AUDIT option, not to CloudWatch Logs' },
  { engines: /^docdb$/, required: ['audit'], note: 'the audit log fills only with audit_logs in the DB cluster parameter group' },
  { engines: /^neptune$/, required: ['audit'], note: 'the audit log fills only with neptune_enable_audit_log in the DB cluster parameter group' },
];

function engineLogs(state: RdsDatabaseState): EngineLogs | undefined {
  return ENGINE_LOGS.find((e) => e.engines.test(state.engine ?? '') && (!e.type || e.type === state.type));
}

/**
 * Passes when a DB instance or cluster exports its engine's audit and error logs to CloudWatch
 * Logs. Instances of a cluster are judged at the cluster, which holds the exports. An engine this
 * table does not know fails when it exports nothing at all, and is otherwise not_applicable: which
 * of its logs is the audit trail is not known here, and the reason says so.
 */
const check: Check<RdsDatabaseState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const exported = state.enabledCloudwatchLogsExports;
    const logs = engineLogs(state);
    const observed = {
      type: state.type,
      identifier: state.identifier,
      engine: state.engine,
      enabledCloudwatchLogsExports: exported,
      requiredLogTypes: logs?.required ?? null,
      clusterIdentifier: state.clusterIdentifier,
    };
    const label = databaseLabel(state);
    const member = judgedAtCluster(state, 'log exports', observed);
    if (member) return member;
    if (!logs) {
      if (exported.length === 0) return { result: 'fail', reason: `${label} exports no logs to CloudWatch Logs`, observed };
      const known = `trailproof does not know which log of this engine holds its audit trail`;
      return { result: 'not_applicable', reason: `${label} exports ${exported.join(', ')} to CloudWatch Logs; ${known}`, observed };
    }
    const missing = logs.required.filter((type) => !exported.includes(type));
    const exports = exported.length > 0 ? `exports only ${exported.join(', ')}` : 'exports no logs';
    if (missing.length > 0) return { result: 'fail', reason: `${label} ${exports} to CloudWatch Logs; missing: ${missing.join(', ')}`, observed };
    const note = logs.note ? ` (${logs.note}; not read here)` : '';
    return { result: 'pass', reason: `${label} exports ${logs.required.join(', ')} to CloudWatch Logs${note}`, observed };
  },
};

export default check;
