import { createHash } from 'node:crypto';
import type { Certificate } from 'pkijs';
import { ParseError } from '../errors.ts';
import { verificationProblem, type VerificationProblem } from '../evidence/verification-codes.ts';
import { verifyTokenSignature } from './signature.ts';
import { readTimestampResponse, SHA256_OID, type TimestampToken } from './token.ts';
import { chainProblem, timeStampingPurposeProblem } from './trust.ts';


/** What a stored token says about its seal: its problems, and its time when it could be read. */
export interface TokenCheck {
  problems: VerificationProblem[];
  /** The token's genTime, once the token is known to stamp these bytes with a trusted signature. */
  genTime?: Date;
}

/** The token's imprint against the seal's bytes: SHA-256, and that digest. */
function imprintProblem(token: TimestampToken, sealKey: string, sealBytes: Uint8Array): VerificationProblem | undefined {
  const sha256 = createHash('sha256').update(sealBytes).digest('hex');
  const { algorithm, digest } = token.imprint;
  if (algorithm === SHA256_OID && digest.toString('hex') === sha256) return undefined;
  const imprint = `${algorithm === SHA256_OID ? 'sha256' : `hash ${algorithm}`}:${digest.toString('hex')}`;
  return verificationProblem('TIMESTAMP_IMPRINT_MISMATCH', { sealKey, imprint, sha256 });
}

/**
 * Checks one stored time-stamp response against the exact bytes of its seal and the auditor's TSA
 * CA(s), in the order a forger would have to defeat them: readable as RFC 3161 (else
 * TIMESTAMP_MALFORMED, naming the field), granted, stamping the SHA-256 of these bytes
 * (TIMESTAMP_IMPRINT_MISMATCH), signed (TIMESTAMP_SIGNATURE_INVALID: CMS signature, message digest,
 * ESS signing-certificate), by a time-stamping certificate chaining to a given CA at its genTime
 * (TIMESTAMP_UNTRUSTED). The first failure ends the check: later ones would only restate it.
 * Whether genTime fits the seal is the caller's (lib/verify/seal-timestamps.ts).
 *
 * @example const { problems, genTime } = await checkTimestampToken(tsr, 'seals/v2/2026/05/01/00000042.json', sealBytes, anchors);
 */
export async function checkTimestampToken(der: Uint8Array, sealKey: string, sealBytes: Uint8Array, anchors: readonly Certificate[]): Promise<TokenCheck> {
  const fail = (problem: VerificationProblem): TokenCheck => ({ problems: [problem] });
  let token: TimestampToken;
  try {
    const response = readTimestampResponse(der);
    if (!response.token) return fail(verificationProblem('TIMESTAMP_MALFORMED', { field: 'TimeStampResp.status', problem: `${response.statusText}: no token was granted` }));
    token = response.token;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return fail(verificationProblem('TIMESTAMP_MALFORMED', { field: error.field, problem: error.message.slice(error.field.length + 2) }));
  }
  const imprint = imprintProblem(token, sealKey, sealBytes);
  if (imprint) return fail(imprint);
  const verdict = await verifyTokenSignature(token, sealBytes);
  if ('invalid' in verdict) return fail(verificationProblem('TIMESTAMP_SIGNATURE_INVALID', { reason: verdict.invalid }));
  if ('noSigner' in verdict) return fail(verificationProblem('TIMESTAMP_UNTRUSTED', { reason: verdict.noSigner }));
  const untrusted = timeStampingPurposeProblem(verdict.signer) ?? (await chainProblem(verdict.signer, token.certificates, anchors, token.genTime));
  if (untrusted) return fail(verificationProblem('TIMESTAMP_UNTRUSTED', { reason: untrusted }));
  return { problems: [], genTime: token.genTime };
}
