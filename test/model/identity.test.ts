import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import rootActivity from '../../lib/checks/iam-root-account-activity/index.ts';
import { runCheck } from '../../lib/checks/run-check.ts';
import signinConsoleMfa from '../../lib/checks/signin-console-mfa/index.ts';
import { snapshotFromEvent } from '../../lib/collectors/cloudtrail-event.ts';
import { validateUnsignedRecord } from '../../lib/evidence/schemas.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { DEFAULT_SETTINGS, type Check, type Result } from '../../lib/model/check.ts';
import { identityOf, type CloudTrailRecord } from '../../lib/model/cloudtrail.ts';
import { evaluateTrigger } from '../../lib/pipeline/evaluate.ts';

const ACCOUNT = '111122223333';
const STORE = `arn:aws:identitystore::${ACCOUNT}:identitystore/d-1234567890`;
const IDC_ACTOR = `identitycenter:${STORE}/94d00cd8-e9e6-4810-b177-b08e84775435`;
const SSO_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ClaimsAdmin_635426549a280cc6`;
const SSO_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_ClaimsAdmin_635426549a280cc6/dana@example.org`;
const SAML_ACTOR = 'saml:bdGOnTesti4+ExamplexL/jEvs=/dana@example.org';
const WEB_ACTOR = 'webidentity:accounts.google.com/108123456789012345678';

/** What each identity must become: the actor, the event-check resource, the provider and both verdicts. */
interface Expected {
  actor: string;
  /** snapshotFromEvent(record, 'AWS::IAM::User').resource */
  resource: { type: string; id: string; arn?: string };
  identityProvider?: string;
  signin: Result;
  root: Result;
}

const role = (actor: string, arn: string) => ({ type: 'AWS::IAM::Role', id: actor, arn });

