import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/iam-root-mfa/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result, type Snapshot } from '../../lib/checks/types.ts';
import type { IamAccountState } from '../../lib/collectors/iam.ts';
import { validateMetadata } from '../../lib/evidence/schemas.ts';
import accounts from '../fixtures/iam/account-states.json' with { type: 'json' };

const ID = 'iam-root-mfa';

function snapshot(state: IamAccountState | undefined, extra: Partial<Snapshot<IamAccountState>> = {}): Snapshot<IamAccountState> {
  return { kind: 'iam-account', resource: { type: 'AWS::::Account', id: '111122223333' }, account: '111122223333', region: 'us-east-1', state, source: 'api', ...extra };
}

describe(ID, () => {
  it.each<[string, Snapshot<IamAccountState>, Result, RegExp]>([
    ['root has a virtual MFA device', snapshot(accounts.rootVirtualMfa as IamAccountState), 'pass', /root user of account 111122223333 has a virtual MFA device/],
    ['root has a hardware device', snapshot(accounts.rootHardwareMfa as IamAccountState), 'pass', /has a hardware MFA device or passkey/],
    ['root has no MFA', snapshot(accounts.rootNoMfa as IamAccountState), 'fail', /root user of account 111122223333 has no MFA/],
    ['the account was deleted (closed)', snapshot(undefined, { deleted: true }), 'not_applicable', /was deleted/],
    [
      'GetAccountSummary was denied',
      snapshot(undefined, { error: { operation: 'GetAccountSummary', kind: 'AccessDenied', name: 'AccessDenied', message: 'not authorized to perform: iam:GetAccountSummary' } }),
      'error',
      /AccessDenied: GetAccountSummary failed/,
    ],
  ])('%s → %s', (_name, snap, expected, reason) => {
    const finding = runCheck(check, snap, DEFAULT_SETTINGS);
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('records the virtual device serial when there is one', () => {
    const finding = runCheck(check, snapshot(accounts.rootVirtualMfa as IamAccountState), DEFAULT_SETTINGS);
    expect(finding.observed).toMatchObject({ rootMfaType: 'virtual', rootVirtualMfaSerial: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' });
  });

  it('metadata: the folder name is the id and the metadata validates', () => {
    const onDisk = JSON.parse(readFileSync(new URL(`../../lib/checks/${ID}/metadata.json`, import.meta.url), 'utf8'));
    expect(onDisk.id).toBe(ID);
    expect(check.metadata).toEqual(onDisk);
    expect(validateMetadata(onDisk).id).toBe(ID);
  });
});
