import 'aws-sdk-client-mock-vitest/extend';
import {
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import rootHardwareMfa from '../../lib/checks/iam-root-hardware-mfa/index.ts';
import rootNoAccessKeys from '../../lib/checks/iam-root-no-access-keys/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { iamAccountKind, iamUserKind } from '../../lib/collectors/iam.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import type { ConfigItem } from '../../lib/model/config-item.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { normalizeConfigItem } from '../../lib/events/config-item.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';
import { CORPUS } from '../fixtures/corpus.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/iam/', import.meta.url));

/** A fixture with its timestamps as the Date objects the SDK returns. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are SDK-shaped JSON handed to the mock as they are
function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'), (key, value) =>
    typeof value === 'string' && /(Date|LastUsed)$/.test(key) && /^\d{4}-/.test(value) ? new Date(value) : value,
  );
}

/** A real corpus recording's `data` (botocore shape), with its datetime objects as Dates; undefined without the corpus. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a botocore recording's `data`
function corpusResponse(name: string): any {
  const path = join(CORPUS, 'api-responses', name);
  if (!existsSync(path)) return undefined;
  const { data } = JSON.parse(readFileSync(path, 'utf8'), (_key, value) =>
    value && value.__class__ === 'datetime' ? new Date(Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second)) : value,
  );
  delete data.ResponseMetadata;
  return data;
}

const iam = mockedClient(IAMClient);
const ctx = mockedContext();

describe('iamUserKind.collect', () => {
  function mockAlice() {
    iam.on(GetUserCommand, { UserName: 'alice' }).resolves(fixture('get-user.json'));
    iam.on(GetLoginProfileCommand).resolves(fixture('get-login-profile.json'));
    iam.on(ListMFADevicesCommand).resolves(fixture('list-mfa-devices-page1.json'));
    iam.on(ListMFADevicesCommand, { UserName: 'alice', Marker: 'AQoDYXdzEJr' }).resolves(fixture('list-mfa-devices-page2.json'));
    iam.on(ListUserTagsCommand).resolves(fixture('list-user-tags.json'));
  }

  it('reads the login profile, every MFA device page and the tags', async () => {
    // Prepare
    mockAlice();
    // Act
    const snapshot = await iamUserKind.collect(ctx, 'alice');
    // Assess
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.resource).toEqual({ type: 'AWS::IAM::User', id: 'alice', arn: 'arn:aws:iam::111122223333:user/alice' });
    expect(snapshot.tags).toEqual({ team: 'claims', 'data-classification': 'ephi' });
    expect(snapshot.state).toEqual({
      userName: 'alice',
      arn: 'arn:aws:iam::111122223333:user/alice',
      createDate: '2024-03-01T09:00:00.000Z',
      passwordLastUsed: '2025-06-02T08:15:00.000Z',
      hasConsolePassword: true,
      mfaDevices: [
        { serialNumber: 'arn:aws:iam::111122223333:mfa/alice-phone', enableDate: '2024-03-01T09:05:00.000Z' },
        { serialNumber: 'arn:aws:iam::111122223333:u2f/user/alice/yubikey-ABCDEF', enableDate: '2024-05-12T14:00:00.000Z' },
      ],
    });
    expect(iam).toHaveReceivedCommandTimes(ListMFADevicesCommand, 2);
  });

  // The SDK v3 names the exception by its class (NoSuchEntityException); recordings and the wire say NoSuchEntity.
  it.each(['NoSuchEntity', 'NoSuchEntityException'])('%s on GetLoginProfile means no console password, not an error', async (name) => {
    mockAlice();
    iam.on(GetLoginProfileCommand).rejects(sdkError(name, 'Login Profile for User alice cannot be found.'));
    const snapshot = await iamUserKind.collect(ctx, 'alice');
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.state?.hasConsolePassword).toBe(false);
  });

  it('AccessDenied on an essential read is the snapshot error', async () => {
    mockAlice();
    iam.on(ListMFADevicesCommand).rejects(sdkError('AccessDenied', 'User is not authorized to perform: iam:ListMFADevices'));
    const snapshot = await iamUserKind.collect(ctx, 'alice');
    expect(snapshot.state).toBeUndefined();
    expect(snapshot.error).toMatchObject({ operation: 'ListMFADevices', code: 'ACCESS_DENIED', name: 'AccessDenied' });
  });

  it('a denied ListUserTags only leaves the tags unknown: the console-MFA facts stand', async () => {
    // Prepare
    mockAlice();
    iam.on(ListUserTagsCommand).rejects(sdkError('AccessDenied', 'User is not authorized to perform: iam:ListUserTags'));
    // Act
    const snapshot = await iamUserKind.collect(ctx, 'alice');
    // Assess
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.tags).toBeUndefined();
    expect(snapshot.tagsError).toMatchObject({ operation: 'ListUserTags', code: 'ACCESS_DENIED' });
    expect(snapshot.state).toMatchObject({ hasConsolePassword: true, mfaDevices: [{}, {}] });
  });

  it.each(['NoSuchEntity', 'NoSuchEntityException'])('a user that no longer exists (%s) is deleted, not an error', async (name) => {
    iam.on(GetUserCommand).rejects(sdkError(name, 'The user with name carol cannot be found.'));
    const snapshot = await iamUserKind.collect(ctx, 'carol');
    expect(snapshot).toMatchObject({ deleted: true, resource: { id: 'carol' } });
    expect(snapshot.error).toBeUndefined();
  });

  it('resolves a Config resource id (AIDA...) to the user name first', async () => {
    iam.on(ListUsersCommand).resolves(fixture('list-users-page1.json'));
    iam.on(ListUsersCommand, { Marker: 'AAEAAQ==' }).resolves(fixture('list-users-page2.json'));
    iam.on(GetUserCommand, { UserName: 'bob' }).resolves({ User: { UserName: 'bob', UserId: 'AIDAIOSFODNN7EXAMPLE', Arn: 'arn:aws:iam::111122223333:user/bob', Path: '/', CreateDate: new Date('2024-04-10T12:00:00Z') } });
    iam.on(GetLoginProfileCommand).resolves(fixture('get-login-profile.json'));
    iam.on(ListMFADevicesCommand).resolves({ MFADevices: [], IsTruncated: false });
    iam.on(ListUserTagsCommand).resolves({ Tags: [], IsTruncated: false });
    const snapshot = await iamUserKind.collect(ctx, 'AIDAIOSFODNN7EXAMPLE');
    expect(snapshot.resource.id).toBe('bob');
    expect(snapshot.state).toMatchObject({ hasConsolePassword: true, mfaDevices: [] });
  });

  it.skipIf(!corpusResponse('test_iam_user_login_profile__iam.GetLoginProfile_1.json'))('reads the real recorded GetLoginProfile and ListMFADevices shapes', async () => {
    iam.on(GetUserCommand).resolves(fixture('get-user.json'));
    iam.on(GetLoginProfileCommand).resolves(corpusResponse('test_iam_user_login_profile__iam.GetLoginProfile_1.json'));
    iam.on(ListMFADevicesCommand).resolves(corpusResponse('test_iam_mfa_filter__iam.ListMFADevices_1.json'));
    iam.on(ListUserTagsCommand).resolves({ Tags: [] });
    const snapshot = await iamUserKind.collect(ctx, 'alice');
    expect(snapshot.state).toMatchObject({ hasConsolePassword: true, mfaDevices: [] });
  });
});

describe('iamUserKind.enumerate', () => {
  it('pages through ListUsers', async () => {
    iam.on(ListUsersCommand).resolves(fixture('list-users-page1.json'));
    iam.on(ListUsersCommand, { Marker: 'AAEAAQ==' }).resolves(fixture('list-users-page2.json'));
    const names: string[] = [];
    for await (const name of iamUserKind.enumerate(ctx)) names.push(name);
    expect(names).toEqual(['alice', 'bob', 'ci-deployer']);
    expect(iam).toHaveReceivedCommandTimes(ListUsersCommand, 2);
  });
});

describe('iamUserKind.fromConfigItem', () => {
  it('a deleted user item is a deleted snapshot named by the user name', () => {
    const snapshot = iamUserKind.fromConfigItem!(fixture<ConfigItem>('config-item-user-deleted.json'));
    expect(snapshot).toMatchObject({ deleted: true, source: 'config-item', resource: { type: 'AWS::IAM::User', id: 'bob' } });
  });

  it('a live user item says nothing about login profile or MFA: read the user instead', () => {
    expect(iamUserKind.fromConfigItem!(fixture<ConfigItem>('config-item-user.json'))).toBeUndefined();
  });

  it.skipIf(!existsSync(join(CORPUS, 'config')))('the real AWS::IAM::User item gives no snapshot either', () => {
    const raw = JSON.parse(readFileSync(join(CORPUS, 'config/configuration-items/rdk__AWS_IAM_User.json'), 'utf8'));
    expect(iamUserKind.fromConfigItem!(normalizeConfigItem(raw, { path: '' }))).toBeUndefined();
  });
});

describe('iamUserKind.idsFromEvent', () => {
  it.each([
    ['event-enable-mfa-device.json', ['bob']],
    ['event-delete-login-profile.json', ['bob']],
    ['event-create-user.json', ['carol']],
    ['event-deactivate-own-mfa.json', ['bob']], // no userName: IAM acts on the calling user
    ['event-delete-virtual-mfa-device.json', []], // names a device only, never an assigned one
    ['event-root-enable-mfa-device.json', []], // the root user is the account kind's
  ])('%s → %j', (file, ids) => {
    expect(iamUserKind.idsFromEvent(fixture<CloudTrailRecord>(file))).toEqual(ids);
  });

  it.skipIf(!existsSync(join(CORPUS, 'cloudtrail')))('names the user in the real corpus records', () => {
    const read = (name: string) => JSON.parse(readFileSync(join(CORPUS, 'cloudtrail', name), 'utf8')) as CloudTrailRecord;
    expect(iamUserKind.idsFromEvent(read('stratus__CreateLoginProfile__persistence.iam-create-user-login-profile.json'))).toEqual(['stratus-red-team-login-profile-user']);
    expect(iamUserKind.idsFromEvent(read('stratus__UpdateLoginProfile__privilege-escalation.iam-update-user-login-profile.json'))).toEqual(['stratus-red-team-update-login-profile-user']);
    expect(iamUserKind.idsFromEvent(read('stratus__CreateUser__persistence.iam-create-admin-user.json'))).toEqual(['malicious-iam-user']);
    expect(iamUserKind.idsFromEvent(read('panther__CreateUser__aws_iam_create_user__t0.json'))).toEqual(['new-user']);
  });
});

describe('iamAccountKind', () => {
  it('root MFA on with a virtual device of the root user', async () => {
    iam.on(GetAccountSummaryCommand).resolves(fixture('get-account-summary.json'));
    iam.on(ListVirtualMFADevicesCommand, { AssignmentStatus: 'Assigned' }).resolves(fixture('list-virtual-mfa-devices-root.json'));
    const snapshot = await iamAccountKind.collect(ctx, '111122223333');
    expect(snapshot.resource).toEqual({ type: 'AWS::::Account', id: '111122223333', arn: 'arn:aws:iam::111122223333:root' });
    expect(snapshot.state).toEqual({
      accountId: '111122223333',
      rootMfaEnabled: true,
      rootAccessKeysPresent: false,
      rootMfaType: 'virtual',
      rootVirtualMfaSerial: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device',
      rootVirtualMfaSerials: ['arn:aws:iam::111122223333:mfa/root-account-mfa-device'],
    });
  });

  it('every virtual device of the root, over every page; a user device named root-account-mfa-device is not the root\'s', async () => {
    // Prepare
    iam.on(GetAccountSummaryCommand).resolves(fixture('get-account-summary.json'));
    const device = (serial: string, arn: string) => ({ SerialNumber: `arn:aws:iam::111122223333:mfa/${serial}`, User: { Arn: arn, UserId: 'x', UserName: 'x', Path: '/', CreateDate: new Date() } });
    iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [device('root-phone', 'arn:aws:iam::111122223333:root')], IsTruncated: true, Marker: 'page2' });
    iam.on(ListVirtualMFADevicesCommand, { Marker: 'page2' }).resolves({
      VirtualMFADevices: [device('root-account-mfa-device', 'arn:aws:iam::111122223333:user/impostor'), device('root-tablet', 'arn:aws:iam::111122223333:root')],
    });
    // Act
    const snapshot = await iamAccountKind.collect(ctx, '111122223333');
    // Assess
    expect(snapshot.state).toMatchObject({ rootMfaType: 'virtual', rootVirtualMfaSerials: ['arn:aws:iam::111122223333:mfa/root-phone', 'arn:aws:iam::111122223333:mfa/root-tablet'] });
  });

  it('skips the device listing when no check at hand declares it (root access keys only)', async () => {
    // Prepare
    iam.on(GetAccountSummaryCommand).resolves(fixture('get-account-summary.json'));
    // Act
    const snapshot = await iamAccountKind.collect({ ...ctx, reads: new Set(['iam:GetAccountSummary']) }, '111122223333');
    // Assess
    expect(snapshot.state).toMatchObject({ rootMfaEnabled: true, rootAccessKeysPresent: false });
    expect(iam).not.toHaveReceivedCommand(ListVirtualMFADevicesCommand);
  });

  it('root MFA on and no virtual device of the root: hardware', async () => {
    iam.on(GetAccountSummaryCommand).resolves(fixture('get-account-summary.json'));
    iam.on(ListVirtualMFADevicesCommand).resolves(fixture('list-virtual-mfa-devices-users-only.json'));
    const snapshot = await iamAccountKind.collect(ctx, '111122223333');
    expect(snapshot.state?.rootMfaType).toBe('hardware');
  });

  it('root MFA off: no device lookup needed', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 } });
    const snapshot = await iamAccountKind.collect(ctx, '111122223333');
    expect(snapshot.state).toMatchObject({ rootMfaEnabled: false, rootAccessKeysPresent: true, rootMfaType: 'none' });
    expect(iam).not.toHaveReceivedCommand(ListVirtualMFADevicesCommand);
  });

  it('a denied device listing only makes the device type unknown', async () => {
    iam.on(GetAccountSummaryCommand).resolves(fixture('get-account-summary.json'));
    iam.on(ListVirtualMFADevicesCommand).rejects(sdkError('AccessDenied'));
    const snapshot = await iamAccountKind.collect(ctx, '111122223333');
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.state).toMatchObject({ rootMfaEnabled: true, rootMfaType: 'unknown' });
    expect(snapshot.unreadable).toEqual([expect.objectContaining({ operation: 'ListVirtualMFADevices', code: 'ACCESS_DENIED' })]);
  });

  it('a denied GetAccountSummary is the snapshot error', async () => {
    iam.on(GetAccountSummaryCommand).rejects(sdkError('AccessDenied', 'not authorized to perform: iam:GetAccountSummary'));
    const snapshot = await iamAccountKind.collect(ctx, '111122223333');
    expect(snapshot.error).toMatchObject({ operation: 'GetAccountSummary', code: 'ACCESS_DENIED' });
  });

  it.skipIf(!corpusResponse('test_account_root_mfa__iam.GetAccountSummary_1.json'))('reads the real recorded GetAccountSummary and ListVirtualMFADevices', async () => {
    iam.on(GetAccountSummaryCommand).resolves(corpusResponse('test_account_root_mfa__iam.GetAccountSummary_1.json'));
    iam.on(ListVirtualMFADevicesCommand).resolves(corpusResponse('test_account_virtual_mfa__iam.ListVirtualMFADevices_1.json'));
    const snapshot = await iamAccountKind.collect(ctx, '644160558196');
    // Only test_mfa_device2 is the root's: "root-account-mfa-device" belongs to a user, whatever its name says.
    expect(snapshot.state).toMatchObject({ rootMfaEnabled: true, rootMfaType: 'virtual', rootVirtualMfaSerials: ['arn:aws:iam::644160558196:mfa/test_mfa_device2'] });
    expect(runCheck(rootHardwareMfa, snapshot, DEFAULT_SETTINGS).result).toBe('fail');
    expect(runCheck(rootNoAccessKeys, snapshot, DEFAULT_SETTINGS).result).toBe('pass');
  });

  it('enumerates the context account', async () => {
    const ids: string[] = [];
    for await (const id of iamAccountKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['111122223333']);
  });

  it.each([
    ['event-root-enable-mfa-device.json', ['111122223333']],
    ['event-enable-mfa-device.json', []],
  ])('idsFromEvent %s → %j', (file, ids) => {
    expect(iamAccountKind.idsFromEvent(fixture<CloudTrailRecord>(file))).toEqual(ids);
  });
});
