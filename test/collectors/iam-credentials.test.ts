import 'aws-sdk-client-mock-vitest/extend';
import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iamCredentialKinds } from '../../lib/collectors/iam-credentials.ts';
import { DEFAULT_POLLING } from '../../lib/collectors/iam-credential-report.ts';
import { RunMemo } from '../../lib/collectors/run-memo.ts';
import accessKeyRotated from '../../lib/checks/iam-access-key-rotated/index.ts';
import unusedCredentials from '../../lib/checks/iam-unused-credentials/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Check, type Snapshot } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { mockedClient, mockedContext, sdkError } from '../fixtures/collectors/ctx.ts';
import { corpusPath, corpusPresent } from '../fixtures/corpus.ts';

const CSV = readFileSync(new URL('../fixtures/iam/credential-report.csv', import.meta.url), 'utf8');
const GENERATED = new Date('2025-06-01T06:00:00Z');

const iam = mockedClient(IAMClient);
/** Kinds whose polling never waits, and the waits they asked for. */
function kinds(attempts = 3) {
  const waits: number[] = [];
  const built = iamCredentialKinds({ ...DEFAULT_POLLING, attempts, sleep: async (ms) => void waits.push(ms) });
  return { ...built, waits };
}
const ctx = () => ({ ...mockedContext(), memo: new RunMemo() });

function reportReady(csv = CSV) {
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(csv), ReportFormat: 'text/csv', GeneratedTime: GENERATED });
}

async function listed<S>(source: AsyncIterable<Snapshot<S>>): Promise<Snapshot<S>[]> {
  const all: Snapshot<S>[] = [];
  for await (const snapshot of source) all.push(snapshot);
  return all;
}

describe('credential report kinds, from the sweep listing', () => {
  it('one snapshot per IAM user, root row left out, quoted names kept whole, the generation time recorded', async () => {
    // Prepare
    reportReady();
    // Act
    const snapshots = await listed(kinds().credentials.snapshotsFromListing!(ctx()));
    // Assess
    expect(snapshots.map((s) => s.resource.id)).toEqual(['alice', 'bob', 'carol', 'ci,deploy']);
    expect(snapshots[1]).toMatchObject({
      kind: 'iam-user-credentials',
      resource: { type: 'AWS::IAM::User', id: 'bob', arn: 'arn:aws:iam::111122223333:user/bob' },
      state: {
        userName: 'bob',
        userCreationTime: '2022-02-01T09:00:00.000Z',
        passwordEnabled: true,
        passwordLastUsed: '2025-01-15T08:00:00.000Z',
        accessKeys: [
          { key: 'access_key_1', active: true, lastRotated: '2023-06-01T12:00:00.000Z', lastUsed: '2025-05-31T10:00:00.000Z' },
          { key: 'access_key_2', active: true, lastRotated: '2024-11-20T12:00:00.000Z' },
        ],
        from: { source: 'credential-report', generatedTime: '2025-06-01T06:00:00.000Z' },
      },
    });
    expect(snapshots[2]!.state).not.toHaveProperty('passwordLastUsed'); // no_information: never used
    expect(snapshots[3]!.resource.arn).toBe('arn:aws:iam::111122223333:user/build/ci,deploy');
  });

  it('both kinds of one run share one report: generated and read once', async () => {
    // Prepare
    reportReady();
    const { credentials, accessKeys } = kinds();
    const run = ctx();
    // Act
    const [users, keys] = await Promise.all([listed(credentials.snapshotsFromListing!(run)), listed(accessKeys.snapshotsFromListing!(run))]);
    // Assess
    expect(users).toHaveLength(4);
    expect(keys[0]).toMatchObject({ kind: 'iam-user-access-keys', state: { userName: 'alice', accessKeys: [{ key: 'access_key_1', active: true }, { key: 'access_key_2', active: false }] } });
    expect(keys[0]!.state).not.toHaveProperty('passwordEnabled');
    expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 1);
    expect(iam).toHaveReceivedCommandTimes(GetCredentialReportCommand, 1);
  });

  it('enumerates every user of the report', async () => {
    reportReady();
    const ids: string[] = [];
    for await (const id of kinds().accessKeys.enumerate(ctx())) ids.push(id);
    expect(ids).toEqual(['alice', 'bob', 'carol', 'ci,deploy']);
  });
});

