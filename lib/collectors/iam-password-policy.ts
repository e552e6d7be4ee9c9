import { GetAccountPasswordPolicyCommand, IAMClient, type PasswordPolicy } from '@aws-sdk/client-iam';
import type { Snapshot } from '../model/check.ts';
import type { CloudTrailRecord } from '../model/cloudtrail.ts';
import type { IamPasswordPolicyState } from '../model/states/iam.ts';
import { isFailure, read } from './read.ts';
import type { CollectContext, SnapshotKind } from './types.ts';

const KIND = 'iam-password-policy';
const ACCOUNT_TYPE = 'AWS::::Account';
/** "No password policy is set": IAM's error code (wire, recordings) and the SDK's class name for it. */
const NO_POLICY = ['NoSuchEntity', 'NoSuchEntityException'];

/**
 * The account's IAM password policy (id = account id). NoSuchEntity is an answer, not a failure:
 * no policy is set (`present: false`). Any other failed read is the snapshot's error.
 *
 * @example
 * const snapshot = await iamPasswordPolicyKind.collect(ctx, ctx.account); // snapshot.state?.minimumPasswordLength
 */
export const iamPasswordPolicyKind: SnapshotKind<IamPasswordPolicyState> = {
  kind: KIND,
  resourceType: ACCOUNT_TYPE,
  global: true,
  collect: collectPolicy,
  async *enumerate(ctx) {
    yield ctx.account;
  },
  // Update/DeleteAccountPasswordPolicy name no resource: the policy is the account's.
  idsFromEvent: (record: CloudTrailRecord) => {
    const account = record.recipientAccountId ?? record.userIdentity?.accountId;
    return account ? [account] : [];
  },
};

async function collectPolicy(ctx: CollectContext, accountId: string): Promise<Snapshot<IamPasswordPolicyState>> {
  const base = {
    kind: KIND,
    resource: { type: ACCOUNT_TYPE, id: accountId },
    account: ctx.account,
    region: ctx.region,
    source: 'api' as const,
  };
  const out = await read('GetAccountPasswordPolicy', () => ctx.clients.get(IAMClient).send(new GetAccountPasswordPolicyCommand({})), { names: NO_POLICY, fallback: null });
  if (isFailure(out)) return { ...base, error: out.error };
  if (out === null || !out.PasswordPolicy) return { ...base, state: { accountId, present: false } };
  return { ...base, state: { accountId, present: true, ...policyFacts(out.PasswordPolicy) } };
}

/** The members IAM returns, as documented; a member IAM leaves out stays out (never a made-up default). */
function policyFacts(policy: PasswordPolicy): Omit<IamPasswordPolicyState, 'accountId' | 'present'> {
  const facts = {
    minimumPasswordLength: policy.MinimumPasswordLength,
    requireUppercaseCharacters: policy.RequireUppercaseCharacters,
    requireLowercaseCharacters: policy.RequireLowercaseCharacters,
    requireNumbers: policy.RequireNumbers,
    requireSymbols: policy.RequireSymbols,
    passwordReusePrevention: policy.PasswordReusePrevention,
    expirePasswords: policy.ExpirePasswords,
    maxPasswordAge: policy.MaxPasswordAge,
    allowUsersToChangePassword: policy.AllowUsersToChangePassword,
    hardExpiry: policy.HardExpiry,
  };
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));
}
