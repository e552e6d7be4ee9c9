import type { Check, CheckMetadata } from '../../model/check.ts';
import type { EksClusterState } from '../../model/states/eks.ts';
import metadata from './metadata.json' with { type: 'json' };

/** EKS encrypts all Kubernetes API data with an AWS-owned key from this version on. */
const DEFAULT_ENVELOPE_ENCRYPTION_VERSION: [number, number] = [1, 28];

function hasDefaultEnvelopeEncryption(version: string | null): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const [atMajor, atMinor] = DEFAULT_ENVELOPE_ENCRYPTION_VERSION;
  return major > atMajor || (major === atMajor && minor >= atMinor);
}

/**
 * Passes when an encryption configuration entry covers Kubernetes "secrets" with a KMS key of the
 * account's choosing. The AWS-owned key of EKS's default envelope encryption (1.28 and later) does
 * not pass: the account can neither control nor audit its use, which is what the check evidences.
 */
const check: Check<EksClusterState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const secrets = state.encryptionConfig.find((entry) => entry.resources.includes('secrets') && entry.keyArn);
    const observed = { clusterName: state.name, version: state.version, encryptionConfig: state.encryptionConfig, secretsKeyArn: secrets?.keyArn ?? null };
    const name = `cluster ${state.name}`;
    if (secrets) return { result: 'pass', reason: `${name} envelope-encrypts Kubernetes secrets with KMS key ${secrets.keyArn}`, observed };
    const fallback = hasDefaultEnvelopeEncryption(state.version)
      ? ` (Kubernetes ${state.version}: EKS encrypts them with an AWS-owned key the account cannot control or audit)`
      : '';
    return { result: 'fail', reason: `${name} does not envelope-encrypt Kubernetes secrets with a KMS key of the account${fallback}`, observed };
  },
};

export default check;
