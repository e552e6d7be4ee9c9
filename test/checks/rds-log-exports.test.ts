import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/rds-log-exports/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { RdsDatabaseState } from '../../lib/model/states/rds.ts';
import states from '../fixtures/rds/database-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const databases = states as Record<keyof typeof states, RdsDatabaseState>;
const judge = (state: RdsDatabaseState) => runCheck(check, snapshotOf(check, state.identifier, state), DEFAULT_SETTINGS);

describe('rds-log-exports', () => {
  it.each<[string, keyof typeof states, Result, RegExp]>([
    ['MySQL exporting audit and error (general is extra)', 'instanceSevenDays', 'pass', /^DB instance orders-db \(mysql\) exports audit, error to CloudWatch Logs \(the audit log fills only with the MARIADB_AUDIT_PLUGIN option/],
    ['Aurora PostgreSQL exporting its postgresql log', 'auroraPostgresCluster', 'pass', /^DB cluster claims-aurora \(aurora-postgresql\) exports postgresql to CloudWatch Logs/],
    ['Oracle exporting audit and alert', 'oracleAuditAlert', 'pass', /^DB instance erp-oracle \(oracle-ee\) exports audit, alert to CloudWatch Logs$/],
    ['PostgreSQL exporting nothing', 'instanceThreeDays', 'fail', /^DB instance reports-db \(postgres\) exports no logs to CloudWatch Logs; missing: postgresql$/],
    ['MariaDB exporting only the error log', 'instanceBackupsOff', 'fail', /exports only error to CloudWatch Logs; missing: audit$/],
    ['Aurora MySQL without its audit log', 'auroraMysqlClusterOneDay', 'fail', /^DB cluster billing-aurora \(aurora-mysql\) exports only error, slowquery to CloudWatch Logs; missing: audit$/],
    ['SQL Server exporting only the agent log', 'sqlserverAgentOnly', 'fail', /missing: error$/],
    // Traps: exports live on the cluster; an unknown engine is not judged as if it were MySQL.
    ['an instance of an Aurora cluster', 'auroraMember', 'not_applicable', /belongs to DB cluster claims-aurora, whose log exports are judged in the cluster's own record/],
    ['an engine whose audit log is unknown, exporting', 'db2Exporting', 'not_applicable', /exports diag\.log to CloudWatch Logs; trailproof does not know which log of this engine holds its audit trail/],
    ['an engine whose audit log is unknown, exporting nothing', 'db2Silent', 'fail', /^DB instance ledger-db2 \(db2-se\) exports no logs to CloudWatch Logs$/],
    ['a Multi-AZ MySQL cluster (no option group, so no audit plugin)', 'multiAzMysqlClusterError', 'not_applicable', /trailproof does not know/],
  ])('%s -> %s', (_name, fixture, expected, reason) => {
    // Act
    const finding = judge(databases[fixture]);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('records what is exported and what the engine requires', () => {
    const finding = judge(databases.auroraMysqlClusterOneDay);
    expect(finding.observed).toEqual({
      type: 'cluster', identifier: 'billing-aurora', engine: 'aurora-mysql', enabledCloudwatchLogsExports: ['error', 'slowquery'], requiredLogTypes: ['audit', 'error'], clusterIdentifier: null,
    });
  });

  it('is error when DescribeDBInstances was denied', () => {
    const finding = runCheck(check, snapshotOf(check, 'orders-db', undefined, { error: accessDenied('DescribeDBInstances') }), DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
    expect(finding.observed).toMatchObject({ error: { code: 'ACCESS_DENIED' } });
  });

  itHasValidMetadata(check, 'rds-log-exports', { service: 'rds', hasConfigRule: false });
});
