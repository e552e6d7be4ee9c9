import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/eks-cluster-secrets-encrypted/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { EksClusterState } from '../../lib/model/states/eks.ts';
import states from '../fixtures/eks/cluster-states.json' with { type: 'json' };
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';

const clusters = states as Record<keyof typeof states, EksClusterState>;

describe('eks-cluster-secrets-encrypted', () => {
  it.each<[string, Result, Snapshot<EksClusterState>, RegExp]>([
    ['secrets under a KMS key of the account', 'pass', snapshotOf(check, 'clinical-apps', clusters.privateOnly), /^cluster clinical-apps envelope-encrypts Kubernetes secrets with KMS key arn:aws:kms:.*:key\/6a7b8c9d/],
    ['1.28+ with only the AWS-owned default key', 'fail', snapshotOf(check, 'partner-api', clusters.publicAllowListed), /^cluster partner-api does not envelope-encrypt Kubernetes secrets with a KMS key of the account \(Kubernetes 1\.30: EKS encrypts them with an AWS-owned key/],
    ['an older cluster with no encryption config', 'fail', snapshotOf(check, 'legacy-batch', clusters.legacyUnencrypted), /^cluster legacy-batch does not envelope-encrypt Kubernetes secrets with a KMS key of the account$/],
    ['an entry naming secrets but no key', 'fail', snapshotOf(check, 'keyless', clusters.keyless), /keyless does not envelope-encrypt/],
    ['a deleted cluster', 'not_applicable', snapshotOf(check, 'legacy-batch', undefined, { deleted: true }), /legacy-batch was deleted/],
    ['a denied DescribeCluster', 'error', snapshotOf(check, 'legacy-batch', undefined, { error: accessDenied('eks:DescribeCluster', 'AccessDeniedException') }), /^ACCESS_DENIED: eks:DescribeCluster was denied/],
  ])('%s -> %s', (_name, expected, snapshot, reason) => {
    // Act
    const finding = runCheck(check, snapshot, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('records the encryption config and the Kubernetes version', () => {
    const finding = runCheck(check, snapshotOf(check, 'clinical-apps', clusters.privateOnly), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({
      clusterName: 'clinical-apps',
      version: '1.31',
      encryptionConfig: [{ resources: ['secrets'], keyArn: 'arn:aws:kms:us-east-1:111122223333:key/6a7b8c9d-0e1f-2a3b-4c5d-6e7f8a9b0c1d' }],
      secretsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/6a7b8c9d-0e1f-2a3b-4c5d-6e7f8a9b0c1d',
    });
  });

  itHasValidMetadata(check, 'eks-cluster-secrets-encrypted', { service: 'eks' });
});
