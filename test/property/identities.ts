/**
 * CloudTrail's userIdentity element in each documented type (CloudTrail User Guide, "CloudTrail
 * userIdentity element"): Root, IAMUser, AssumedRole (with SAML, OIDC and Identity Center role
 * sessions), Role, FederatedUser, Directory, AWSAccount, AWSService, Unknown, SAMLUser,
 * WebIdentityUser, IdentityCenterUser. ARNs are often absent or written as "" (failed sign-ins,
 * federated users), and some pipelines lower-case the member names.
 */
import fc from 'fast-check';
import { hex, name } from './text.ts';

const creationDate = fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
const attributes = fc.record({ creationDate, mfaAuthenticated: fc.constantFrom('true', 'false') });
const keyId = (prefix: string) => fc.stringMatching(/^[A-Z0-9]{16}$/).map((id) => `${prefix}${id}`);
const mfa = attributes.map((a) => ({ attributes: a }));

function issuer(account: string, role: string) {
  return { type: 'Role', principalId: `AROA${role.length}EXAMPLE`, arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role };
}

type Identity = Record<string, unknown>;

/** One identity per documented type, for the caller's account (unless the type says otherwise), the first one Root. */
function identities(): fc.Arbitrary<(account: string) => Identity>[] {
  return [
    fc.record({ accessKeyId: fc.oneof(keyId('ASIA'), fc.constant('')), session: fc.option(mfa, { nil: undefined }) }).map(({ accessKeyId, session }) => (account: string): Identity => ({
      type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account, accessKeyId, ...(session ? { sessionContext: session } : {}),
    })),
    fc.record({ user: name, key: keyId('AKIA'), hidden: fc.boolean(), session: fc.option(mfa, { nil: undefined }) }).map(({ user, key, hidden, session }) => (account: string): Identity => ({
      type: 'IAMUser', principalId: `AIDA${key.slice(4)}`, arn: `arn:aws:iam::${account}:user/${user}`, accountId: account, accessKeyId: key,
      userName: hidden ? 'HIDDEN_DUE_TO_SECURITY_REASONS' : user, ...(session ? { sessionContext: session } : {}),
    })),
    fc.record({ role: name, session: name, key: keyId('ASIA'), attrs: attributes, kind: fc.constantFrom('plain', 'saml', 'oidc', 'sso', 'service'), invokedBy: fc.constantFrom('ec2.amazonaws.com', 'AWS Internal') }).map(
      ({ role, session, key, attrs, kind, invokedBy }) => (account: string): Identity => ({
        type: 'AssumedRole', principalId: `AROAEXAMPLE:${session}`, arn: `arn:aws:sts::${account}:assumed-role/${kind === 'sso' ? `AWSReservedSSO_${role}_0123456789abcdef` : role}/${session}`,
        accountId: account, accessKeyId: key,
        sessionContext: {
          sessionIssuer: issuer(account, kind === 'sso' ? `AWSReservedSSO_${role}_0123456789abcdef` : role),
          webIdFederationData: kind === 'oidc' ? { federatedProvider: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`, attributes: {} } : {},
          attributes: attrs,
          ...(kind === 'saml' ? { sourceIdentity: session } : {}),
        },
        ...(kind === 'service' ? { invokedBy } : {}),
      }),
    ),
    name.map((role) => (account: string): Identity => ({ type: 'Role', principalId: 'AROAEXAMPLEROLE', arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role })),
    fc.record({ user: name, key: keyId('ASIA'), attrs: attributes }).map(({ user, key, attrs }) => (account: string): Identity => ({
      type: 'FederatedUser', principalId: `${account}:${user}`, arn: `arn:aws:sts::${account}:federated-user/${user}`, accountId: account, accessKeyId: key,
      sessionContext: { sessionIssuer: { type: 'IAMUser', principalId: 'AIDAEXAMPLEUSER', arn: `arn:aws:iam::${account}:user/broker`, accountId: account, userName: 'broker' }, attributes: attrs },
    })),
    name.map((user) => (account: string): Identity => ({ type: 'Directory', principalId: `d-${user}`, accountId: account, userName: user })),
    fc.constantFrom('123456789012', '210987654321').map((other) => (): Identity => ({ type: 'AWSAccount', principalId: 'AIDAEXAMPLEOTHER', accountId: other })),
    fc.constantFrom('config.amazonaws.com', 'cloudtrail.amazonaws.com', 'elasticloadbalancing.amazonaws.com').map((service) => (): Identity => ({ type: 'AWSService', invokedBy: service })),
    fc.record({ user: fc.option(name, { nil: undefined }), withAccount: fc.boolean() }).map(({ user, withAccount }) => (account: string): Identity => ({
      type: 'Unknown', principalId: '', ...(withAccount ? { accountId: account } : {}), ...(user ? { userName: user } : {}),
    })),
    name.map((user) => (): Identity => ({ type: 'SAMLUser', principalId: `bdGOnTesti4+ExamplexL/jEvs=:${user}`, userName: user, identityProvider: 'bdGOnTesti4+ExamplexL/jEvs=' })),
    name.map((user) => (): Identity => ({ type: 'WebIdentityUser', principalId: `accounts.google.com:${user}`, userName: user, identityProvider: 'accounts.google.com' })),
    fc.tuple(hex(8), name).map(([userId, user]) => (account: string): Identity => ({
      type: 'IdentityCenterUser', accountId: account, onBehalfOf: { userId: `${userId}-1111-2222-3333-444455556666`, identityStoreArn: 'arn:aws:identitystore::123456789012:identitystore/d-1234567890' },
      credentialId: `${user}-credential`,
    })),
  ];
}

/** Drop or blank the ARNs now and then, as CloudTrail does; lower-case the member names as some pipelines do. */
function weathered(identity: Identity, arn: 'keep' | 'drop' | 'blank', lowerCase: boolean): Identity {
  const copy = { ...identity };
  if (arn === 'drop') delete copy.arn;
  if (arn === 'blank' && 'arn' in copy) copy.arn = '';
  return lowerCase ? Object.fromEntries(Object.entries(copy).map(([k, v]) => [k.toLowerCase(), v])) : copy;
}

/**
 * A userIdentity of any documented type, as a function of the caller's account; Root only when
 * asked (its events route to the root-activity check whatever they are).
 */
export function userIdentity(options: { root?: boolean } = {}): fc.Arbitrary<(account: string) => Identity> {
  const [root, ...others] = identities();
  const identity = options.root ? root! : fc.oneof(...others);
  return fc
    .tuple(identity, fc.constantFrom<'keep' | 'drop' | 'blank'>('keep', 'keep', 'keep', 'keep', 'drop', 'blank'), fc.integer({ min: 0, max: 19 }))
    .map(([build, arn, roll]) => (account: string) => weathered(build(account), arn, roll === 0));
}
