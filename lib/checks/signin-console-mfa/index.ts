import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { CloudTrailRecord } from '../../model/cloudtrail.ts';
import { identityOf } from '../../model/cloudtrail.ts';
import metadata from './metadata.json' with { type: 'json' };

/** The identities whose MFA this check judges: IAM users and the root user sign in with IAM's password. */
const IAM_PASSWORD_TYPES = new Set(['IAMUser', 'Root']);
/** CloudTrail could not say who signed in (or the record omits it): MFAUsed alone decides, as before. */
const UNTYPED = new Set(['Unknown']);

/**
 * signin-console-mfa: each successful ConsoleLogin by an IAM user or the root user used MFA.
 * Sign-ins through an identity provider (SAML, OIDC, IAM Identity Center, a federation broker) and
 * role sessions are not_applicable: MFA is the provider's, recorded as observed.identityProvider.
 * Failed sign-ins are not_applicable too (no session was created).
 */
const check: Check<CloudTrailRecord> = {
  metadata: metadata as CheckMetadata,
  evaluate(record): Finding {
    const extra = record.additionalEventData ?? {};
    const { type: identityType, actor, identityProvider } = identityOf(record);
    const outcome = (record.responseElements?.ConsoleLogin as string | undefined) ?? null;
    const mfaUsed = typeof extra.MFAUsed === 'string' ? extra.MFAUsed : null;
    const samlProviderArn = typeof extra.SamlProviderArn === 'string' ? extra.SamlProviderArn : null;
    const sessionIssuer = record.userIdentity?.sessionContext?.sessionIssuer?.arn;
    const from = record.sourceIPAddress ? ` from ${record.sourceIPAddress}` : '';
    const observed = {
      actor,
      identityType,
      consoleLogin: outcome,
      mfaUsed,
      sourceIPAddress: record.sourceIPAddress ?? null,
      eventTime: record.eventTime,
      ...(identityProvider ? { identityProvider } : {}),
      ...(sessionIssuer ? { sessionIssuer } : {}),
      ...(samlProviderArn ? { samlProviderArn } : {}),
      ...(typeof extra.MFAIdentifier === 'string' ? { mfaIdentifier: extra.MFAIdentifier } : {}),
    };

    if (record.eventName !== 'ConsoleLogin') {
      return { result: 'not_applicable', reason: `${record.eventName} by ${actor} is not a console sign-in`, observed };
    }
    if (outcome === 'Failure') {
      const why = record.errorMessage ? ` (${record.errorMessage})` : '';
      return { result: 'not_applicable', reason: `console sign-in by ${actor}${from} failed${why}: no session was created`, observed };
    }
    if (identityProvider) {
      return { result: 'not_applicable', reason: `federated console sign-in by ${actor} via ${identityProvider}: MFA is enforced by the identity provider`, observed };
    }
    if (!IAM_PASSWORD_TYPES.has(identityType) && !UNTYPED.has(identityType)) {
      const via = sessionIssuer ? ` of ${sessionIssuer}` : '';
      return { result: 'not_applicable', reason: `console sign-in by ${actor} (${identityType}${via}) is not an IAM user's password sign-in: MFA is enforced where its credentials were issued`, observed };
    }
    if (mfaUsed === 'Yes') {
      return { result: 'pass', reason: `${actor} signed in to the console with MFA${from}`, observed };
    }
    if (mfaUsed === 'No' && IAM_PASSWORD_TYPES.has(identityType)) {
      return { result: 'fail', reason: `${actor} signed in to the console without MFA${from}`, observed };
    }
    if (mfaUsed === 'No') {
      return { result: 'error', reason: `console sign-in by ${actor} without MFA, but CloudTrail did not say what identity signed in (${identityType}): whether IAM-user MFA applies is unknown`, observed };
    }
    // A record that does not say whether MFA was used cannot be evidence either way.
    return { result: 'error', reason: `console sign-in by ${actor} (${identityType}) does not say whether MFA was used (MFAUsed=${mfaUsed ?? 'absent'})`, observed };
  },
};

export default check;
