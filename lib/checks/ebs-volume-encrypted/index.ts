import type { Check, CheckMetadata } from '../../model/check.ts';
import type { EbsVolumeState } from '../../model/states/ec2.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the EBS volume is encrypted. */
const check: Check<EbsVolumeState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = {
      volumeId: state.volumeId,
      encrypted: state.encrypted,
      kmsKeyId: state.kmsKeyId ?? null,
      attachedInstanceIds: state.attachedInstanceIds,
    };
    if (state.encrypted) {
      return { result: 'pass', reason: `${state.volumeId} is encrypted${state.kmsKeyId ? ` with ${state.kmsKeyId}` : ''}`, observed };
    }
    const attached = state.attachedInstanceIds.length > 0 ? ` (attached to ${state.attachedInstanceIds.join(', ')})` : '';
    return { result: 'fail', reason: `${state.volumeId} is not encrypted${attached}`, observed };
  },
};

export default check;
