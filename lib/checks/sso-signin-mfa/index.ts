import type { Check, CheckMetadata, Finding } from '../../model/check.ts';
import type { CloudTrailRecord } from '../../model/cloudtrail.ts';
import { identityOf } from '../../model/cloudtrail.ts';
import metadata from './metadata.json' with { type: 'json' };

/** Factors that are something the user has (IAM Identity Center and AWS sign-in's documented CredentialType values). */
const SECOND_FACTORS = new Set(['TOTP', 'RESYNC_TOTP', 'WEBAUTHN', 'SMARTCARD']);
/** Factors that are something the user knows, or a one-time code to an inbox in its place. */
const FIRST_FACTORS = new Set(['PASSWORD', 'EMAIL_OTP']);
const EXTERNAL_IDP = 'EXTERNAL_IDP';
/** Identities that sign in with IAM's own password: their sign-ins are ConsoleLogin events (signin-console-mfa). */
const IAM_IDENTITIES = new Set(['IAMUser', 'Root', 'AssumedRole', 'FederatedUser']);

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The user who signed in, as the record names them (userName is gone from records after July 2025). */
function userOf(record: CloudTrailRecord): string {
  const identity = record.userIdentity ?? {};
  const center = identity.onBehalfOf;
  if (text(center?.userId)) return center?.identityStoreArn ? `${center.identityStoreArn}/${center.userId}` : center!.userId!;
  return text(record.additionalEventData?.UserName) ?? text(identity.userName) ?? 'an unnamed user';
}

/**
 * sso-signin-mfa: what one IAM Identity Center sign-in event proves about its second factor (see the
 * metadata rationale for the reading of each event).
 */
const check: Check<CloudTrailRecord> = {
  metadata: metadata as CheckMetadata,
  evaluate(record): Finding {
    const extra = record.additionalEventData ?? {};
    const details = (record.serviceEventDetails ?? {}) as Record<string, unknown>;
    const outcome = text(details[record.eventName]) ?? null;
    const credentialTypes = (text(extra.CredentialType) ?? '').split(',').map((t) => t.trim().toUpperCase()).filter(Boolean);
    const user = userOf(record);
    const workflow = text(extra.AuthWorkflowID);
    const observed = {
      user,
      identityType: identityOf(record).type,
      eventName: record.eventName,
      outcome,
      credentialTypes,
      authWorkflowId: workflow ?? null,
      sourceIPAddress: record.sourceIPAddress ?? null,
      eventTime: record.eventTime,
      ...(text(extra.DeviceEnrollmentRequired) ? { deviceEnrollmentRequired: extra.DeviceEnrollmentRequired } : {}),
      ...(text(extra.LoginTo) ? { loginTo: String(extra.LoginTo).split('?')[0] } : {}),
    };
    const of = `${record.eventName} of ${user}${workflow ? ` (sign-in ${workflow})` : ''}`;
    const verdict = (result: Finding['result'], why: string): Finding => ({ result, reason: `${of}: ${why}`, observed });

    if (IAM_IDENTITIES.has(record.userIdentity?.type ?? '')) return verdict('not_applicable', `a ${record.userIdentity?.type} sign-in is not an IAM Identity Center sign-in`);
    if (record.eventName === 'CredentialChallenge') return verdict('not_applicable', 'a challenge asks for a factor; it proves none was completed');
    if (record.eventName !== 'CredentialVerification' && record.eventName !== 'UserAuthentication') {
      return verdict('not_applicable', 'not a sign-in verification or authentication event');
    }
    if (outcome === 'Failure' || text(record.errorCode)) return verdict('not_applicable', `the ${record.eventName === 'UserAuthentication' ? 'sign-in' : 'factor'} failed: no session was opened by it`);
    if (outcome !== 'Success') return verdict('error', `the record does not say whether it succeeded (serviceEventDetails.${record.eventName}: ${outcome ?? 'absent'})`);
    if (credentialTypes.length === 0) return verdict('error', 'the record does not say which factor was used (no CredentialType)');
    if (credentialTypes.includes(EXTERNAL_IDP)) return verdict('not_applicable', 'authenticated by an external identity provider, which enforces MFA out of AWS\'s sight');

    const second = credentialTypes.filter((t) => SECOND_FACTORS.has(t));
    if (second.length > 0) return verdict('pass', `completed the second factor ${second.join(', ')}`);
    const unknown = credentialTypes.filter((t) => !FIRST_FACTORS.has(t));
    if (unknown.length > 0) return verdict('error', `CredentialType ${unknown.join(', ')} is not a factor AWS documents: whether it is a second factor is unknown`);
    if (record.eventName === 'CredentialVerification') {
      return verdict('not_applicable', `verified the first factor ${credentialTypes.join(', ')}; whether a second followed is the sign-in's UserAuthentication to say`);
    }
    const enrolled = text(extra.DeviceEnrollmentRequired) === 'true' ? ' (an MFA device was registered during it, but this session was opened by that factor alone)' : '';
    return verdict('fail', `signed in with ${credentialTypes.join(', ')} only, no second factor${enrolled}`);
  },
};

export default check;
