import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, MessageImprint, TimeStampReq } from 'pkijs';
import { ParseError, TrailproofError } from '../errors.ts';
import type { TimestampAuthority } from './authority.ts';
import { verifyTokenSignature } from './signature.ts';
import { readTimestampResponse, SHA256_OID } from './token.ts';
import { timeStampingPurposeProblem } from './trust.ts';

/** RFC 3161 3.4 names the reply `application/timestamp-reply`; some TSAs still send the draft's `-response`. */
const REPLY_TYPES = new Set(['application/timestamp-reply', 'application/timestamp-response']);
const MAX_REPLY_BYTES = 256 * 1024;

/** Why a TSA gave no token this time; each is retried by a later `seal` run. */
export type TsaFailure = 'UNREACHABLE' | 'TIMEOUT' | 'HTTP_STATUS' | 'REJECTED' | 'INVALID_RESPONSE';

/** A time-stamping authority gave no usable token: `reason` says how (its code), the message what it answered. */
export class TimestampAuthorityError extends TrailproofError {
  readonly reason: TsaFailure;
  constructor(reason: TsaFailure, message: string, options: { cause?: unknown } = {}) {
    super(message, { code: `TSA_${reason}`, cause: options.cause });
    this.reason = reason;
  }
}

/** A DER TimeStampReq: SHA-256 imprint of `data`, the TSA's certificate asked for, a fresh 64-bit nonce. */
function timestampRequest(data: Uint8Array): { der: Buffer; digest: Buffer; nonce: bigint } {
  const digest = createHash('sha256').update(data).digest();
  const nonce = BigInt(`0x${randomBytes(8).toString('hex')}`);
  const request = new TimeStampReq({
    version: 1,
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithmId: SHA256_OID, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(digest) }),
    }),
    certReq: true,
    nonce: asn1js.Integer.fromBigInt(nonce),
  });
  return { der: Buffer.from(request.toSchema().toBER()), digest, nonce };
}

/** The HTTP exchange: POST the query, the reply's bytes; transport failures typed. */
async function post(tsa: TimestampAuthority, query: Buffer): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(tsa.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: new Uint8Array(query),
      signal: AbortSignal.timeout(tsa.timeoutMs),
    });
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!response.ok) throw new TimestampAuthorityError('HTTP_STATUS', `${tsa.url.href} answered HTTP ${response.status}`);
    if (!REPLY_TYPES.has(type)) throw new TimestampAuthorityError('INVALID_RESPONSE', `${tsa.url.href} answered ${type || 'no content type'}, not application/timestamp-reply`);
    const body = Buffer.from(await response.arrayBuffer());
    if (body.byteLength > MAX_REPLY_BYTES) throw new TimestampAuthorityError('INVALID_RESPONSE', `${tsa.url.href} answered ${body.byteLength} bytes, more than a time-stamp reply holds`);
    return body;
  } catch (error) {
    if (error instanceof TimestampAuthorityError) throw error;
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new TimestampAuthorityError('TIMEOUT', `${tsa.url.href} did not answer within ${tsa.timeoutMs} ms`, { cause: error });
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new TimestampAuthorityError('UNREACHABLE', `${tsa.url.href} cannot be reached: ${cause?.code ?? cause?.message ?? (error as Error).message}`, { cause: error });
  }
}

/**
 * Asks a TSA for a time-stamp over the exact bytes `data` and returns its DER TimeStampResp, only
 * once checked: status granted, imprint = SHA-256 of `data`, our nonce echoed, the CMS signature
 * and ESS certificate binding valid, the signer a time-stamping certificate. (Whether the signer
 * chains to a CA the auditor trusts is verify's question: the sealer holds no CA.)
 *
 * @throws TimestampAuthorityError with `reason` UNREACHABLE, TIMEOUT, HTTP_STATUS, REJECTED or INVALID_RESPONSE.
 * @example const tsr = await requestTimestamp(timestampAuthority(url), sealBytes);
 */
export async function requestTimestamp(tsa: TimestampAuthority, data: Uint8Array): Promise<Buffer> {
  const { der, digest, nonce } = timestampRequest(data);
  const reply = await post(tsa, der);
  const invalid = (problem: string) => new TimestampAuthorityError('INVALID_RESPONSE', `${tsa.url.href}: ${problem}`);
  let response;
  try {
    response = readTimestampResponse(reply);
  } catch (error) {
    if (error instanceof ParseError) throw new TimestampAuthorityError('INVALID_RESPONSE', `${tsa.url.href}: ${error.message}`, { cause: error });
    throw error;
  }
  const { token } = response;
  if (!token) throw new TimestampAuthorityError('REJECTED', `${tsa.url.href} granted no token: ${response.statusText}`);
  if (token.imprint.algorithm !== SHA256_OID || !token.imprint.digest.equals(digest)) throw invalid('the token stamps other bytes than the ones sent');
  if (token.nonce !== nonce) throw invalid('the token does not echo the nonce of the request (a replayed or misrouted answer)');
  const verdict = await verifyTokenSignature(token, data);
  if (!('signer' in verdict)) throw invalid(`the token's signature does not hold: ${'invalid' in verdict ? verdict.invalid : verdict.noSigner}`);
  const purpose = timeStampingPurposeProblem(verdict.signer);
  if (purpose) throw invalid(purpose);
  return reply;
}
