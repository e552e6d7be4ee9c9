import 'aws-sdk-client-mock-vitest/extend';
import { GetAccountPasswordPolicyCommand, IAMClient, type GetAccountPasswordPolicyCommandOutput } from '@aws-sdk/client-iam';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iamPasswordPolicyKind } from '../../lib/collectors/iam-password-policy.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { mockedClient, mockedContext, sdkError, sdkOutput } from '../fixtures/collectors/ctx.ts';
import { corpusPath, corpusPresent } from '../fixtures/corpus.ts';

const iam = mockedClient(IAMClient);
const ctx = mockedContext();

/** A real placebo recording ({status_code, data}) of the corpus, read at test time. */
function corpusRecording(name: string): { status_code: number; data: Record<string, unknown> & { Error?: { Code: string; Message: string } } } | undefined {
  const path = corpusPath('api-responses', name);
  return corpusPresent && existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

describe('iamPasswordPolicyKind.collect', () => {
  it('maps every member IAM returns, and leaves out what it does not (no reuse limit, no maximum age)', async () => {
    // Prepare
    iam.on(GetAccountPasswordPolicyCommand).resolves({
      PasswordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: false },
    });
    // Act
    const snapshot = await iamPasswordPolicyKind.collect(ctx, '111122223333');
    // Assess
    expect(snapshot.resource).toEqual({ type: 'AWS::::Account', id: '111122223333' });
    expect(snapshot.state).toEqual({
      accountId: '111122223333',
      present: true,
      minimumPasswordLength: 14,
      requireSymbols: true,
      requireNumbers: true,
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
      allowUsersToChangePassword: true,
      expirePasswords: false,
    });
  });

  it.each(['NoSuchEntity', 'NoSuchEntityException'])('%s means no policy is set: an answer, not an error', async (name) => {
    iam.on(GetAccountPasswordPolicyCommand).rejects(sdkError(name, 'The Password Policy with domain name 111122223333 cannot be found.', 404));
    const snapshot = await iamPasswordPolicyKind.collect(ctx, '111122223333');
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.state).toEqual({ accountId: '111122223333', present: false });
  });

  it('a denied read is the snapshot error', async () => {
    iam.on(GetAccountPasswordPolicyCommand).rejects(sdkError('AccessDenied', 'not authorized to perform: iam:GetAccountPasswordPolicy', 403));
    expect((await iamPasswordPolicyKind.collect(ctx, '111122223333')).error).toMatchObject({ operation: 'GetAccountPasswordPolicy', code: 'ACCESS_DENIED' });
  });

  it('enumerates the context account', async () => {
    const ids: string[] = [];
    for await (const id of iamPasswordPolicyKind.enumerate(ctx)) ids.push(id);
    expect(ids).toEqual(['111122223333']);
  });

  it.each(['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy'])('%s names the account it happened in', (eventName) => {
    const record: CloudTrailRecord = { eventID: 'e', eventTime: '2025-06-01T10:00:00Z', eventSource: 'iam.amazonaws.com', eventName, awsRegion: 'us-east-1', recipientAccountId: '111122223333', userIdentity: { type: 'IAMUser' }, requestParameters: {} };
    expect(iamPasswordPolicyKind.idsFromEvent(record)).toEqual(['111122223333']);
  });
});

describe.skipIf(!corpusRecording('test_account_password_policy_update__iam.GetAccountPasswordPolicy_1.json'))('the real recorded GetAccountPasswordPolicy answers', () => {
  it('a recorded policy (10 characters, nothing required) is read as it is', async () => {
    const { data } = corpusRecording('test_account_password_policy_update__iam.GetAccountPasswordPolicy_1.json')!;
    iam.on(GetAccountPasswordPolicyCommand).resolves(sdkOutput<GetAccountPasswordPolicyCommandOutput>(data));
    const snapshot = await iamPasswordPolicyKind.collect(ctx, '644160558196');
    expect(snapshot.state).toMatchObject({ present: true, minimumPasswordLength: 10, requireSymbols: false, expirePasswords: false });
  });

  it('the recorded 404 NoSuchEntity is "no policy"', async () => {
    const { status_code, data } = corpusRecording('test_account_missing_password_policy__iam.GetAccountPasswordPolicy_1.json')!;
    iam.on(GetAccountPasswordPolicyCommand).rejects(sdkError(data.Error!.Code, data.Error!.Message, status_code));
    expect((await iamPasswordPolicyKind.collect(ctx, '644160558196')).state).toEqual({ accountId: '644160558196', present: false });
  });
});
