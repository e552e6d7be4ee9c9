/** A CloudTrail record as AWS writes it; only the fields we read are typed. */
export interface CloudTrailRecord {
  eventVersion?: string;
  eventID: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  recipientAccountId?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  userIdentity: UserIdentity;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  eventType?: string;
  [key: string]: unknown;
}

/**
 * CloudTrail's userIdentity element (CloudTrail User Guide, "CloudTrail userIdentity element").
 * Every member is optional: SAMLUser, WebIdentityUser, IdentityCenterUser, AWSService and Unknown
 * identities carry no `arn`, and failed sign-ins often omit it too.
 */
interface UserIdentity {
  type?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
  principalId?: string;
  /** The AWS service that made the request for the principal (`AWSService`, forward access sessions). */
  invokedBy?: string;
  /** SAMLUser: the assertion's `saml:namequalifier`; WebIdentityUser: the token issuer. */
  identityProvider?: string;
  /** IAM Identity Center caller: the user and the identity store it belongs to. */
  onBehalfOf?: { userId?: string; identityStoreArn?: string };
  sessionContext?: {
    attributes?: { mfaAuthenticated?: string; creationDate?: string };
    sessionIssuer?: { arn?: string; type?: string; userName?: string; principalId?: string; accountId?: string };
    webIdFederationData?: { federatedProvider?: string; attributes?: Record<string, unknown> };
  };
  [key: string]: unknown;
}

/** The account the event happened in (recipientAccountId; the actor's account as a fallback). */
export function eventAccount(record: CloudTrailRecord): string {
  return record.recipientAccountId ?? record.userIdentity?.accountId ?? 'unknown';
}

/** Who acted in a CloudTrail record, named the way evidence records name it. */
export interface CloudTrailIdentity {
  /** userIdentity.type as CloudTrail wrote it; `Unknown` when the record has none. */
  type: string;
  /**
   * The principal: its ARN when CloudTrail gives or implies one, otherwise a typed principal string
   * (`saml:<provider>/<user>`, `webidentity:<provider>/<user>`, `identitycenter:<store ARN>/<user id>`,
   * `service:<invokedBy>`, `account:<id>`, `unknown:<principal id>`). Never empty.
   */
  actor: string;
  /**
   * The IAM resource the identity stands for, as an evidence record's `resource`: the user, the role
   * behind a session, the account of the root user. `type` is absent when no resource type fits
   * (AWSService, Unknown); `arn` is absent when there is no real ARN to give (never made up).
   */
  resource: { type?: string; id: string; arn?: string };
  /**
   * Set when someone other than IAM authenticated the human: the SAML provider, the OIDC issuer,
   * the Identity Center identity store, or the IAM user that handed out GetFederationToken sessions.
   */
  identityProvider?: string;
}

