import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { IamAccountState } from '../../model/states/iam.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * iam-root-hardware-mfa: the root user has MFA and none of its devices is a virtual MFA app. The
 * device listing decides here (in iam-root-mfa it only enriches): when it could not be read, whether
 * a device is virtual is unknown, so the verdict is `error`, never a guess either way.
 */
const check: Check<IamAccountState> = {
  metadata: metadata as CheckMetadata,
  evaluate(account, { snapshot }): Finding {
    const serials = account.rootVirtualMfaSerials ?? (account.rootVirtualMfaSerial ? [account.rootVirtualMfaSerial] : []);
    const observed: Record<string, unknown> = {
      accountId: account.accountId,
      rootMfaEnabled: account.rootMfaEnabled,
      rootMfaType: account.rootMfaType,
      ...(serials.length > 0 ? { rootVirtualMfaSerials: serials } : {}),
    };
    const root = `the root user of account ${account.accountId}`;
    if (!account.rootMfaEnabled) return { result: 'fail', reason: `${root} has no MFA device at all`, observed };
    if (account.rootMfaType === 'unknown') {
      const failed = snapshot.unreadable?.find((e) => e.operation === 'ListVirtualMFADevices');
      const why = failed ? `ListVirtualMFADevices failed (${failed.code}: ${failed.name})` : 'ListVirtualMFADevices was not read';
      return { result: 'error', reason: `${root} has MFA, but ${why}: whether a device is a virtual MFA app is unknown`, observed: { ...observed, ...(failed ? { error: failed } : {}) } };
    }
    if (account.rootMfaType === 'virtual') {
      return {
        result: 'fail',
        reason: `${root} has ${serials.length === 1 ? 'a virtual MFA device' : `${serials.length} virtual MFA devices`} (${serials.join(', ')}): AWS accepts any registered device at root sign-in, so a hardware key registered beside it would not make the root hardware-only`,
        observed,
      };
    }
    return { result: 'pass', reason: `${root} has MFA and no virtual MFA device: its devices are hardware keys, passkeys or hardware TOTP tokens`, observed };
  },
};

export default check;
