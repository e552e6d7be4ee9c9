import type { Check, CheckMetadata } from '../../model/check.ts';
import type { CloudTrailRecord } from '../../model/cloudtrail.ts';
import { eventAccount, identityOf } from '../../model/cloudtrail.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * iam-root-account-activity: any API call or console sign-in by the root user is a finding. It can
 * never pass from an event: the event itself is the activity. Root is recognised by userIdentity.type
 * alone: a service acting for the account (AWSService, invokedBy) or another account is not the root
 * user, and gets not_applicable.
 */
const check: Check<CloudTrailRecord> = {
  metadata: metadata as CheckMetadata,
  evaluate(record) {
    const { type: identityType, actor } = identityOf(record);
    const account = eventAccount(record);
    const action = `${record.eventSource.replace('.amazonaws.com', '')}:${record.eventName}`;
    const observed = {
      actor,
      identityType,
      eventSource: record.eventSource,
      eventName: record.eventName,
      sourceIPAddress: record.sourceIPAddress ?? null,
      userAgent: record.userAgent ?? null,
      eventTime: record.eventTime,
      errorCode: record.errorCode ?? null,
      mfaAuthenticated: record.userIdentity?.sessionContext?.attributes?.mfaAuthenticated ?? null,
    };
    if (identityType !== 'Root') {
      return { result: 'not_applicable', reason: `${action} was called by ${observed.actor} (${identityType}), not the root user`, observed };
    }
    const from = record.sourceIPAddress ? ` from ${record.sourceIPAddress}` : '';
    if (record.eventName === 'ConsoleLogin') {
      const outcome = record.responseElements?.ConsoleLogin === 'Failure' ? 'attempted a console sign-in that failed' : 'signed in to the console';
      return { result: 'fail', reason: `the root user of account ${account} ${outcome}${from}`, observed };
    }
    const failed = record.errorCode ? ` (it failed: ${record.errorCode})` : '';
    return { result: 'fail', reason: `the root user of account ${account} called ${action}${from}${failed}`, observed };
  },
};

export default check;
