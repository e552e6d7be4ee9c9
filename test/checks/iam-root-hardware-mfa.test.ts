import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/iam-root-hardware-mfa/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { IamAccountState } from '../../lib/model/states/iam.ts';
import { accessDenied, itHasValidMetadata, snapshotOf, TEST_ACCOUNT } from '../fixtures/checks/harness.ts';
import states from '../fixtures/iam/account-states.json' with { type: 'json' };

const ID = 'iam-root-hardware-mfa';
const accounts = states as Record<keyof typeof states, IamAccountState>;
const snapshot = (state: IamAccountState | undefined, extra: Partial<Snapshot<IamAccountState>> = {}) => snapshotOf(check, TEST_ACCOUNT, state, extra);

/**
 * Root with a FIDO key AND a virtual app: GetAccountSummary says MFA is on, ListVirtualMFADevices
 * shows the virtual device assigned to the root, and nothing AWS offers lists the root's hardware
 * key (Prowler #1855 expected a pass here). Either device completes a root sign-in.
 */
const bothVirtualAndHardware: IamAccountState = {
  ...accounts.rootVirtualMfa,
  rootVirtualMfaSerials: ['arn:aws:iam::111122223333:mfa/root-account-mfa-device'],
};
const twoVirtual: IamAccountState = {
  ...accounts.rootVirtualMfa,
  rootVirtualMfaSerials: ['arn:aws:iam::111122223333:mfa/root-phone', 'arn:aws:iam::111122223333:mfa/root-tablet'],
};
const unknownType: IamAccountState = { ...accounts.rootHardwareMfa, rootMfaType: 'unknown' };

describe(ID, () => {
  it.each<[string, Snapshot<IamAccountState>, Result, RegExp]>([
    ['root MFA on, no virtual device of the root: hardware key or passkey', snapshot(accounts.rootHardwareMfa), 'pass', /has MFA and no virtual MFA device/],
    ['root has a virtual MFA app (Prowler #4652, Steampipe #811)', snapshot(accounts.rootVirtualMfa), 'fail', /has a virtual MFA device \(arn:aws:iam::111122223333:mfa\/root-account-mfa-device\)/],
    ['root has a virtual app beside a hardware key: either signs in, so the virtual one fails it', snapshot(bothVirtualAndHardware), 'fail', /AWS accepts any registered device at root sign-in, so a hardware key registered beside it would not make the root hardware-only/],
    ['root has two virtual devices: both named', snapshot(twoVirtual), 'fail', /has 2 virtual MFA devices \(arn:aws:iam::111122223333:mfa\/root-phone, arn:aws:iam::111122223333:mfa\/root-tablet\)/],
    ['root has no MFA at all', snapshot(accounts.rootNoMfa), 'fail', /has no MFA device at all/],
    [
      'MFA on, but the device listing was denied: virtual or not is unknown',
      snapshot(unknownType, { unreadable: [accessDenied('ListVirtualMFADevices')] }),
      'error',
      /has MFA, but ListVirtualMFADevices failed \(ACCESS_DENIED: AccessDenied\): whether a device is a virtual MFA app is unknown/,
    ],
    ['GetAccountSummary was denied', snapshot(undefined, { error: accessDenied('GetAccountSummary') }), 'error', /ACCESS_DENIED: GetAccountSummary was denied/],
    ['the account was closed', snapshot(undefined, { deleted: true }), 'not_applicable', /was deleted/],
  ])('%s → %s', (_name, snap, expected, reason) => {
    // Act
    const finding = runCheck(check, snap, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('an error from the device listing carries its code, as every error record does', () => {
    // Act
    const finding = runCheck(check, snapshot(unknownType, { unreadable: [accessDenied('ListVirtualMFADevices')] }), DEFAULT_SETTINGS);
    // Assess
    expect(finding.observed).toMatchObject({ error: { operation: 'ListVirtualMFADevices', code: 'ACCESS_DENIED' }, rootMfaType: 'unknown' });
  });

  itHasValidMetadata(check, ID, { service: 'iam' });
});
