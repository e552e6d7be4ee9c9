import type { Check, CheckMetadata } from '../../model/check.ts';
import type { EbsDefaultEncryptionState } from '../../model/states/ec2.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Passes when EBS encryption by default is on for the account in this region. */
const check: Check<EbsDefaultEncryptionState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot }) {
    const where = `account ${snapshot.account} in ${snapshot.region}`;
    const observed = { encryptedByDefault: state.encryptedByDefault, kmsKeyId: state.kmsKeyId };
    if (state.encryptedByDefault) {
      const key = state.kmsKeyId ? ` with ${state.kmsKeyId}` : '';
      return { result: 'pass', reason: `EBS encryption by default is on for ${where}${key}`, observed };
    }
    return { result: 'fail', reason: `EBS encryption by default is off for ${where}: new volumes may be unencrypted`, observed };
  },
};

export default check;
