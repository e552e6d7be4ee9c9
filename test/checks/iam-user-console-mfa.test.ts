import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/iam-user-console-mfa/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/checks/types.ts';
import type { IamUserState } from '../../lib/collectors/iam.ts';
import { validateMetadata } from '../../lib/evidence/schemas.ts';
import users from '../fixtures/iam/user-states.json' with { type: 'json' };

const ID = 'iam-user-console-mfa';

function snapshot(state: IamUserState | undefined, extra: Partial<Snapshot<IamUserState>> = {}): Snapshot<IamUserState> {
  const id = state?.userName ?? 'dave';
  return { kind: 'iam-user', resource: { type: 'AWS::IAM::User', id }, account: '111122223333', region: 'us-east-1', tags: {}, state, source: 'api', ...extra };
}

describe(ID, () => {
  it.each<[string, Snapshot<IamUserState>, Result, RegExp]>([
    ['console password and an MFA device', snapshot(users.consoleWithMfa), 'pass', /alice has a console password and 1 MFA device \(arn:aws:iam::111122223333:mfa\/alice-phone\)/],
    ['console password without MFA', snapshot(users.consoleNoMfa), 'fail', /IAM user bob has a console password and no MFA device/],
    ['no console password', snapshot(users.noConsole), 'not_applicable', /ci-deployer has no console password/],
    [
      'the read failed',
      snapshot(undefined, { error: { operation: 'ListMFADevices', kind: 'AccessDenied', name: 'AccessDenied', message: 'not authorized' } }),
      'error',
      /AccessDenied: ListMFADevices failed/,
    ],
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

  it('metadata: the folder name is the id and the metadata validates', () => {
    const onDisk = JSON.parse(readFileSync(new URL(`../../lib/checks/${ID}/metadata.json`, import.meta.url), 'utf8'));
    expect(onDisk.id).toBe(ID);
    expect(check.metadata).toEqual(onDisk);
    expect(validateMetadata(onDisk).id).toBe(ID);
  });
});
