import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/iam-user-console-mfa/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { IamUserState } from '../../lib/model/states/iam.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';
import users from '../fixtures/iam/user-states.json' with { type: 'json' };

const ID = 'iam-user-console-mfa';

/** A user as the collector reports it: named by its user name, its (here empty) tags always read. */
const snapshot = (state: IamUserState | undefined, extra: Partial<Snapshot<IamUserState>> = {}) =>
  snapshotOf(check, state?.userName ?? 'dave', state, { tags: {}, ...extra });

describe(ID, () => {
  it.each<[string, Snapshot<IamUserState>, Result, RegExp]>([
    ['console password and an MFA device', snapshot(users.consoleWithMfa), 'pass', /alice has a console password and 1 MFA device \(arn:aws:iam::111122223333:mfa\/alice-phone\)/],
    ['console password without MFA', snapshot(users.consoleNoMfa), 'fail', /IAM user bob has a console password and no MFA device/],
    ['no console password', snapshot(users.noConsole), 'not_applicable', /ci-deployer has no console password/],
    ['the read failed', snapshot(undefined, { error: accessDenied('ListMFADevices') }), 'error', /ACCESS_DENIED: ListMFADevices was denied/],
  ])('%s → %s', (_name, snap, expected, reason) => {
    // Act
    const finding = runCheck(check, snap, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('observes the facts the verdict rests on', () => {
    const finding = runCheck(check, snapshot(users.consoleNoMfa), DEFAULT_SETTINGS);
    expect(finding.observed).toEqual({ userName: 'bob', hasConsolePassword: true, mfaDevices: [], passwordLastUsed: null });
  });

  itHasValidMetadata(check, ID, { service: 'iam' });
});
