import type { Check, CheckMetadata } from '../../model/check.ts';
import type { IamUserAccessKeysState } from '../../model/states/iam.ts';
import { ageInDays, factsSource, olderThan } from '../helpers/credential-age.ts';
import metadata from './metadata.json' with { type: 'json' };

/**
 * iam-access-key-rotated: every active access key of the user was created (or last rotated) no more
 * than `accessKeyMaxAgeDays` days before the judging time. Inactive keys are not judged.
 */
const check: Check<IamUserAccessKeysState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { settings, now }) {
    const limit = settings.accessKeyMaxAgeDays;
    const active = state.accessKeys.filter((k) => k.active);
    const observed = {
      userName: state.userName,
      from: state.from,
      accessKeys: state.accessKeys.map((k) => ({ ...k, ...(k.lastRotated ? { ageDays: ageInDays(k.lastRotated, now) } : {}) })),
    };
    const source = factsSource(state.from);
    if (active.length === 0) return { result: 'not_applicable', reason: `${state.userName} has no active access key (${source})`, observed };
    const undated = active.filter((k) => !k.lastRotated);
    if (undated.length > 0) {
      return { result: 'error', reason: `${source} does not say when ${state.userName}'s active key ${undated.map((k) => k.key).join(', ')} was created`, observed };
    }
    const stale = active.filter((k) => olderThan(k.lastRotated!, limit, now));
    if (stale.length > 0) {
      const keys = stale.map((k) => `${k.key} (${ageInDays(k.lastRotated!, now)} days, since ${k.lastRotated})`).join(', ');
      const what = stale.length === 1 ? 'an active access key' : `${stale.length} active access keys`;
      return { result: 'fail', reason: `${state.userName} has ${what} older than ${limit} days: ${keys} (${source})`, observed };
    }
    const ages = active.map((k) => `${k.key} (${ageInDays(k.lastRotated!, now)} days)`).join(', ');
    return { result: 'pass', reason: `${state.userName}'s active access keys are at most ${limit} days old: ${ages} (${source})`, observed };
  },
};

export default check;
