import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/elasticache-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { ElastiCacheState } from '../../lib/model/states/elasticache.ts';
import states from '../fixtures/elasticache/cache-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const caches = states as Record<keyof typeof states, ElastiCacheState>;

describe('elasticache-encrypted', () => {
  it.each<[string, Result, Snapshot<ElastiCacheState>, RegExp]>([
    ['at rest with a customer key and TLS required', 'pass', snapshotOf(check, 'sessions', caches.encryptedRequired), /^replication group sessions is encrypted at rest with KMS key arn:aws:kms:.* and requires TLS in transit$/],
    ['TLS on before transit modes existed (TLS only)', 'pass', snapshotOf(check, 'legacy-cache', caches.encryptedNoMode), /^replication group legacy-cache is encrypted at rest and requires TLS in transit$/],
    ['transit mode "preferred" still takes plaintext clients', 'fail', snapshotOf(check, 'migrating', caches.transitPreferred), /^replication group migrating still accepts unencrypted connections \(transit encryption mode "preferred"\)$/],
    ['not encrypted at rest', 'fail', snapshotOf(check, 'query-cache', caches.noAtRest), /^replication group query-cache is not encrypted at rest$/],
    ['encrypted neither at rest nor in transit', 'fail', snapshotOf(check, 'plain-cache', caches.plain), /is not encrypted at rest and is not encrypted in transit$/],
    ['a serverless cache, always encrypted', 'pass', snapshotOf(check, 'serverlesscache:patient-sessions', caches.serverless), /^serverless cache patient-sessions is encrypted at rest and in transit: ElastiCache Serverless always encrypts both/],
    ['a deleted replication group', 'not_applicable', snapshotOf(check, 'sessions', undefined, { deleted: true }), /sessions was deleted/],
    ['a denied DescribeReplicationGroups', 'error', snapshotOf(check, 'sessions', undefined, { error: accessDenied('elasticache:DescribeReplicationGroups') }), /^ACCESS_DENIED: elasticache:DescribeReplicationGroups was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('records both halves of the encryption and the transit mode', () => {
    const finding = runCheck(check, snapshotOf(check, 'migrating', caches.transitPreferred), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({
      deployment: 'replication-group',
      replicationGroupId: 'migrating',
      engine: 'redis',
      atRestEncryptionEnabled: true,
      kmsKeyId: null,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'preferred',
    });
  });

  itHasValidMetadata(check, 'elasticache-encrypted', { service: 'elasticache', hasConfigRule: false });
});
