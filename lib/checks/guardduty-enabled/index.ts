import type { Check, CheckMetadata } from '../../model/check.ts';
import type { GuardDutyDetectorState, GuardDutyFeature } from '../../model/states/guardduty.ts';
import metadata from './metadata.json' with { type: 'json' };

/** The protection plans a HIPAA reviewer asks about: ePHI in S3, database log-ins, malware on EC2. */
const NOTED_FEATURES: Record<string, string> = {
  S3_DATA_EVENTS: 'S3 protection',
  RDS_LOGIN_EVENTS: 'RDS protection',
  EBS_MALWARE_PROTECTION: 'Malware protection (EC2)',
};

function notedPlans(features: readonly GuardDutyFeature[]): string {
  const on = (name: string) => features.find((f) => f.name === name)?.status === 'ENABLED';
  const plans = Object.entries(NOTED_FEATURES).map(([name, label]) => `${label} ${on(name) ? 'on' : 'off'}`);
  return plans.join(', ');
}

/**
 * guardduty-enabled: the account has a GuardDuty detector in the region and it is not suspended.
 * An empty ListDetectors is a fail (GuardDuty is off here); a read that failed never is (runCheck
 * makes it `error`), so a member account that may not read what its administrator set up is not
 * reported as unprotected. The S3, RDS and malware protection plans are recorded and named in the
 * reason but do not decide: they are add-ons to threat detection, priced and chosen per workload.
 */
const check: Check<GuardDutyDetectorState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { snapshot }) {
    const observed = { detectorId: state.detectorId, status: state.status, features: state.features, updatedAt: state.updatedAt };
    const where = `account ${state.accountId} in ${snapshot.region}`;
    if (state.detectorId === null) {
      return { result: 'fail', reason: `GuardDuty is not enabled in ${where}: no detector`, observed };
    }
    if (state.status !== 'ENABLED') {
      return { result: 'fail', reason: `GuardDuty detector ${state.detectorId} in ${where} is ${state.status ?? 'of unknown status'} (suspended)`, observed };
    }
    return { result: 'pass', reason: `GuardDuty detector ${state.detectorId} is enabled in ${where} (${notedPlans(state.features)})`, observed };
  },
};

export default check;
