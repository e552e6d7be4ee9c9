import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/iam-root-no-access-keys/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { IamAccountState } from '../../lib/model/states/iam.ts';
import { accessDenied, itHasValidMetadata, snapshotOf, TEST_ACCOUNT } from '../fixtures/checks/harness.ts';
import states from '../fixtures/iam/account-states.json' with { type: 'json' };

const ID = 'iam-root-no-access-keys';
const accounts = states as Record<keyof typeof states, IamAccountState>;
const snapshot = (state: IamAccountState | undefined, extra: Partial<Snapshot<IamAccountState>> = {}) => snapshotOf(check, TEST_ACCOUNT, state, extra);

describe(ID, () => {
  it.each<[string, Snapshot<IamAccountState>, Result, RegExp]>([
    ['AccountAccessKeysPresent 0', snapshot(accounts.rootHardwareMfa), 'pass', /root user of account 111122223333 has no access key/],
    ['AccountAccessKeysPresent 1 (an inactive key counts too)', snapshot(accounts.rootNoMfa), 'fail', /root user of account 111122223333 has an access key \(active or inactive\)/],
    ['GetAccountSummary was denied', snapshot(undefined, { error: accessDenied('GetAccountSummary') }), 'error', /ACCESS_DENIED: GetAccountSummary was denied/],
    ['the account was closed', snapshot(undefined, { deleted: true }), 'not_applicable', /was deleted/],
  ])('%s → %s', (_name, snap, expected, reason) => {
    // Act
    const finding = runCheck(check, snap, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
    if (expected !== 'error' && expected !== 'not_applicable') expect(finding.observed).toEqual({ accountId: TEST_ACCOUNT, rootAccessKeysPresent: expected === 'fail' });
  });

  itHasValidMetadata(check, ID, { service: 'iam' });
});
