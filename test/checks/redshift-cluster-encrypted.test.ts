import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/redshift-cluster-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { RedshiftClusterState } from '../../lib/model/states/redshift.ts';
import fixtures from '../fixtures/redshift/states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const states = fixtures as Record<'kmsPrivate' | 'plainPublic' | 'hsm' | 'goingPublic', RedshiftClusterState>;

describe('redshift-cluster-encrypted', () => {
  it.each<[string, Result, RedshiftClusterState, string]>([
    ['KMS-encrypted', 'pass', states.kmsPrivate, 'Redshift cluster claims-dw is encrypted at rest with KMS key arn:aws:kms:us-east-1:111122223333:key/0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f'],
    ['HSM-encrypted (no KMS key: the Config KMS rule would fail it)', 'pass', states.hsm, 'Redshift cluster hsm-dw is encrypted at rest with HSM configuration claims-hsm'],
    ['encrypted with no key reported', 'pass', { ...states.kmsPrivate, kmsKeyId: null }, 'Redshift cluster claims-dw is encrypted at rest'],
    ['unencrypted', 'fail', states.plainPublic, 'Redshift cluster marketing-dw is not encrypted at rest'],
  ])('%s -> %s', (_name, expected, state, reason) => {
    // Act
    const finding = runCheck(check, snapshotOf(check, state.clusterIdentifier, state), DEFAULT_SETTINGS);
    // Assess
    expect(finding).toMatchObject({ result: expected, reason, observed: { encrypted: state.encrypted, kmsKeyId: state.kmsKeyId } });
  });

  it('is not_applicable for a deleted cluster', () => {
    expect(runCheck(check, snapshotOf(check, 'hsm-dw', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when DescribeClusters is denied', () => {
    const error = accessDenied('redshift:DescribeClusters');
    expect(runCheck(check, snapshotOf(check, 'claims-dw', undefined, { error }), DEFAULT_SETTINGS)).toMatchObject({ result: 'error', observed: { error: { code: 'ACCESS_DENIED' } } });
  });

  itHasValidMetadata(check, 'redshift-cluster-encrypted', { service: 'redshift', hasConfigRule: false });
});
