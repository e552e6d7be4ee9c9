import type { Check, CheckMetadata, Settings } from '../../model/check.ts';
import type { IamPasswordPolicyState } from '../../model/states/iam.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * What the policy falls short of, one phrase each; empty when it meets every requirement. A member
 * IAM leaves out (no reuse limit, no maximum age) counts as not required.
 */
function shortfalls(policy: IamPasswordPolicyState, settings: Settings): string[] {
  const gaps: string[] = [];
  const length = policy.minimumPasswordLength ?? 0;
  if (length < settings.passwordMinLength) gaps.push(`minimum length ${length || 'unset'}, ${settings.passwordMinLength} required`);
  const classes: Array<[keyof IamPasswordPolicyState, string]> = [
    ['requireUppercaseCharacters', 'uppercase letters'],
    ['requireLowercaseCharacters', 'lowercase letters'],
    ['requireNumbers', 'numbers'],
    ['requireSymbols', 'symbols'],
  ];
  const missing = classes.filter(([member]) => policy[member] !== true).map(([, words]) => words);
  if (missing.length > 0) gaps.push(`${missing.join(', ')} not required`);
  const reuse = policy.passwordReusePrevention ?? 0;
  if (reuse < settings.passwordReusePrevention) gaps.push(`${reuse || 'no'} previous passwords barred from reuse, ${settings.passwordReusePrevention} required`);
  if (policy.expirePasswords !== true || policy.maxPasswordAge === undefined) gaps.push(`passwords never expire, expiry within ${settings.passwordMaxAgeDays} days required`);
  else if (policy.maxPasswordAge > settings.passwordMaxAgeDays) gaps.push(`passwords expire after ${policy.maxPasswordAge} days, at most ${settings.passwordMaxAgeDays} allowed`);
  return gaps;
}

/** iam-password-policy: the account password policy meets the deployment's length, complexity, reuse and expiry settings. */
const check: Check<IamPasswordPolicyState> = {
  metadata: metadata as CheckMetadata,
  evaluate(policy, { settings }) {
    const { accountId, present, ...members } = policy;
    const observed = { accountId, passwordPolicyPresent: present, ...(present ? { passwordPolicy: members } : {}) };
    if (!present) {
      return { result: 'fail', reason: `account ${accountId} has no IAM password policy: IAM accepts any password of 8 or more characters`, observed };
    }
    const gaps = shortfalls(policy, settings);
    if (gaps.length > 0) return { result: 'fail', reason: `the IAM password policy of account ${accountId} falls short: ${gaps.join('; ')}`, observed };
    return {
      result: 'pass',
      reason: `the IAM password policy of account ${accountId} requires ${policy.minimumPasswordLength}+ characters of all four kinds, remembers ${policy.passwordReusePrevention} passwords and expires them after ${policy.maxPasswordAge} days`,
      observed,
    };
  },
};

export default check;
