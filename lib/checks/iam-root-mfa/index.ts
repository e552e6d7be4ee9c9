import type { Check, CheckMetadata } from '../../model/check.ts';
import type { IamAccountState } from '../../model/states/iam.ts';
import metadata from './metadata.json' with { type: 'json' };

const DEVICE_WORDS: Record<IamAccountState['rootMfaType'], string> = {
  virtual: 'a virtual MFA device',
  hardware: 'a hardware MFA device or passkey',
  unknown: 'an MFA device of unknown type',
  none: 'no MFA device',
};

/**
 * iam-root-mfa: the root user has MFA (GetAccountSummary AccountMFAEnabled). Any device type
 * passes; the type is recorded because auditors and ROOT_ACCOUNT_HARDWARE_MFA_ENABLED prefer
 * hardware.
 */
const check: Check<IamAccountState> = {
  metadata: metadata as CheckMetadata,
  evaluate(account) {
    const observed: Record<string, unknown> = {
      accountId: account.accountId,
      rootMfaEnabled: account.rootMfaEnabled,
      rootMfaType: account.rootMfaType,
    };
    if (account.rootVirtualMfaSerial) observed.rootVirtualMfaSerial = account.rootVirtualMfaSerial;
    if (!account.rootMfaEnabled) {
      return { result: 'fail', reason: `the root user of account ${account.accountId} has no MFA`, observed };
    }
    return { result: 'pass', reason: `the root user of account ${account.accountId} has ${DEVICE_WORDS[account.rootMfaType]}`, observed };
  },
};

export default check;
