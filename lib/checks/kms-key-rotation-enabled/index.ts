import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import { rotationSupported, type KmsKeyState } from '../../model/states/kms.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Why automatic rotation does not apply to a key that AWS does not let rotate. */
function unsupportedBecause(state: KmsKeyState): string {
  if (state.keySpec !== 'SYMMETRIC_DEFAULT') return `is a ${state.keySpec} key (asymmetric or HMAC), which cannot rotate automatically`;
  if (state.origin === 'EXTERNAL') return 'holds imported key material, which cannot rotate automatically';
  return `lives in a custom key store (${state.origin}), which does not support automatic rotation`;
}

/**
 * Passes when a customer-managed symmetric key has automatic rotation on and is usable; a disabled
 * key or one pending deletion fails. AWS-managed keys (rotated yearly by AWS) and keys that cannot
 * rotate are not_applicable.
 */
const check: Check<KmsKeyState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state): Finding {
    const observed = {
      keyId: state.keyId,
      keyManager: state.keyManager,
      keySpec: state.keySpec,
      origin: state.origin,
      keyState: state.keyState,
      rotationEnabled: state.rotationEnabled,
      rotationPeriodInDays: state.rotationPeriodInDays,
      deletionDate: state.deletionDate,
    };
    const key = `KMS key ${state.keyId}`;
    if (state.keyManager === 'AWS') {
      return { result: 'not_applicable', reason: `${key} is AWS managed: AWS rotates it every year`, observed };
    }
    if (!rotationSupported(state)) {
      return { result: 'not_applicable', reason: `${key} ${unsupportedBecause(state)}`, observed };
    }
    if (state.keyState === 'PendingDeletion' || state.keyState === 'PendingReplicaDeletion') {
      const when = state.deletionDate ? ` on ${state.deletionDate}` : '';
      return { result: 'fail', reason: `${key} is scheduled for deletion${when}: data it encrypts will become unreadable`, observed };
    }
    if (state.keyState === 'Disabled') {
      return { result: 'fail', reason: `${key} is disabled: data it encrypts cannot be decrypted`, observed };
    }
    if (state.rotationEnabled === true) {
      const every = state.rotationPeriodInDays ? ` every ${state.rotationPeriodInDays} days` : '';
      return { result: 'pass', reason: `${key} has automatic rotation enabled${every}`, observed };
    }
    if (state.rotationEnabled === false) {
      return { result: 'fail', reason: `${key} has automatic rotation disabled`, observed };
    }
    return { result: 'error', reason: `the rotation status of ${key} was not read`, observed };
  },
};

export default check;
