import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/iam-password-policy/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { IamPasswordPolicyState } from '../../lib/model/states/iam.ts';
import { accessDenied, itHasValidMetadata, snapshotOf, TEST_ACCOUNT } from '../fixtures/checks/harness.ts';
import fixtures from '../fixtures/iam/password-policy-states.json' with { type: 'json' };

const ID = 'iam-password-policy';
const policies = fixtures as Record<keyof typeof fixtures, IamPasswordPolicyState>;
const snapshot = (state: IamPasswordPolicyState | undefined, extra: Partial<Snapshot<IamPasswordPolicyState>> = {}) => snapshotOf(check, TEST_ACCOUNT, state, extra);
const strongWith = (change: Partial<IamPasswordPolicyState>) => snapshot({ ...policies.strong, ...change });

describe(ID, () => {
  it.each<[string, Snapshot<IamPasswordPolicyState>, Result, RegExp]>([
    ['14 characters, all four kinds, 24 remembered, 90-day expiry', snapshot(policies.strong), 'pass', /requires 14\+ characters of all four kinds, remembers 24 passwords and expires them after 90 days/],
    ['no policy (NoSuchEntity)', snapshot(policies.absent), 'fail', /account 111122223333 has no IAM password policy/],
    [
      'the corpus policy: 10 characters, nothing required, no expiry',
      snapshot(policies.weak),
      'fail',
      /falls short: minimum length 10, 14 required; uppercase letters, lowercase letters, numbers, symbols not required; no previous passwords barred from reuse, 24 required; passwords never expire, expiry within 90 days required/,
    ],
    ['symbols not required', strongWith({ requireSymbols: false }), 'fail', /falls short: symbols not required$/],
    ['expiry after 91 days', strongWith({ maxPasswordAge: 91 }), 'fail', /passwords expire after 91 days, at most 90 allowed/],
    ['remembers 5 passwords', strongWith({ passwordReusePrevention: 5 }), 'fail', /5 previous passwords barred from reuse, 24 required/],
    ['GetAccountPasswordPolicy was denied', snapshot(undefined, { error: accessDenied('GetAccountPasswordPolicy') }), 'error', /ACCESS_DENIED: GetAccountPasswordPolicy was denied/],
    ['the account was closed', snapshot(undefined, { deleted: true }), 'not_applicable', /was deleted/],
  ])('%s → %s', (_name, snap, expected, reason) => {
    // Act
    const finding = runCheck(check, snap, DEFAULT_SETTINGS);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('judges against the deployment settings and states them in the record', () => {
    // Prepare
    const settings = { ...DEFAULT_SETTINGS, passwordMinLength: 10, passwordReusePrevention: 1, passwordMaxAgeDays: 365 };
    const lenient = { ...policies.weak, requireUppercaseCharacters: true, requireLowercaseCharacters: true, requireNumbers: true, requireSymbols: true, passwordReusePrevention: 1, expirePasswords: true, maxPasswordAge: 365 };
    // Act
    const finding = runCheck(check, snapshot(lenient), settings);
    // Assess
    expect(finding.result).toBe('pass');
    expect(finding.observed).toMatchObject({ passwordPolicyPresent: true, settings: { passwordMinLength: 10, passwordReusePrevention: 1, passwordMaxAgeDays: 365 } });
  });

  itHasValidMetadata(check, ID, { service: 'iam' });
});
