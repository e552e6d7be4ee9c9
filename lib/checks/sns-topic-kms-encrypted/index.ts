import type { Check, CheckMetadata } from '../../model/check.ts';
import type { SnsTopicState } from '../../model/states/sns.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the SNS topic encrypts its messages with a KMS key (the AWS managed key or a customer key). */
const check: Check<SnsTopicState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { topicArn: state.topicArn, kmsMasterKeyId: state.kmsMasterKeyId };
    if (state.kmsMasterKeyId) {
      return { result: 'pass', reason: `topic ${state.topicArn} is encrypted with KMS key ${state.kmsMasterKeyId}`, observed };
    }
    return { result: 'fail', reason: `topic ${state.topicArn} has no KMS key: its messages are stored unencrypted`, observed };
  },
};

export default check;
