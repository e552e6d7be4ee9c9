import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/sso-signin-mfa/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { snapshotFromEvent } from '../../lib/collectors/cloudtrail-event.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { itHasValidMetadata, parseFailed } from '../fixtures/checks/harness.ts';

const ID = 'sso-signin-mfa';
const FIXTURES = fileURLToPath(new URL('../fixtures/signin/', import.meta.url));

/** IAM Identity Center sign-in events in the shapes of "Understanding IAM Identity Center sign-in events". */
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as CloudTrailRecord;
const evaluate = (record: CloudTrailRecord) => runCheck(check, snapshotFromEvent(record, check.metadata.resourceType), DEFAULT_SETTINGS);

describe(ID, () => {
  it.each<[string, Result, RegExp]>([
    ['sso-user-authentication-password-totp.json', 'pass', /UserAuthentication of user1 \(sign-in 303486b5-fce1-4d59-ba1d-eb3acb790729\): completed the second factor TOTP/],
    ['sso-user-authentication-webauthn-2025.json', 'pass', /of arn:aws:identitystore::111122223333:identitystore\/d-9067230c03\/94482488-3041-7026-18f3-be45837cd0e4 .*completed the second factor WEBAUTHN/],
    ['sso-credential-verification-totp.json', 'pass', /CredentialVerification of user1 .*completed the second factor TOTP/],
    ['sso-user-authentication-password-only.json', 'fail', /signed in with PASSWORD only, no second factor$/],
    ['sso-user-authentication-enrollment.json', 'fail', /PASSWORD only, no second factor \(an MFA device was registered during it, but this session was opened by that factor alone\)/],
    ['sso-user-authentication-external-idp.json', 'not_applicable', /authenticated by an external identity provider/],
    ['sso-credential-verification-password.json', 'not_applicable', /verified the first factor PASSWORD; whether a second followed is the sign-in's UserAuthentication to say/],
    ['sso-credential-verification-totp-failed.json', 'not_applicable', /the factor failed: no session was opened by it/],
    ['sso-credential-challenge-totp.json', 'not_applicable', /a challenge asks for a factor; it proves none was completed/],
    ['sso-user-authentication-unknown-type.json', 'error', /CredentialType VOICE_CALL is not a factor AWS documents/],
    ['sso-user-authentication-no-type.json', 'error', /does not say which factor was used/],
  ])('%s → %s', (file, expected, reason) => {
    // Prepare
    const record = fixture(file);
    // Act
    const finding = evaluate(record);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('a record that does not say whether the step succeeded is an error, not a pass', () => {
    // Prepare
    const record = { ...fixture('sso-user-authentication-password-totp.json'), serviceEventDetails: {} };
    // Act + Assess
    expect(evaluate(record)).toMatchObject({ result: 'error', reason: expect.stringMatching(/does not say whether it succeeded/) });
  });

  it('an IAM user\'s sign-in is not this check\'s (signin-console-mfa judges ConsoleLogin)', () => {
    // Prepare
    const record = { ...fixture('sso-user-authentication-password-only.json'), userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/bob', accountId: '111122223333', userName: 'bob' } };
    // Act + Assess
    expect(evaluate(record).result).toBe('not_applicable');
  });

  it('records the workflow id that ties a sign-in\'s events together, the factors and the portal without its query', () => {
    // Act
    const finding = evaluate(fixture('sso-user-authentication-password-totp.json'));
    // Assess
    expect(finding.observed).toEqual({
      user: 'user1',
      identityType: 'Unknown',
      eventName: 'UserAuthentication',
      outcome: 'Success',
      credentialTypes: ['PASSWORD', 'TOTP'],
      authWorkflowId: '303486b5-fce1-4d59-ba1d-eb3acb790729',
      sourceIPAddress: '203.0.113.0',
      eventTime: '2025-06-01T20:40:27Z',
      loginTo: 'https://d-1234567890.awsapps.com/start/',
    });
  });

  it('names the user of an external-IdP sign-in by the UserName IAM Identity Center adds', () => {
    // Prepare: an old-style record (type Unknown, no onBehalfOf) with the UserName IAM Identity Center emits
    const record = { ...fixture('sso-user-authentication-external-idp.json'), userIdentity: { type: 'Unknown', principalId: '111122223333', accountId: '111122223333' } };
    // Act + Assess
    expect(evaluate(record).observed).toMatchObject({ user: 'dana@example.org' });
  });

  it('a snapshot that carries a parse error is an error finding', () => {
    const snap = { ...snapshotFromEvent(fixture('sso-user-authentication-password-totp.json'), check.metadata.resourceType), state: undefined };
    expect(runCheck(check, { ...snap, error: parseFailed('truncated record') }, DEFAULT_SETTINGS).result).toBe('error');
  });

  itHasValidMetadata(check, ID, { service: 'signin', eventOnly: true, hasConfigRule: false });
});
