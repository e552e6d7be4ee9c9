import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { ElastiCacheState, ReplicationGroupState } from '../../model/states/elasticache.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * A replication group passes only when its data is encrypted at rest and every client must use TLS.
 * Transit mode "preferred" fails: it is the migration state in which the group still accepts
 * plaintext connections, so ePHI can cross the network in clear while TLS is merely on.
 */
function judgeReplicationGroup(group: ReplicationGroupState): Finding {
  const observed = {
    deployment: group.deployment,
    replicationGroupId: group.replicationGroupId,
    engine: group.engine,
    atRestEncryptionEnabled: group.atRestEncryptionEnabled,
    kmsKeyId: group.kmsKeyId,
    transitEncryptionEnabled: group.transitEncryptionEnabled,
    transitEncryptionMode: group.transitEncryptionMode,
  };
  const problems: string[] = [];
  if (!group.atRestEncryptionEnabled) problems.push('is not encrypted at rest');
  if (!group.transitEncryptionEnabled) problems.push('is not encrypted in transit');
  else if (group.transitEncryptionMode === 'preferred') problems.push('still accepts unencrypted connections (transit encryption mode "preferred")');
  const name = `replication group ${group.replicationGroupId}`;
  if (problems.length > 0) return { result: 'fail', reason: `${name} ${problems.join(' and ')}`, observed };
  const key = group.kmsKeyId ? ` with KMS key ${group.kmsKeyId}` : '';
  return { result: 'pass', reason: `${name} is encrypted at rest${key} and requires TLS in transit`, observed };
}

/** Passes when the cache is encrypted both at rest and in transit (TLS required of every client). */
const check: Check<ElastiCacheState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    if (state.deployment === 'replication-group') return judgeReplicationGroup(state);
    const observed = { deployment: state.deployment, serverlessCacheName: state.serverlessCacheName, engine: state.engine, kmsKeyId: state.kmsKeyId };
    const key = state.kmsKeyId ? ` (at rest with KMS key ${state.kmsKeyId})` : '';
    return {
      result: 'pass',
      reason: `serverless cache ${state.serverlessCacheName} is encrypted at rest and in transit${key}: ElastiCache Serverless always encrypts both and accepts only TLS connections`,
      observed,
    };
  },
};

export default check;
