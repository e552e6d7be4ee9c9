import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import check from '../../lib/checks/signin-console-mfa/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import { DEFAULT_SETTINGS, type Result } from '../../lib/model/check.ts';
import { snapshotFromEvent } from '../../lib/collectors/cloudtrail-event.ts';
import type { CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { itHasValidMetadata, parseFailed } from '../fixtures/checks/harness.ts';
import { CORPUS } from '../fixtures/corpus.ts';

const ID = 'signin-console-mfa';
const FIXTURES = fileURLToPath(new URL('../fixtures/signin/', import.meta.url));

const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as CloudTrailRecord;
const evaluate = (record: CloudTrailRecord) => runCheck(check, snapshotFromEvent(record, check.metadata.resourceType), DEFAULT_SETTINGS);

/** Every ConsoleLogin record of the real corpus (EventBridge envelopes unwrapped), read at test time. */
function corpusConsoleLogins(): [string, CloudTrailRecord][] {
  const dir = join(CORPUS, 'cloudtrail');
  if (!existsSync(dir)) return [];
  const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'eventbridge')).map((f) => join(dir, 'eventbridge', f))];
  return files
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const parsed = JSON.parse(readFileSync(f, 'utf8'));
      return [f.slice(dir.length + 1), (parsed.detail ?? parsed) as CloudTrailRecord] as [string, CloudTrailRecord];
    })
    .filter(([, record]) => record.eventName === 'ConsoleLogin');
}

/** How each known corpus sign-in must be classified (by the facts in its record). */
const CORPUS_EXPECTED: Record<string, Result> = {
  'crowdsec__ConsoleLogin__mfa_identifier.json': 'pass', // IAM user, MFAUsed Yes
  'iamdoc__ConsoleLogin__block8.json': 'not_applicable', // Failure
  'iamdoc__ConsoleLogin__block9.json': 'not_applicable', // Failure, no user found
  'panther__ConsoleLogin__aws_cloudtrail_unsuccessful_mfa_attempt__t1.json': 'not_applicable', // Failure
  'panther__ConsoleLogin__aws_cloudtrail_useraccesskeyauth__t2.json': 'not_applicable', // SSO AssumedRole
  'panther__ConsoleLogin__aws_console_login_without_mfa__t0.json': 'fail', // IAM user, MFAUsed No
  'panther__ConsoleLogin__aws_console_login_without_mfa__t2.json': 'fail', // root, MFAUsed No
  'panther__ConsoleLogin__aws_console_login_without_mfa__t3.json': 'not_applicable', // SamlProviderArn
  'panther__ConsoleLogin__aws_console_login_without_mfa__t4.json': 'pass', // IAM user, MFAUsed Yes
  'panther__ConsoleLogin__aws_console_root_login_failed__t0.json': 'not_applicable', // root, Failure
  'stratus__ConsoleLogin__initial-access.console-login-without-mfa.json': 'fail', // IAM user, MFAUsed No
};

describe(ID, () => {
  it.each<[string, Result, RegExp]>([
    ['console-login-iam-user-mfa.json', 'pass', /arn:aws:iam::111122223333:user\/alice signed in to the console with MFA from 203\.0\.113\.7/],
    ['console-login-iam-user-no-mfa.json', 'fail', /arn:aws:iam::111122223333:user\/bob signed in to the console without MFA from 203\.0\.113\.7/],
    ['console-login-root-no-mfa.json', 'fail', /arn:aws:iam::111122223333:root signed in to the console without MFA/],
    ['console-login-sso.json', 'not_applicable', /federated console sign-in by .*AWSReservedSSO_ClaimsAdmin.* MFA is enforced by the identity provider/],
    ['console-login-saml.json', 'not_applicable', /via arn:aws:iam::111122223333:saml-provider\/Okta/],
    ['console-login-failed.json', 'not_applicable', /console sign-in by arn:aws:iam::111122223333:user\/bob from 203\.0\.113\.7 failed \(Failed authentication\)/],
    ['console-login-no-mfa-field.json', 'error', /does not say whether MFA was used/],
  ])('%s → %s', (file, expected, reason) => {
    // Prepare
    const record = fixture(file);
    // Act
    const finding = evaluate(record);
    // Assess
    expect(finding.result).toBe(expected);
    expect(finding.reason).toMatch(reason);
  });

  it('a snapshot that carries a read error is an error finding', () => {
    const snap = { ...snapshotFromEvent(fixture('console-login-iam-user-mfa.json'), 'AWS::IAM::User'), state: undefined };
    const finding = runCheck(check, { ...snap, error: parseFailed('truncated record') }, DEFAULT_SETTINGS);
    expect(finding.result).toBe('error');
  });

  it('observes who signed in, from where, and whether MFA was used', () => {
    const finding = evaluate(fixture('console-login-iam-user-mfa.json'));
    expect(finding.observed).toMatchObject({
      actor: 'arn:aws:iam::111122223333:user/alice',
      identityType: 'IAMUser',
      consoleLogin: 'Success',
      mfaUsed: 'Yes',
      sourceIPAddress: '203.0.113.7',
      mfaIdentifier: 'arn:aws:iam::111122223333:mfa/alice-phone',
    });
  });

  const corpus = corpusConsoleLogins();
  it.skipIf(corpus.length === 0).each(corpus)('classifies the real corpus record %s', (name, record) => {
    const finding = evaluate(record);
    const expected = CORPUS_EXPECTED[name];
    if (expected) expect(finding.result).toBe(expected);
    // Whatever the record, the same facts decide: a failure or a federated sign-in is never pass/fail.
    const failedSignIn = record.responseElements?.ConsoleLogin === 'Failure';
    const federated = ['AssumedRole', 'FederatedUser', 'SAMLUser', 'WebIdentityUser'].includes(record.userIdentity.type ?? '') || !!record.additionalEventData?.SamlProviderArn;
    if (failedSignIn || federated) expect(finding.result).toBe('not_applicable');
    else expect(finding.result).toBe(record.additionalEventData?.MFAUsed === 'Yes' ? 'pass' : 'fail');
  });

  // Sign-ins are events, not state: nothing to sweep, nothing to read, no managed Config rule.
  itHasValidMetadata(check, ID, { service: 'signin', eventOnly: true, hasConfigRule: false });
});
