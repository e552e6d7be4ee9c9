import type { Check, CheckMetadata } from '../../model/check.ts';
import type { IamUserCredentialsState } from '../../model/states/iam.ts';
import { ageInDays, factsSource, olderThan } from '../helpers/credential-age.ts';
import metadata from './metadata.json' with { type: 'json' };

/** One enabled credential and the time its non-use is counted from. */
interface Judged {
  credential: string;
  lastUsed?: string;
  /** Last use, else when the credential (or, failing that, the user) was created. */
  unusedSince: string;
  unusedDays: number;
}

/** The enabled password and the active keys, each with the time it has been unused since. */
function enabledCredentials(state: IamUserCredentialsState, now: Date): Judged[] {
  const judged = (credential: string, lastUsed: string | undefined, created: string | undefined): Judged => {
    const unusedSince = lastUsed ?? created ?? state.userCreationTime;
    return { credential, ...(lastUsed ? { lastUsed } : {}), unusedSince, unusedDays: ageInDays(unusedSince, now) };
  };
  return [
    ...(state.passwordEnabled ? [judged('password', state.passwordLastUsed, state.passwordLastChanged)] : []),
    ...state.accessKeys.filter((k) => k.active).map((k) => judged(k.key, k.lastUsed, k.lastRotated)),
  ];
}

function describe(c: Judged): string {
  return c.lastUsed ? `${c.credential} last used ${c.unusedDays} days ago (${c.lastUsed})` : `${c.credential} never used since ${c.unusedSince} (${c.unusedDays} days)`;
}

/**
 * iam-unused-credentials: the user's enabled console password and active access keys were each used
 * (or, never used, created) within `unusedCredentialDays` days of the judging time.
 */
const check: Check<IamUserCredentialsState> = {
  metadata: metadata as CheckMetadata,
  evaluate(state, { settings, now }) {
    const limit = settings.unusedCredentialDays;
    const credentials = enabledCredentials(state, now);
    const observed = { userName: state.userName, userCreationTime: state.userCreationTime, from: state.from, credentials };
    const source = factsSource(state.from);
    if (credentials.length === 0) {
      return { result: 'pass', reason: `${state.userName} has no console password and no active access key (${source})`, observed };
    }
    const unused = credentials.filter((c) => olderThan(c.unusedSince, limit, now));
    if (unused.length > 0) {
      return { result: 'fail', reason: `${state.userName} has credentials unused for more than ${limit} days still enabled: ${unused.map(describe).join('; ')} (${source})`, observed };
    }
    return { result: 'pass', reason: `${state.userName}'s enabled credentials were used, or created, within ${limit} days: ${credentials.map(describe).join('; ')} (${source})`, observed };
  },
};

export default check;
