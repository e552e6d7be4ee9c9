import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { DEFAULT_TIMESTAMP_GRACE_MS } from '../seal/types.ts';
import { timestampKey } from '../store/layout.ts';
import type { EvidenceStore } from '../store/types.ts';
import { futureDateErrors, type VerifyClock } from './dates.ts';
import { readBytes } from './read-object.ts';
import type { KeyFailure, TimestampPolicy } from './types.ts';

/** Checks the token of one seal, given the seal's exact bytes and its sealedAt. */
export type SealTokenCheck = (sealKey: string, sealBytes: Buffer, sealedAt: string | undefined, tokenStored: boolean) => Promise<KeyFailure | undefined>;

/** The time a token may carry for a seal: from its sealedAt less the clock skew to its sealedAt plus the grace. */
function windowProblems(genTime: Date, sealKey: string, sealedAt: string | undefined, clock: VerifyClock, graceMs: number): VerificationProblem[] {
  const problems = futureDateErrors('time-stamp genTime', genTime.toISOString(), clock);
  // A seal without sealedAt already fails SEALED_AT_MISSING: there is no window to hold the token against.
  if (sealedAt === undefined) return problems;
  const sealed = Date.parse(sealedAt);
  const [from, to] = [sealed - clock.skewMs, sealed + graceMs];
  if (genTime.getTime() < from || genTime.getTime() > to) {
    problems.push(verificationProblem('TIMESTAMP_TIME_OUTSIDE_WINDOW', { genTime: genTime.toISOString(), from: new Date(from).toISOString(), to: new Date(to).toISOString(), sealKey }));
  }
  return problems;
}

/**
 * The token check verifySeals runs on every seal of the period, when the auditor gave TSA CA
 * certificates: a seal without `<seal key>.tsr` is TIMESTAMP_MISSING (on the seal) only when
 * `require`; a stored token is checked against the seal's exact bytes and the CAs
 * (lib/timestamp/check-token.ts), its genTime against the seal's window, and with a lock policy
 * its Object Lock facts; its problems are reported under the token's key.
 *
 * The ASN.1 and PKI code (pkijs) is loaded here, on demand: verify without `--tsa-ca` never loads it.
 *
 * @throws ConfigError when a CA file holds no certificate.
 */
export async function sealTokenChecker(
  store: EvidenceStore,
  policy: TimestampPolicy,
  clock: VerifyClock,
  lock?: (key: string, since: string | undefined) => Promise<VerificationProblem[]>,
): Promise<SealTokenCheck> {
  const [{ checkTimestampToken }, { readTrustAnchors }] = await Promise.all([import('../timestamp/check-token.ts'), import('../timestamp/trust.ts')]);
  const anchors = policy.ca.flatMap(({ pem, source }) => readTrustAnchors(pem, source));
  const graceMs = policy.graceMs ?? DEFAULT_TIMESTAMP_GRACE_MS;
  return async (sealKey, sealBytes, sealedAt, tokenStored) => {
    const tokenKey = timestampKey(sealKey);
    if (!tokenStored) return policy.require ? { key: sealKey, errors: [verificationProblem('TIMESTAMP_MISSING', { tokenKey })] } : undefined;
    const read = await readBytes(store, tokenKey);
    const errors: VerificationProblem[] = [];
    if ('error' in read) errors.push(read.error);
    else {
      const { problems, genTime } = await checkTimestampToken(read.bytes, sealKey, sealBytes, anchors);
      errors.push(...problems, ...(genTime ? windowProblems(genTime, sealKey, sealedAt, clock, graceMs) : []));
    }
    if (lock) errors.push(...(await lock(tokenKey, sealedAt)));
    return errors.length > 0 ? { key: tokenKey, errors } : undefined;
  };
}
