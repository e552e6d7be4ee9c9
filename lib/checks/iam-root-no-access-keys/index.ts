import type { Check, CheckMetadata } from '../../model/check.ts';
import type { IamAccountState } from '../../model/states/iam.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * iam-root-no-access-keys: GetAccountSummary says the root user has no access key
 * (AccountAccessKeysPresent 0). An inactive key is still a key: it fails too.
 */
const check: Check<IamAccountState> = {
  metadata: metadata as CheckMetadata,
  evaluate(account) {
    const observed = { accountId: account.accountId, rootAccessKeysPresent: account.rootAccessKeysPresent };
    if (account.rootAccessKeysPresent) {
      return { result: 'fail', reason: `the root user of account ${account.accountId} has an access key (active or inactive)`, observed };
    }
    return { result: 'pass', reason: `the root user of account ${account.accountId} has no access key`, observed };
  },
};

export default check;
