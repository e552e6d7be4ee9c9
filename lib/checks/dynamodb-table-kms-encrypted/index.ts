import { readErrorReason, type Check, type CheckMetadata, type Finding } from '../../model/check.ts';
import type { DynamoDbTableState } from '../../model/states/dynamodb.ts';
import metadata from './metadata.json' with { type: 'json' };

/** SSE statuses that leave (or are leaving) the KMS key: the table is back on the AWS owned key. */
const LEAVING_KMS = new Set(['DISABLING', 'DISABLED']);

/**
 * Every DynamoDB table is encrypted at rest, so the question is which key: the AWS owned key
 * (the default, invisible to the account: no key policy, no CloudTrail record of its use) fails;
 * a KMS key passes. A PHI-scoped table needs a customer managed key: the AWS managed aws/dynamodb
 * key's policy cannot be restricted or its use revoked, so it fails there, judged by the key's
 * KeyManager (kms:DescribeKey).
 */
const check: Check<DynamoDbTableState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { phiScoped }): Finding {
    const sse = state.sse;
    const observed: Record<string, unknown> = {
      tableName: state.tableName,
      sseType: sse?.sseType ?? null,
      sseStatus: sse?.status ?? null,
      kmsMasterKeyArn: sse?.kmsMasterKeyArn ?? null,
      kmsKeyManager: state.kmsKeyManager ?? null,
    };
    const table = `table ${state.tableName}`;
    if (!sse || sse.sseType !== 'KMS') {
      return { result: 'fail', reason: `${table} is encrypted with the AWS owned key (the DynamoDB default), not a KMS key`, observed };
    }
    if (sse.status && LEAVING_KMS.has(sse.status)) {
      return { result: 'fail', reason: `${table} KMS encryption is ${sse.status}: it is moving back to the AWS owned key`, observed };
    }
    const key = sse.kmsMasterKeyArn ?? 'an unnamed KMS key';
    const pending = sse.status && sse.status !== 'ENABLED' ? ` (status ${sse.status})` : '';
    if (!phiScoped) return { result: 'pass', reason: `${table} is encrypted with KMS key ${key}${pending}`, observed };
    if (state.kmsKeyError) {
      return { result: 'error', reason: readErrorReason(state.kmsKeyError, `KMS key ${key} of PHI ${table}`), observed: { ...observed, error: state.kmsKeyError } };
    }
    if (state.kmsKeyManager === 'CUSTOMER') return { result: 'pass', reason: `PHI ${table} is encrypted with customer managed KMS key ${key}${pending}`, observed };
    if (state.kmsKeyManager === 'AWS') {
      return { result: 'fail', reason: `PHI ${table} is encrypted with the AWS managed key aws/dynamodb (${key}); PHI tables need a customer managed key`, observed };
    }
    return { result: 'error', reason: `who manages KMS key ${key} of PHI ${table} was not collected`, observed };
  },
};

export default check;
