import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/iam-unused-credentials/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { IamUserCredentialsState } from '../../lib/model/states/iam.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';
import fixtures from '../fixtures/iam/credential-states.json' with { type: 'json' };

const ID = 'iam-unused-credentials';
const NOW = new Date('2025-06-01T12:00:00Z');
const states = fixtures as Record<keyof typeof fixtures, IamUserCredentialsState>;
const snapshot = (state: IamUserCredentialsState | undefined, extra: Partial<Snapshot<IamUserCredentialsState>> = {}) =>
  snapshotOf(check, state?.userName ?? 'ghost', state, extra);

describe(ID, () => {
  it.each<[string, Snapshot<IamUserCredentialsState>, Result, RegExp]>([
    ['password and key used this week', snapshot(states.recentlyUsed), 'pass', /alice's enabled credentials were used, or created, within 90 days: password last used 2 days ago/],
    ['password unused 137 days, a key never used since its creation 193 days ago', snapshot(states.staleKeyAndPassword), 'fail', /bob has credentials unused for more than 90 days still enabled: password last used 137 days ago .*; access_key_2 never used since 2024-11-20T12:00:00.000Z \(193 days\)/],
    ['a new user who has not signed in yet is judged by its creation (aws-config-rules #219)', snapshot(states.newUserNeverSignedIn), 'pass', /carol's .* password never used since 2025-05-25T09:00:00.000Z \(7 days\)/],
    ['a user created 273 days ago who never signed in', snapshot(states.oldUserNeverSignedIn), 'fail', /dave has credentials unused .* password never used since 2024-09-01/],
    ['no password and only an inactive (old, unused) key: nothing unused is enabled', snapshot(states.noCredentials), 'pass', /erin has no console password and no active access key/],
    ['the user was deleted', snapshot(undefined, { deleted: true }), 'not_applicable', /ghost was deleted/],
    ['the credential report was denied', snapshot(undefined, { error: accessDenied('GenerateCredentialReport') }), 'error', /ACCESS_DENIED: GenerateCredentialReport was denied/],
  ])('%s → %s', (_name, snap, expected, reason) => {
    // Act
    const finding = runCheck(check, snap, DEFAULT_SETTINGS, NOW);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('fails only after strictly more than the limit: 90 days exactly passes, a second more fails', () => {
    // Prepare
    const usedAt = '2025-03-03T12:00:00.000Z';
    const state = { ...states.recentlyUsed, passwordLastUsed: usedAt, accessKeys: [] };
    // Act
    const atLimit = runCheck(check, snapshot(state), DEFAULT_SETTINGS, NOW);
    const past = runCheck(check, snapshot(state), DEFAULT_SETTINGS, new Date(NOW.getTime() + 1000));
    // Assess
    expect([atLimit.result, past.result]).toEqual(['pass', 'fail']);
  });

  it('judges against the deployment setting and states it in the record', () => {
    // Act
    const finding = runCheck(check, snapshot(states.recentlyUsed), { ...DEFAULT_SETTINGS, unusedCredentialDays: 1 }, NOW);
    // Assess
    expect(finding.result).toBe('fail');
    expect(finding.reason).toMatch(/unused for more than 1 days/);
    expect(finding.observed.settings).toEqual({ unusedCredentialDays: 1 });
  });

  it('records when the report was generated and every enabled credential with what it was judged by', () => {
    // Act
    const finding = runCheck(check, snapshot(states.staleKeyAndPassword), DEFAULT_SETTINGS, NOW);
    // Assess
    expect(finding.reason).toMatch(/\(the credential report generated at 2025-06-01T06:00:00.000Z\)$/);
    expect(finding.observed).toMatchObject({
      userName: 'bob',
      from: { source: 'credential-report', generatedTime: '2025-06-01T06:00:00.000Z' },
      credentials: [
        { credential: 'password', lastUsed: '2025-01-15T08:00:00.000Z', unusedDays: 137 },
        { credential: 'access_key_1', lastUsed: '2025-05-31T10:00:00.000Z', unusedDays: 1 },
        { credential: 'access_key_2', unusedSince: '2024-11-20T12:00:00.000Z', unusedDays: 193 },
      ],
    });
  });

  itHasValidMetadata(check, ID, { service: 'iam', sweepOnly: true });
});