/** One fixture per documented userIdentity shape: a ConsoleLogin and a management event where meaningful. */
const CASES: [string, Expected][] = [
  ['root-console-login', { actor: `arn:aws:iam::${ACCOUNT}:root`, resource: { type: 'AWS::::Account', id: `arn:aws:iam::${ACCOUNT}:root`, arn: `arn:aws:iam::${ACCOUNT}:root` }, signin: 'fail', root: 'fail' }],
  ['root-create-access-key', { actor: `arn:aws:iam::${ACCOUNT}:root`, resource: { type: 'AWS::::Account', id: `arn:aws:iam::${ACCOUNT}:root`, arn: `arn:aws:iam::${ACCOUNT}:root` }, signin: 'not_applicable', root: 'fail' }],
  ['iam-user-console-login', { actor: `arn:aws:iam::${ACCOUNT}:user/alice`, resource: { type: 'AWS::IAM::User', id: `arn:aws:iam::${ACCOUNT}:user/alice`, arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, signin: 'pass', root: 'not_applicable' }],
  ['iam-user-console-login-no-mfa', { actor: `arn:aws:iam::${ACCOUNT}:user/alice`, resource: { type: 'AWS::IAM::User', id: `arn:aws:iam::${ACCOUNT}:user/alice`, arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, signin: 'fail', root: 'not_applicable' }],
  // invokedBy signin.amazonaws.com: the user acted through the console; still the user, not a service.
  ['iam-user-get-user-policy', { actor: `arn:aws:iam::${ACCOUNT}:user/alice`, resource: { type: 'AWS::IAM::User', id: `arn:aws:iam::${ACCOUNT}:user/alice`, arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, signin: 'not_applicable', root: 'not_applicable' }],
  // A mistyped user name is withheld by AWS: no user (and no ARN) can be named.
  ['iam-user-console-login-hidden-name', { actor: 'unknown:HIDDEN_DUE_TO_SECURITY_REASONS', resource: { type: 'AWS::IAM::User', id: 'unknown:HIDDEN_DUE_TO_SECURITY_REASONS' }, signin: 'not_applicable', root: 'not_applicable' }],
  ['assumed-role-delete-bucket', { actor: `arn:aws:sts::${ACCOUNT}:assumed-role/AssumeNothing/devdsk`, resource: role(`arn:aws:sts::${ACCOUNT}:assumed-role/AssumeNothing/devdsk`, `arn:aws:iam::${ACCOUNT}:role/AssumeNothing`), signin: 'not_applicable', root: 'not_applicable' }],
  ['assumed-role-console-login', { actor: `arn:aws:sts::${ACCOUNT}:assumed-role/AssumeNothing/devdsk`, resource: role(`arn:aws:sts::${ACCOUNT}:assumed-role/AssumeNothing/devdsk`, `arn:aws:iam::${ACCOUNT}:role/AssumeNothing`), signin: 'not_applicable', root: 'not_applicable' }],
  ['assumed-role-saml-console-login', { actor: `arn:aws:sts::${ACCOUNT}:assumed-role/OktaClaimsReader/dana@example.org`, resource: role(`arn:aws:sts::${ACCOUNT}:assumed-role/OktaClaimsReader/dana@example.org`, `arn:aws:iam::${ACCOUNT}:role/OktaClaimsReader`), identityProvider: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`, signin: 'not_applicable', root: 'not_applicable' }],
  ['assumed-role-sso-console-login', { actor: SSO_SESSION, resource: role(SSO_SESSION, SSO_ROLE), identityProvider: 'sso.amazonaws.com', signin: 'not_applicable', root: 'not_applicable' }],
  ['assumed-role-sso-put-bucket-acl', { actor: SSO_SESSION, resource: role(SSO_SESSION, SSO_ROLE), identityProvider: 'sso.amazonaws.com', signin: 'not_applicable', root: 'not_applicable' }],
  ['assumed-role-oidc-update-function', { actor: `arn:aws:sts::${ACCOUNT}:assumed-role/GitHubDeploy/GitHubActions`, resource: role(`arn:aws:sts::${ACCOUNT}:assumed-role/GitHubDeploy/GitHubActions`, `arn:aws:iam::${ACCOUNT}:role/GitHubDeploy`), identityProvider: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`, signin: 'not_applicable', root: 'not_applicable' }],
  // GetFederationToken sessions: the resource is the IAM user that issued them (the broker).
  ['federated-user-console-login', { actor: `arn:aws:sts::${ACCOUNT}:federated-user/carol`, resource: { type: 'AWS::IAM::User', id: `arn:aws:sts::${ACCOUNT}:federated-user/carol`, arn: `arn:aws:iam::${ACCOUNT}:user/federation-broker` }, identityProvider: `arn:aws:iam::${ACCOUNT}:user/federation-broker`, signin: 'not_applicable', root: 'not_applicable' }],
  ['federated-user-describe-instances', { actor: `arn:aws:sts::${ACCOUNT}:federated-user/carol`, resource: { type: 'AWS::IAM::User', id: `arn:aws:sts::${ACCOUNT}:federated-user/carol`, arn: `arn:aws:iam::${ACCOUNT}:user/federation-broker` }, identityProvider: `arn:aws:iam::${ACCOUNT}:user/federation-broker`, signin: 'not_applicable', root: 'not_applicable' }],
  ['saml-user-console-login', { actor: SAML_ACTOR, resource: { type: 'AWS::IAM::SAMLProvider', id: SAML_ACTOR, arn: `arn:aws:iam::${ACCOUNT}:saml-provider/Shibboleth` }, identityProvider: 'bdGOnTesti4+ExamplexL/jEvs=', signin: 'not_applicable', root: 'not_applicable' }],
  ['saml-user-assume-role-with-saml', { actor: SAML_ACTOR, resource: { type: 'AWS::IAM::SAMLProvider', id: SAML_ACTOR, arn: `arn:aws:iam::${ACCOUNT}:saml-provider/Shibboleth` }, identityProvider: 'bdGOnTesti4+ExamplexL/jEvs=', signin: 'not_applicable', root: 'not_applicable' }],
  ['web-identity-user-console-login', { actor: WEB_ACTOR, resource: { type: 'AWS::IAM::OIDCProvider', id: WEB_ACTOR }, identityProvider: 'accounts.google.com', signin: 'not_applicable', root: 'not_applicable' }],
  ['web-identity-user-assume-role-with-web-identity', { actor: WEB_ACTOR, resource: { type: 'AWS::IAM::OIDCProvider', id: WEB_ACTOR }, identityProvider: 'accounts.google.com', signin: 'not_applicable', root: 'not_applicable' }],
  ['identity-center-user-console-login', { actor: IDC_ACTOR, resource: { type: 'AWS::IdentityStore::User', id: IDC_ACTOR }, identityProvider: STORE, signin: 'not_applicable', root: 'not_applicable' }],
  ['identity-center-user-create-token', { actor: IDC_ACTOR, resource: { type: 'AWS::IdentityStore::User', id: IDC_ACTOR }, identityProvider: STORE, signin: 'not_applicable', root: 'not_applicable' }],
  // Before July 2025 Identity Center sign-ins were typed Unknown; onBehalfOf still names the user.
  // Before onBehalfOf was logged, an Identity Center sign-in named the account as principalId and the user in userName.
  ['unknown-identity-center-user-name-only', { actor: 'unknown:dana', resource: { type: 'AWS::IAM::User', id: 'unknown:dana' }, signin: 'not_applicable', root: 'not_applicable' }],
  ['unknown-identity-center-credential-challenge', { actor: IDC_ACTOR, resource: { type: 'AWS::IdentityStore::User', id: IDC_ACTOR }, identityProvider: STORE, signin: 'not_applicable', root: 'not_applicable' }],
  // CloudTrail could not type the identity: MFAUsed alone decides, as it always did.
  ['unknown-console-login', { actor: 'unknown:AIDAEXAMPLEUNKNOWN1', resource: { type: 'AWS::IAM::User', id: 'unknown:AIDAEXAMPLEUNKNOWN1' }, signin: 'pass', root: 'not_applicable' }],
  ['aws-account-assume-role', { actor: 'account:777788889999', resource: { type: 'AWS::::Account', id: 'account:777788889999' }, signin: 'not_applicable', root: 'not_applicable' }],
  // An AWS service has no resource type of its own: the check's type stays.
  ['aws-service-assume-role', { actor: 'service:ec2.amazonaws.com', resource: { type: 'AWS::IAM::User', id: 'service:ec2.amazonaws.com' }, signin: 'not_applicable', root: 'not_applicable' }],
];

const CHECKS = [signinConsoleMfa, rootActivity] as Check[];

function parsedFixture(name: string) {
  const file = `${name}.json`;
  const [unit] = parseInput(readFileSync(new URL(`../fixtures/identities/${file}`, import.meta.url), 'utf8'), file);
  if (unit?.ok !== true || unit.trigger.kind !== 'cloudtrail') throw new Error(`${file} did not parse: ${JSON.stringify(unit)}`);
  return unit.trigger;
}

const verdict = (check: Check, record: CloudTrailRecord) => runCheck(check, snapshotFromEvent(record, check.metadata.resourceType), DEFAULT_SETTINGS);

describe('every identity CloudTrail writes', () => {
  it.each(CASES)('%s', async (name, expected) => {
    // Prepare
    const trigger = parsedFixture(name);
    const deps = { checks: CHECKS, kinds: [], settings: DEFAULT_SETTINGS, functionName: 'test', clientsFor: () => { throw new Error('event checks read nothing'); } };
    // Act
    const identity = identityOf(trigger.record);
    const resource = snapshotFromEvent(trigger.record, 'AWS::IAM::User').resource;
    const signin = verdict(signinConsoleMfa as Check, trigger.record);
    const root = verdict(rootActivity as Check, trigger.record);
    const { records } = await evaluateTrigger(trigger, deps);
    // Assess
    expect(identity.actor).toBe(expected.actor);
    expect(trigger.info.actor).toBe(expected.actor);
    expect(resource).toEqual(expected.resource);
    expect(identity.identityProvider).toBe(expected.identityProvider);
    expect([signin.result, root.result]).toEqual([expected.signin, expected.root]);
    if (expected.identityProvider && trigger.record.eventName === 'ConsoleLogin') expect(signin.observed).toMatchObject({ identityProvider: expected.identityProvider });
    // Every routed record fits the v1 schema, names the actor, and carries the verdict above.
    for (const record of records) {
      expect(() => validateUnsignedRecord(record)).not.toThrow();
      expect(record.trigger.actor).toBe(expected.actor);
      expect(record.result).toBe(record.check.id === signinConsoleMfa.metadata.id ? expected.signin : expected.root);
    }
    const routed = records.map((r) => r.check.id).sort();
    const expectedRoutes = [
      ...(trigger.record.userIdentity.type === 'Root' ? [rootActivity.metadata.id] : []),
      ...(trigger.record.eventName === 'ConsoleLogin' ? [signinConsoleMfa.metadata.id] : []),
    ].sort();
    expect(routed).toEqual(expectedRoutes);
  });

  it('a record without any userIdentity is still named: actor "unknown", and no arn is made up', () => {
    // Prepare
    const record = { ...parsedFixture('aws-service-assume-role').record, userIdentity: undefined } as unknown as CloudTrailRecord;
    // Act
    const identity = identityOf(record);
    // Assess
    expect(identity).toMatchObject({ type: 'Unknown', actor: 'unknown', resource: { id: 'unknown' } });
    expect(identity.resource.arn).toBeUndefined();
  });

  it('an unknown identity without MFA is an error, not a fail: CloudTrail did not say an IAM user signed in', () => {
    // Prepare
    const login = parsedFixture('unknown-console-login').record;
    const record = { ...login, additionalEventData: { ...login.additionalEventData, MFAUsed: 'No' } };
    // Act
    const finding = verdict(signinConsoleMfa as Check, record);
    // Assess
    expect(finding.result).toBe('error');
    expect(finding.reason).toMatch(/did not say what identity signed in/);
  });

  it('rebuilds ARNs in the partition of the region (GovCloud, China)', () => {
    // Prepare
    const login = parsedFixture('iam-user-console-login-no-mfa').record;
    const identity = { ...login.userIdentity, arn: undefined };
    // Act
    const gov = identityOf({ ...login, awsRegion: 'us-gov-west-1', userIdentity: identity });
    const china = identityOf({ ...login, awsRegion: 'cn-north-1', userIdentity: identity });
    // Assess
    expect(gov.actor).toBe(`arn:aws-us-gov:iam::${ACCOUNT}:user/alice`);
    expect(china.actor).toBe(`arn:aws-cn:iam::${ACCOUNT}:user/alice`);
  });
});
