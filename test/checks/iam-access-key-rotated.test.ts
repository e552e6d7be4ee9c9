import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/iam-access-key-rotated/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/model/check.ts';
import type { IamUserAccessKeysState } from '../../lib/model/states/iam.ts';
import { accessDenied, itHasValidMetadata, snapshotOf } from '../fixtures/checks/harness.ts';
import fixtures from '../fixtures/iam/credential-states.json' with { type: 'json' };

const ID = 'iam-access-key-rotated';
const NOW = new Date('2025-06-01T12:00:00Z');
const states = fixtures as Record<keyof typeof fixtures, IamUserAccessKeysState>;
const snapshot = (state: IamUserAccessKeysState | undefined, extra: Partial<Snapshot<IamUserAccessKeysState>> = {}) =>
  snapshotOf(check, state?.userName ?? 'ghost', state, extra);
/** What the collector reads live for an access-key event. */
const live = (keys: IamUserAccessKeysState['accessKeys']): IamUserAccessKeysState => ({ userName: 'bob', accessKeys: keys, from: { source: 'ListAccessKeys' } });

describe(ID, () => {
  it.each<[string, Snapshot<IamUserAccessKeysState>, Result, RegExp]>([
    ['one active key, 47 days old', snapshot(states.recentlyUsed), 'pass', /alice's active access keys are at most 90 days old: access_key_1 \(47 days\)/],
    ['two active keys, 731 and 193 days old', snapshot(states.staleKeyAndPassword), 'fail', /bob has 2 active access keys older than 90 days: access_key_1 \(731 days, since 2023-06-01T12:00:00.000Z\), access_key_2 \(193 days/],
    ['only an inactive key, years old: inactive keys authenticate nothing', snapshot(states.noCredentials), 'not_applicable', /erin has no active access key/],
    ['no key at all', snapshot(states.newUserNeverSignedIn), 'not_applicable', /carol has no active access key/],
    ['an access-key event: the old key just deactivated, read live', snapshot(live([{ key: 'AKIAOLD', active: false, lastRotated: '2023-01-01T00:00:00.000Z' }, { key: 'AKIANEW', active: true, lastRotated: '2025-05-31T00:00:00.000Z' }])), 'pass', /AKIANEW \(1 days\) \(ListAccessKeys at collection\)/],
    ['an active key whose creation time the source does not give', snapshot(live([{ key: 'AKIAX', active: true }])), 'error', /does not say when bob's active key AKIAX was created/],
    ['the user was deleted', snapshot(undefined, { deleted: true }), 'not_applicable', /ghost was deleted/],
    ['ListAccessKeys was denied', snapshot(undefined, { error: accessDenied('ListAccessKeys') }), 'error', /ACCESS_DENIED: ListAccessKeys was denied/],
  ])('%s → %s', (_name, snap, expected, reason) => {
    // Act
    const finding = runCheck(check, snap, DEFAULT_SETTINGS, NOW);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('a key exactly the limit old passes; a second older fails', () => {
    // Prepare
    const state = live([{ key: 'AKIA1', active: true, lastRotated: '2025-03-03T12:00:00.000Z' }]);
    // Act
    const results = [NOW, new Date(NOW.getTime() + 1000)].map((now) => runCheck(check, snapshot(state), DEFAULT_SETTINGS, now).result);
    // Assess
    expect(results).toEqual(['pass', 'fail']);
  });

  it('judges against accessKeyMaxAgeDays and records it with each key age and the report time', () => {
    // Act
    const finding = runCheck(check, snapshot(states.recentlyUsed), { ...DEFAULT_SETTINGS, accessKeyMaxAgeDays: 30 }, NOW);
    // Assess
    expect(finding.result).toBe('fail');
    expect(finding.observed).toMatchObject({
      settings: { accessKeyMaxAgeDays: 30 },
      from: { source: 'credential-report', generatedTime: '2025-06-01T06:00:00.000Z' },
      accessKeys: [{ key: 'access_key_1', active: true, ageDays: 47 }, { key: 'access_key_2', active: false }],
    });
  });

  itHasValidMetadata(check, ID, { service: 'iam' });
});
