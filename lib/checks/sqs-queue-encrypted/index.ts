import type { Check, CheckMetadata } from '../../model/check.ts';
import type { SqsQueueState } from '../../model/states/sqs.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * sqs-queue-encrypted: the queue is encrypted at rest with SSE-KMS or SSE-SQS; a PHI-scoped queue
 * must use SSE-KMS. A queue with a KMS key passes whatever SqsManagedSseEnabled says (SQS reports
 * it false for SSE-KMS queues: reading that flag alone calls KMS queues unencrypted).
 */
const check: Check<SqsQueueState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { phiScoped }) {
    const observed = { queueUrl: state.queueUrl, kmsMasterKeyId: state.kmsMasterKeyId, sqsManagedSseEnabled: state.sqsManagedSseEnabled, phiScoped };
    const subject = `${phiScoped ? 'PHI-scoped queue' : 'queue'} ${state.queueName}`;
    if (state.kmsMasterKeyId) {
      return { result: 'pass', reason: `${subject} is encrypted with SSE-KMS (key ${state.kmsMasterKeyId})`, observed };
    }
    if (!state.sqsManagedSseEnabled) {
      return { result: 'fail', reason: `${subject} has no server-side encryption: messages are stored unencrypted`, observed };
    }
    if (phiScoped) {
      return { result: 'fail', reason: `${subject} uses SSE-SQS (keys SQS owns); SSE-KMS is required for PHI`, observed };
    }
    return { result: 'pass', reason: `${subject} is encrypted with SSE-SQS`, observed };
  },
};

export default check;
