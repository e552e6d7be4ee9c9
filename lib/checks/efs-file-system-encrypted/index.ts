import type { Check, CheckMetadata } from '../../model/check.ts';
import type { EfsFileSystemState } from '../../model/states/efs.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when the EFS file system is encrypted at rest (a setting fixed when it was created). */
const check: Check<EfsFileSystemState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state) {
    const observed = { fileSystemId: state.fileSystemId, name: state.name, encrypted: state.encrypted, kmsKeyId: state.kmsKeyId, lifeCycleState: state.lifeCycleState };
    const subject = `EFS file system ${state.fileSystemId}${state.name ? ` (${state.name})` : ''}`;
    if (state.encrypted) {
      return { result: 'pass', reason: `${subject} is encrypted at rest${state.kmsKeyId ? ` with KMS key ${state.kmsKeyId}` : ''}`, observed };
    }
    return { result: 'fail', reason: `${subject} is not encrypted at rest, and EFS cannot encrypt it in place: its data must move to an encrypted file system`, observed };
  },
};

export default check;