describe('credential report polling', () => {
  it('generates until IAM says COMPLETE, waiting between rounds, then reads it', async () => {
    // Prepare
    iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolvesOnce({ State: 'INPROGRESS' }).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(CSV), ReportFormat: 'text/csv', GeneratedTime: GENERATED });
    const { credentials, waits } = kinds(5);
    // Act
    const snapshots = await listed(credentials.snapshotsFromListing!(ctx()));
    // Assess
    expect(snapshots).toHaveLength(4);
    expect(waits).toEqual([2000, 2000]);
    expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 3);
  });

  it.each(['ReportInProgress', 'CredentialReportNotReadyException', 'CredentialReportNotPresentException', 'ReportExpired'])(
    'GetCredentialReport %s is "not ready yet": the next round generates again',
    async (name) => {
      // Prepare
      iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
      iam.on(GetCredentialReportCommand)
        .rejectsOnce(sdkError(name, 'not ready', 410))
        .resolves({ Content: new TextEncoder().encode(CSV), ReportFormat: 'text/csv', GeneratedTime: GENERATED });
      // Act
      const snapshots = await listed(kinds().credentials.snapshotsFromListing!(ctx()));
      // Assess
      expect(snapshots.map((s) => s.error)).toEqual([undefined, undefined, undefined, undefined]);
      expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 2);
    },
  );

  it('gives up after its rounds: one TIMEOUT error for the account, never a hang or silence', async () => {
    // Prepare
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const { credentials, waits } = kinds(3);
    // Act
    const snapshots = await listed(credentials.snapshotsFromListing!(ctx()));
    // Assess
    expect(waits).toHaveLength(2);
    expect(iam).not.toHaveReceivedCommand(GetCredentialReportCommand);
    expect(snapshots).toEqual([
      expect.objectContaining({
        resource: { type: 'AWS::IAM::User', id: '111122223333:us-east-1' },
        error: expect.objectContaining({ operation: 'GetCredentialReport', code: 'TIMEOUT', message: expect.stringMatching(/not ready after 3 attempts over 4 s \(GenerateCredentialReport said INPROGRESS\)/) }),
      }),
    ]);
  });

  it('a denied GenerateCredentialReport is ACCESS_DENIED for the account', async () => {
    iam.on(GenerateCredentialReportCommand).rejects(sdkError('AccessDenied', 'User is not authorized to perform: iam:GenerateCredentialReport', 403));
    const snapshots = await listed(kinds().accessKeys.snapshotsFromListing!(ctx()));
    expect(snapshots).toEqual([expect.objectContaining({ error: expect.objectContaining({ operation: 'GenerateCredentialReport', code: 'ACCESS_DENIED' }) })]);
  });

  it('a denied enumeration throws with the service error name, as listings do', async () => {
    iam.on(GenerateCredentialReportCommand).rejects(sdkError('AccessDenied'));
    await expect(listed(kinds().credentials.enumerate(ctx()) as AsyncIterable<never>)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('credential report content, read strictly', () => {
  const rows = CSV.trim().split('\n');

  it('reads the CSV whether the SDK decoded it, or a recording holds it as text or base64 (as the CLI prints it)', async () => {
    for (const content of [CSV, Buffer.from(CSV).toString('base64')]) {
      iam.reset();
      iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
      iam.on(GetCredentialReportCommand).resolves({ Content: content as unknown as Uint8Array, GeneratedTime: GENERATED });
      expect((await listed(kinds().credentials.snapshotsFromListing!(ctx()))).map((s) => s.resource.id)).toEqual(['alice', 'bob', 'carol', 'ci,deploy']);
    }
  });

  it.each([
    ['a required column missing', rows.map((r) => r.split(',').slice(0, 2).join(',')).join('\n'), /Content\.header\.user_creation_time: is required/],
    ['a line with a field too many', `${rows.slice(0, 3).join('\n')},extra`, /Content\.line\[3\]: has an invalid value: 23 fields where the header has 22/],
    ['an unclosed quote', `${rows[0]}\n"alice,arn`, /Content\.line\[2\]: has an invalid value: a quoted field is never closed/],
    ['no content at all', '', /Content: is empty/],
  ])('%s makes the whole report MALFORMED_RESPONSE, naming where', async (_name, csv, message) => {
    // Prepare
    reportReady(csv);
    // Act
    const snapshots = await listed(kinds().credentials.snapshotsFromListing!(ctx()));
    // Assess
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.error).toMatchObject({ operation: 'GetCredentialReport', code: 'MALFORMED_RESPONSE', name: 'ParseError', message: expect.stringMatching(message) });
  });

  it.each([
    ['a time IAM never writes', (r: string) => r.replace('2023-06-01T12:00:00+00:00', 'yesterday'), /Content\.line\[4\]\.access_key_1_last_rotated: is not a valid time: got "yesterday"/],
    ['a flag that is not true or false', (r: string) => r.replace(',true,2025-01-15', ',yes,2025-01-15'), /Content\.line\[4\]\.password_enabled: has an invalid value: expected true or false, got "yes"/],
    ['an active key without a creation time', (r: string) => r.replace('2024-11-20T12:00:00+00:00', 'N/A'), /access_key_2_last_rotated: has an invalid value: an active key without a creation or rotation time/],
  ])('%s spoils only that user\'s row', async (_name, spoil, message) => {
    // Prepare
    reportReady(rows.map((r) => (r.startsWith('bob,') ? spoil(r) : r)).join('\n'));
    // Act
    const snapshots = await listed(kinds().credentials.snapshotsFromListing!(ctx()));
    // Assess
    expect(snapshots.map((s) => [s.resource.id, s.error?.code ?? 'ok'])).toEqual([['alice', 'ok'], ['bob', 'MALFORMED_RESPONSE'], ['carol', 'ok'], ['ci,deploy', 'ok']]);
    expect(snapshots[1]!.error?.message).toMatch(message);
  });

  it('a user listed twice is unreadable, not judged on either row', async () => {
    reportReady(`${CSV}${rows[2]}\n`);
    const snapshots = await listed(kinds().credentials.snapshotsFromListing!(ctx()));
    expect(snapshots.map((s) => s.resource.id)).toEqual(['alice', 'bob', 'carol', 'ci,deploy']);
    expect(snapshots[0]!.error?.message).toMatch(/Content\.line\[7\]\.user: has an invalid value: user alice is also on line 3/);
  });
});

describe('iam-user-access-keys.collect (access-key events): the live keys, not a report hours old', () => {
  it('reads every ListAccessKeys page', async () => {
    // Prepare
    const key = (AccessKeyId: string, Status: 'Active' | 'Inactive', created: string) => ({ UserName: 'bob', AccessKeyId, Status, CreateDate: new Date(created) });
    iam.on(ListAccessKeysCommand, { UserName: 'bob' }).resolves({ AccessKeyMetadata: [key('AKIAIOSFODNN7EXAMPLE', 'Inactive', '2023-06-01T12:00:00Z')], IsTruncated: true, Marker: 'next' });
    iam.on(ListAccessKeysCommand, { UserName: 'bob', Marker: 'next' }).resolves({ AccessKeyMetadata: [key('AKIAI44QH8DHBEXAMPLE', 'Active', '2025-05-31T09:00:00Z')] });
    // Act
    const snapshot = await kinds().accessKeys.collect(ctx(), 'bob');
    // Assess
    expect(snapshot).toMatchObject({
      resource: { type: 'AWS::IAM::User', id: 'bob' },
      state: {
        userName: 'bob',
        accessKeys: [
          { key: 'AKIAIOSFODNN7EXAMPLE', active: false, lastRotated: '2023-06-01T12:00:00.000Z' },
          { key: 'AKIAI44QH8DHBEXAMPLE', active: true, lastRotated: '2025-05-31T09:00:00.000Z' },
        ],
        from: { source: 'ListAccessKeys' },
      },
    });
    expect(iam).not.toHaveReceivedCommand(GetCredentialReportCommand);
  });

  it.each(['NoSuchEntity', 'NoSuchEntityException'])('a user that no longer exists (%s) is deleted', async (name) => {
    iam.on(ListAccessKeysCommand).rejects(sdkError(name, 'The user with name bob cannot be found.', 404));
    expect(await kinds().accessKeys.collect(ctx(), 'bob')).toMatchObject({ deleted: true, resource: { id: 'bob' } });
  });

  it('a denied ListAccessKeys is the snapshot error', async () => {
    iam.on(ListAccessKeysCommand).rejects(sdkError('AccessDenied', 'not authorized to perform: iam:ListAccessKeys', 403));
    expect((await kinds().accessKeys.collect(ctx(), 'bob')).error).toMatchObject({ operation: 'ListAccessKeys', code: 'ACCESS_DENIED' });
  });
});

describe('iam-user-credentials.collect (one user, from the report)', () => {
  it('finds the user in the report', async () => {
    reportReady();
    expect((await kinds().credentials.collect(ctx(), 'carol')).state).toMatchObject({ userName: 'carol', passwordEnabled: true });
  });

  it('a user the report does not hold is NOT_FOUND there (created since, or deleted: the report cannot tell)', async () => {
    reportReady();
    expect((await kinds().credentials.collect(ctx(), 'zoe')).error).toMatchObject({ code: 'NOT_FOUND', message: 'zoe is not in the credential report generated at 2025-06-01T06:00:00.000Z' });
  });
});

describe('idsFromEvent', () => {
  const admin = { type: 'IAMUser', userName: 'admin', arn: 'arn:aws:iam::111122223333:user/admin' };
  const event = (over: Partial<CloudTrailRecord>): CloudTrailRecord => ({ eventID: 'e1', eventTime: '2025-06-01T10:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', awsRegion: 'us-east-1', userIdentity: admin, ...over });

  it.each<[string, CloudTrailRecord, string[]]>([
    ['CreateAccessKey for another user', event({ requestParameters: { userName: 'user2' }, responseElements: { accessKey: { accessKeyId: 'AKIA', status: 'Active', userName: 'user2' } } }), ['user2']],
    ['UpdateAccessKey of the caller\'s own key (no userName)', event({ eventName: 'UpdateAccessKey', requestParameters: { accessKeyId: 'AKIA', status: 'Inactive' } }), ['admin']],
    ['DeleteAccessKey (removes what it names; the snapshot says so)', event({ eventName: 'DeleteAccessKey', requestParameters: { userName: 'bob', accessKeyId: 'AKIA' } }), ['bob']],
    ['a role session creating a key names it in the response', event({ userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/s' }, responseElements: { accessKey: { userName: 'svc' } } }), ['svc']],
    ['the root creating its own key: no IAM user', event({ userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' }, requestParameters: null, responseElements: { accessKey: { accessKeyId: 'AKIA', status: 'Active' } } }), []],
  ])('%s → %j', (_name, record, ids) => {
    expect(kinds().accessKeys.idsFromEvent(record)).toEqual(ids);
  });

  it('no event names a user for the unused-credentials kind (non-use emits none)', () => {
    expect(kinds().credentials.idsFromEvent(event({ requestParameters: { userName: 'user2' } }))).toEqual([]);
  });
});

/** A real placebo recording's `data` (botocore shape), its datetimes as Dates; undefined without the corpus. */
function corpusData(name: string): Record<string, unknown> | undefined {
  const path = corpusPath('api-responses', name);
  if (!corpusPresent || !existsSync(path)) return undefined;
  const { data } = JSON.parse(readFileSync(path, 'utf8'), (_key, value) =>
    value && value.__class__ === 'datetime' ? new Date(Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second)) : value,
  );
  delete data.ResponseMetadata;
  return data;
}

describe.skipIf(!corpusData('test_account_credential_report__iam.GetCredentialReport_1.json'))('the real recorded credential report', () => {
  const judgedAt = new Date('2017-02-22T23:07:48Z');

  it('is generated (STARTED first), read, and judged by both checks; its doubled user is unreadable, the others judged', async () => {
    // Prepare
    iam.on(GenerateCredentialReportCommand).resolvesOnce(corpusData('test_iam_user_unused_keys__iam.GenerateCredentialReport_1.json')!).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves(corpusData('test_account_credential_report__iam.GetCredentialReport_1.json')!);
    const { credentials, accessKeys } = kinds();
    const run = ctx();
    // Act
    const users = await listed(credentials.snapshotsFromListing!(run));
    const keys = await listed(accessKeys.snapshotsFromListing!(run));
    const verdicts = (snapshots: Snapshot[], check: Check) => Object.fromEntries(snapshots.map((s) => [s.resource.id, runCheck(check, s, DEFAULT_SETTINGS, judgedAt).result]));
    // Assess
    expect(users.map((s) => s.resource.id)).not.toContain('<root_account>');
    expect(users.find((s) => s.resource.id === 'andrew')?.state).toMatchObject({ from: { generatedTime: '2017-02-22T23:07:48.000Z' } });
    expect(users.find((s) => s.resource.id === 'christopher')?.error).toMatchObject({ code: 'MALFORMED_RESPONSE', message: expect.stringMatching(/user christopher is also on line 9/) });
    expect(verdicts(users, unusedCredentials as Check)).toMatchObject({ 'c7n-test': 'pass', 'c7n-iam-test': 'fail', anthony: 'fail', christopher: 'error' });
    expect(verdicts(keys, accessKeyRotated as Check)).toMatchObject({ 'c7n-test': 'not_applicable', 'c7n-iam-test': 'fail', andrew: 'fail', christopher: 'error' });
    expect(iam).toHaveReceivedCommandTimes(GetCredentialReportCommand, 1);
  });
});
