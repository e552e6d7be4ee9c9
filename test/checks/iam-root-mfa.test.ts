import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/iam-root-mfa/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { IamAccountState } from '../../lib/model/states/iam.ts';
import { accessDenied, itHasValidMetadata, snapshotOf, TEST_ACCOUNT } from '../fixtures/checks/harness.ts';
import states from '../fixtures/iam/account-states.json' with { type: 'json' };

const ID = 'iam-root-mfa';

const accounts = states as Record<keyof typeof states, IamAccountState>;
const snapshot = (state: IamAccountState | undefined, extra: Partial<Snapshot<IamAccountState>> = {}) => snapshotOf(check, TEST_ACCOUNT, state, extra);

describe(ID, () => {
  it.each<[string, Snapshot<IamAccountState>, Result, RegExp]>([
    ['root has a virtual MFA device', snapshot(accounts.rootVirtualMfa), 'pass', /root user of account 111122223333 has a virtual MFA device/],
    ['root has a hardware device', snapshot(accounts.rootHardwareMfa), 'pass', /has a hardware MFA device or passkey/],
    ['root has no MFA', snapshot(accounts.rootNoMfa), 'fail', /root user of account 111122223333 has no MFA/],
    ['the account was deleted (closed)', snapshot(undefined, { deleted: true }), 'not_applicable', /was deleted/],
    ['GetAccountSummary was denied', snapshot(undefined, { error: accessDenied('GetAccountSummary') }), 'error', /ACCESS_DENIED: GetAccountSummary was denied/],
  ])('%s → %s', (_name, snap, expected, reason) => {
    const finding = runCheck(check, snap, DEFAULT_SETTINGS);
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('records the virtual device serial when there is one', () => {
    const finding = runCheck(check, snapshot(accounts.rootVirtualMfa), DEFAULT_SETTINGS);
    expect(finding.observed).toMatchObject({ rootMfaType: 'virtual', rootVirtualMfaSerial: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' });
  });

  itHasValidMetadata(check, ID, { service: 'iam' });
});
