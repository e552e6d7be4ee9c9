import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { CloudTrailRecord } from '../../model/cloudtrail.ts';
import { actorArn } from '../../model/cloudtrail.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Identities whose console session comes from an identity provider (SAML, SSO, web identity). */
const FEDERATED_TYPES = new Set(['AssumedRole', 'FederatedUser', 'SAMLUser', 'WebIdentityUser']);

/**
 * signin-console-mfa: each successful ConsoleLogin by an IAM user or the root user used MFA.
 * Federated sign-ins are not_applicable (MFA is the identity provider's), failed sign-ins too
 * (no session was created).
 */
const check: Check<CloudTrailRecord> = {
  metadata: metadata as CheckMetadata,
  evaluate(record): Finding {
    const extra = record.additionalEventData ?? {};
    const identityType = record.userIdentity?.type ?? 'unknown';
    const actor = actorArn(record);
    const outcome = (record.responseElements?.ConsoleLogin as string | undefined) ?? null;
    const mfaUsed = typeof extra.MFAUsed === 'string' ? extra.MFAUsed : null;
    const samlProviderArn = typeof extra.SamlProviderArn === 'string' ? extra.SamlProviderArn : null;
    const from = record.sourceIPAddress ? ` from ${record.sourceIPAddress}` : '';
    const observed = {
      actor,
      identityType,
      consoleLogin: outcome,
      mfaUsed,
      sourceIPAddress: record.sourceIPAddress ?? null,
      eventTime: record.eventTime,
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
    if (FEDERATED_TYPES.has(identityType) || samlProviderArn) {
      const via = samlProviderArn ?? record.userIdentity?.sessionContext?.sessionIssuer?.arn ?? identityType;
      return { result: 'not_applicable', reason: `federated console sign-in by ${actor} via ${via}: MFA is enforced by the identity provider`, observed };
    }
    if (mfaUsed === 'Yes') {
      return { result: 'pass', reason: `${actor} signed in to the console with MFA${from}`, observed };
    }
    if (mfaUsed === 'No' && (identityType === 'IAMUser' || identityType === 'Root')) {
      return { result: 'fail', reason: `${actor} signed in to the console without MFA${from}`, observed };
    }
    // A record that does not say whether MFA was used cannot be evidence either way.
    return { result: 'error', reason: `console sign-in by ${actor} (${identityType}) does not say whether MFA was used (MFAUsed=${mfaUsed ?? 'absent'})`, observed };
  },
};

export default check;
