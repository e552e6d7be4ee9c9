import type { Check, CheckMetadata } from '../../model/check.ts';
import { facetErrorFinding } from '../helpers/s3-facets.ts';
import { type S3BucketState } from '../../model/states/s3.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Default-encryption algorithms S3 accepts, and those that use a KMS key. */
const ENCRYPTING = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);
const KMS = new Set(['aws:kms', 'aws:kms:dsse']);
const NAMES: Record<string, string> = { AES256: 'SSE-S3 (AES256)', 'aws:kms': 'SSE-KMS', 'aws:kms:dsse': 'DSSE-KMS' };

/**
 * s3-bucket-default-encryption: the bucket has default encryption (SSE-S3, SSE-KMS or DSSE-KMS);
 * a PHI-scoped bucket must use a KMS key (SSE-KMS or DSSE-KMS).
 */
const check: Check<S3BucketState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { phiScoped }) {
    const failed = facetErrorFinding(state, 'encryption');
    if (failed) return failed;
    const rules = state.encryptionRules ?? [];
    const algorithms = rules.map((r) => r.sseAlgorithm);
    const kmsKeys = rules.flatMap((r) => (r.kmsMasterKeyId ? [r.kmsMasterKeyId] : []));
    const observed = { bucket: state.bucket, algorithms, kmsKeys, phiScoped };
    const used = algorithms.filter((a) => ENCRYPTING.has(a));
    if (used.length === 0) {
      return { result: 'fail', reason: `bucket ${state.bucket} has no default encryption`, observed };
    }
    const described = used.map((a) => NAMES[a] ?? a).join(', ');
    if (phiScoped && !used.some((a) => KMS.has(a))) {
      return { result: 'fail', reason: `PHI-scoped bucket ${state.bucket} uses ${described}; SSE-KMS or DSSE-KMS is required`, observed };
    }
    const key = kmsKeys.length > 0 ? ` with key ${kmsKeys.join(', ')}` : '';
    return { result: 'pass', reason: `bucket ${state.bucket} encrypts new objects by default with ${described}${key}`, observed };
  },
};

export default check;