const ACCOUNT_TYPE = 'AWS::::Account';
const HIDDEN_USER_NAME = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** ARNs CloudTrail or we write start with `arn:` (the record schema's pattern for resource.arn). */
function isArn(value: string | undefined): value is string {
  return typeof value === 'string' && value.startsWith('arn:');
}

/** The ARN partition of a region: GovCloud and China accounts are not in `aws`. */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  if (region?.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/** A string the record actually carries: CloudTrail writes "" for fields it withholds (`arn`, `accessKeyId`). */
function present(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The one identity model every consumer uses (trigger actor, event-check resource, checks).
 * Reads the documented userIdentity shapes of Root, IAMUser, AssumedRole/Role (incl. SAML, OIDC and
 * Identity Center role sessions), FederatedUser, SAMLUser, WebIdentityUser, IdentityCenterUser,
 * AWSAccount, AWSService and Unknown. A missing ARN never fails: the actor becomes a typed string.
 *
 * @example
 * identityOf(record).actor // 'saml:bdGOnTesti4+ExamplexL/jEvs=/dana@example.org'
 */
export function identityOf(record: CloudTrailRecord): CloudTrailIdentity {
  const identity: UserIdentity = record.userIdentity ?? {};
  const type = present(identity.type) ?? 'Unknown';
  const account = present(identity.accountId) ?? present(record.recipientAccountId);
  const partition = partitionOf(record.awsRegion);
  const arn = present(identity.arn);
  const issuer = identity.sessionContext?.sessionIssuer;
  const issuerArn = isArn(issuer?.arn) ? issuer.arn : undefined;
  const userName = present(identity.userName) === HIDDEN_USER_NAME ? undefined : present(identity.userName);
  const principalId = present(identity.principalId);
  // The root user always signs in with IAM's own password: no provider stands between.
  const identityProvider = type === 'Root' ? undefined : identityProviderOf(record, type);
  // Identity Center sign-ins before July 2025 were typed Unknown with the account as principalId and
  // the user in userName: the user names the actor better than the account does.
  const said = principalId !== undefined && /^\d{12}$/.test(principalId) && userName ? userName : (principalId ?? present(identity.userName));
  const fallback = typedPrincipal(record, type) ?? unknownPrincipal(said);

  switch (type) {
    case 'Root': {
      const rootArn = arn ?? `arn:${partition}:iam::${account ?? 'unknown'}:root`;
      return { type, actor: rootArn, resource: { type: ACCOUNT_TYPE, id: rootArn, arn: rootArn }, identityProvider };
    }
    case 'IAMUser': {
      const userArn = arn ?? (userName && account ? `arn:${partition}:iam::${account}:user/${userName}` : undefined);
      const actor = userArn ?? fallback;
      return { type, actor, resource: { type: 'AWS::IAM::User', id: actor, ...(isArn(userArn) ? { arn: userArn } : {}) }, identityProvider };
    }
    case 'AssumedRole':
    case 'Role': {
      // The session ARN names who acted; the role ARN is the IAM resource behind it.
      const actor = arn ?? issuerArn ?? fallback;
      const roleArn = issuerArn ?? (isArn(actor) ? actor : undefined);
      return { type, actor, resource: { type: 'AWS::IAM::Role', id: actor, ...(roleArn ? { arn: roleArn } : {}) }, identityProvider };
    }
    case 'FederatedUser': {
      // principalId is "<account>:<name>" for GetFederationToken sessions.
      const name = principalId?.includes(':') ? principalId.slice(principalId.indexOf(':') + 1) : undefined;
      const actor = arn ?? (name && account ? `arn:${partition}:sts::${account}:federated-user/${name}` : undefined) ?? issuerArn ?? fallback;
      const resourceType = issuer?.type === 'Root' ? ACCOUNT_TYPE : 'AWS::IAM::User';
      const resourceArn = issuerArn ?? (isArn(actor) ? actor : undefined);
      return { type, actor, resource: { type: resourceType, id: actor, ...(resourceArn ? { arn: resourceArn } : {}) }, identityProvider };
    }
    case 'AWSAccount':
      return { type, actor: arn ?? fallback, resource: { type: ACCOUNT_TYPE, id: arn ?? fallback, ...(arn ? { arn } : {}) }, identityProvider };
    default: {
      const actor = arn ?? fallback;
      const resourceType = present(identity.onBehalfOf?.userId) ? 'AWS::IdentityStore::User' : RESOURCE_TYPE_OF[type];
      const resourceArn = arn ?? (type === 'SAMLUser' ? samlProviderArnOf(record) : undefined);
      return { type, actor, resource: { type: resourceType, id: actor, ...(resourceArn ? { arn: resourceArn } : {}) }, identityProvider };
    }
  }
}

/** `unknown:<what the record does say>`; plain `unknown` when it says nothing (no userIdentity at all). */
function unknownPrincipal(said: string | undefined): string {
  return said ? `unknown:${said}` : 'unknown';
}

/** Resource types of identities that are not IAM principals of the account (no ARN of their own). */
const RESOURCE_TYPE_OF: Record<string, string | undefined> = {
  SAMLUser: 'AWS::IAM::SAMLProvider',
  WebIdentityUser: 'AWS::IAM::OIDCProvider',
  IdentityCenterUser: 'AWS::IdentityStore::User',
};

/** The typed principal string of an identity that has no ARN, or undefined when the type has none. */
function typedPrincipal(record: CloudTrailRecord, type: string): string | undefined {
  const identity: UserIdentity = record.userIdentity ?? {};
  const who = present(identity.userName) ?? present(identity.principalId) ?? 'unknown';
  const center = identity.onBehalfOf;
  // Identity Center callers were typed Unknown before July 2025; onBehalfOf names them either way.
  if (present(center?.userId)) {
    const store = present(center?.identityStoreArn);
    return store ? `identitycenter:${store}/${center!.userId}` : `identitycenter:${center!.userId}`;
  }
  switch (type) {
    case 'SAMLUser':
      return `saml:${identityProviderOf(record, type) ?? 'unknown'}/${who}`;
    case 'WebIdentityUser':
      return `webidentity:${identityProviderOf(record, type) ?? 'unknown'}/${who}`;
    case 'AWSService':
      return present(identity.invokedBy) ? `service:${identity.invokedBy}` : undefined;
    case 'AWSAccount':
      return present(identity.accountId) ? `account:${identity.accountId}` : undefined;
    default:
      return undefined;
  }
}

/**
 * The IAM SAML provider a record names: a federated console sign-in writes it as
 * additionalEventData.SamlProviderArn, a SAML user's AssumeRoleWithSAML as requestParameters.principalArn
 * (other callers' principalArn parameters name something else).
 */
function samlProviderArnOf(record: CloudTrailRecord): string | undefined {
  const fromRequest = record.userIdentity?.type === 'SAMLUser' ? present(record.requestParameters?.principalArn) : undefined;
  const named = present(record.additionalEventData?.SamlProviderArn) ?? fromRequest;
  return isArn(named) && named.includes(':saml-provider/') ? named : undefined;
}

/**
 * Who authenticated the human when IAM did not: a SAML provider (the assertion's name qualifier,
 * or the SamlProviderArn a federated console sign-in records), an OIDC issuer, the Identity Center
 * identity store (directly, or through an AWSReservedSSO_ role session), or the IAM user that
 * issued a GetFederationToken session. Undefined for IAM users, root and plain role sessions.
 */
function identityProviderOf(record: CloudTrailRecord, type: string): string | undefined {
  const identity: UserIdentity = record.userIdentity ?? {};
  const samlProviderArn = samlProviderArnOf(record);
  const issuer = identity.sessionContext?.sessionIssuer;
  if (type === 'SAMLUser' || type === 'WebIdentityUser') return present(identity.identityProvider) ?? samlProviderArn ?? present(identity.sessionContext?.webIdFederationData?.federatedProvider);
  if (present(identity.onBehalfOf?.identityStoreArn) || present(identity.onBehalfOf?.userId)) return present(identity.onBehalfOf?.identityStoreArn) ?? 'sso.amazonaws.com';
  if (samlProviderArn) return samlProviderArn;
  const oidc = present(identity.sessionContext?.webIdFederationData?.federatedProvider);
  if (oidc) return oidc;
  if (/(^|\/)AWSReservedSSO_/.test(issuer?.arn ?? '') || /^AWSReservedSSO_/.test(issuer?.userName ?? '')) return 'sso.amazonaws.com';
  if (type === 'FederatedUser') return present(issuer?.arn);
  return undefined;
}
