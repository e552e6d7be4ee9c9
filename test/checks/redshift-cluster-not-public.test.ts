import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/redshift-cluster-not-public/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { RedshiftClusterState } from '../../lib/model/states/redshift.ts';
import fixtures from '../fixtures/redshift/states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const states = fixtures as Record<'kmsPrivate' | 'plainPublic' | 'hsm' | 'goingPublic', RedshiftClusterState>;

describe('redshift-cluster-not-public', () => {
  it.each<[string, Result, RedshiftClusterState, string]>([
    ['private', 'pass', states.kmsPrivate, 'Redshift cluster claims-dw is not publicly accessible'],
    ['public now, private once a pending change applies: still public', 'fail', states.plainPublic, 'Redshift cluster marketing-dw is publicly accessible: its endpoint resolves to a public IP (a pending change makes it private)'],
    ['private now, public once a pending change applies', 'pass', states.goingPublic, 'Redshift cluster claims-dw is not publicly accessible (a pending change makes it public)'],
  ])('%s -> %s', (_name, expected, state, reason) => {
    // Act
    const finding = runCheck(check, snapshotOf(check, state.clusterIdentifier, state), DEFAULT_SETTINGS);
    // Assess
    expect(finding).toMatchObject({ result: expected, reason, observed: { publiclyAccessible: state.publiclyAccessible, pendingPubliclyAccessible: state.pendingPubliclyAccessible } });
  });

  it('is not_applicable for a deleted cluster', () => {
    expect(runCheck(check, snapshotOf(check, 'hsm-dw', undefined, { deleted: true }), DEFAULT_SETTINGS).result).toBe('not_applicable');
  });

  it('is error when DescribeClusters is denied', () => {
    const error = accessDenied('redshift:DescribeClusters');
    expect(runCheck(check, snapshotOf(check, 'claims-dw', undefined, { error }), DEFAULT_SETTINGS)).toMatchObject({ result: 'error', observed: { error: { code: 'ACCESS_DENIED' } } });
  });

  itHasValidMetadata(check, 'redshift-cluster-not-public', { service: 'redshift' });
});
