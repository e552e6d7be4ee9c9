import type { Check, CheckMetadata } from '../../model/check.ts';
import type { KinesisStreamState } from '../../model/states/kinesis.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the stream's server-side encryption is on (EncryptionType KMS). */
const check: Check<KinesisStreamState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { streamName: state.streamName, encryptionType: state.encryptionType, keyId: state.keyId, streamStatus: state.streamStatus };
    if (state.encryptionType === 'KMS') {
      return { result: 'pass', reason: `stream ${state.streamName} encrypts records with KMS${state.keyId ? ` key ${state.keyId}` : ''}`, observed };
    }
    return { result: 'fail', reason: `stream ${state.streamName} has server-side encryption ${state.encryptionType === 'NONE' ? 'off' : `type ${state.encryptionType}`}: its records are stored unencrypted`, observed };
  },
};

export default check;
