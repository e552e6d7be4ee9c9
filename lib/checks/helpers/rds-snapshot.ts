/**
 * How the RDS snapshot checks (rds-snapshot-not-public, rds-snapshot-encrypted) name a snapshot
 * and which facts about it every record of theirs carries.
 */
import type { RdsSnapshotState } from '../../model/states/rds.ts';

/**
 * "DB snapshot orders-final" or "DB cluster snapshot claims-2024-06-01".
 *
 * @example snapshotLabel({ type: 'cluster', identifier: 'claims-2024-06-01' }) // 'DB cluster snapshot claims-2024-06-01'
 */
export function snapshotLabel(state: Pick<RdsSnapshotState, 'type' | 'identifier'>): string {
  return `DB ${state.type === 'cluster' ? 'cluster ' : ''}snapshot ${state.identifier}`;
}

/** The facts naming the snapshot and where it comes from, first in every record's `observed`. */
export function snapshotFacts(state: RdsSnapshotState): Record<string, unknown> {
  return { type: state.type, identifier: state.identifier, sourceIdentifier: state.sourceIdentifier, snapshotType: state.snapshotType };
}
