import type { Check, CheckMetadata } from '../../model/check.ts';
import type { IamUserState } from '../../model/states/iam.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * iam-user-console-mfa: a user who can sign in to the console (has a login profile) must have at
 * least one MFA device. Users without a console password are not_applicable: programmatic keys
 * are not an interactive login.
 */
const check: Check<IamUserState> = {
  metadata: metadata as CheckMetadata,
  evaluate(user) {
    const observed = {
      userName: user.userName,
      hasConsolePassword: user.hasConsolePassword,
      mfaDevices: user.mfaDevices.map((d) => d.serialNumber),
      passwordLastUsed: user.passwordLastUsed ?? null,
    };
    if (!user.hasConsolePassword) {
      return { result: 'not_applicable', reason: `IAM user ${user.userName} has no console password (no login profile)`, observed };
    }
    if (user.mfaDevices.length === 0) {
      return { result: 'fail', reason: `IAM user ${user.userName} has a console password and no MFA device`, observed };
    }
    const count = user.mfaDevices.length;
    return {
      result: 'pass',
      reason: `IAM user ${user.userName} has a console password and ${count} MFA device${count === 1 ? '' : 's'} (${observed.mfaDevices.join(', ')})`,
      observed,
    };
  },
};

export default check;
