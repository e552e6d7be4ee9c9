/**
 * What the checks of RDS databases (instances and clusters: rds-backup-retention, rds-log-exports)
 * say the same way: how a database is named in a reason, and that an instance of a cluster is
 * judged at its cluster, which owns the backups and log exports of all its instances.
 */
import type { Finding } from '../../model/check.ts';
import type { RdsDatabaseState } from '../../model/states/rds.ts';

/**
 * "DB instance orders-db (mysql)" or "DB cluster orders (aurora-postgresql)".
 *
 * @example databaseLabel({ type: 'cluster', identifier: 'orders', engine: 'aurora-mysql', ... }) // 'DB cluster orders (aurora-mysql)'
 */
export function databaseLabel(state: Pick<RdsDatabaseState, 'type' | 'identifier' | 'engine'>): string {
  const engine = state.engine ? ` (${state.engine})` : '';
  return `DB ${state.type} ${state.identifier}${engine}`;
}

/**
 * The not_applicable finding of an instance that belongs to an Aurora or Multi-AZ DB cluster
 * (`what`: "automated backups", "log exports"), else undefined: the cluster is its own record.
 */
export function judgedAtCluster(state: RdsDatabaseState, what: string, observed: Record<string, unknown>): Finding | undefined {
  if (state.type !== 'instance' || !state.clusterIdentifier) return undefined;
  return {
    result: 'not_applicable',
    reason: `${databaseLabel(state)} belongs to DB cluster ${state.clusterIdentifier}, whose ${what} are judged in the cluster's own record`,
    observed,
  };
}
