import * as asn1js from 'asn1js';
import { Certificate, ContentInfo, SignedData, TimeStampResp, TSTInfo } from 'pkijs';
import { ParseError } from '../errors.ts';

/**
 * An RFC 3161 TimeStampResp read from its DER bytes, strictly: every structure where RFC 3161 and
 * RFC 5652 put it, nothing after the response, and each failure a ParseError naming the field
 * (`TimeStampResp.timeStampToken.content.signerInfos`, ...). Nothing here decides trust: see
 * check-token.ts.
 */

/** id-signedData (RFC 5652) and id-ct-TSTInfo (RFC 3161): what a token's two content types must be. */
const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const ID_CT_TST_INFO = '1.2.840.113549.1.9.16.1.4';
/** id-sha256: the one imprint algorithm trailproof asks for and accepts. */
export const SHA256_OID = '2.16.840.1.101.3.4.2.1';
/** A response with a certificate chain is a few KB; anything near this is not one. */
const MAX_RESPONSE_BYTES = 256 * 1024;

/** PKIStatus values that carry a token (RFC 3161 2.4.2): granted, grantedWithMods. */
const GRANTED = new Set([0, 1]);
const STATUS_NAMES = ['granted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning', 'revocationNotification'];

/** The token of a granted response: its signed TSTInfo facts and the CMS structure that signs them. */
export interface TimestampToken {
  /** When the TSA says it saw the imprint (TSTInfo.genTime). */
  genTime: Date;
  /** TSTInfo.messageImprint: the hash algorithm's OID and the digest. */
  imprint: { algorithm: string; digest: Buffer };
  /** TSTInfo.nonce, when the request had one. */
  nonce?: bigint;
  /** The CMS SignedData of the token, for the signature and chain checks. */
  signedData: SignedData;
  /** The X.509 certificates the token carries (certReq true asks for the TSA's). */
  certificates: Certificate[];
}

/** A TimeStampResp: its status, and its token when the status grants one. */
export interface TimestampResponse {
  status: number;
  /** The status's name and the TSA's own text, for messages (`rejection: unknown policy`). */
  statusText: string;
  token?: TimestampToken;
}

/** Parses one DER structure with nothing after it; `field` names it in errors. */
function parseDer(bytes: Uint8Array, field: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1) throw new ParseError(field, 'UNPARSEABLE', `not BER/DER: ${parsed.result.error}`);
  if (parsed.offset !== bytes.byteLength) throw new ParseError(field, 'INVALID_VALUE', `${bytes.byteLength - parsed.offset} byte(s) after the structure`);
  return parsed.result;
}

/** Runs a pkijs schema reader; its failure (a schema mismatch) becomes a ParseError naming `field`. */
function read<T>(field: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError(field, 'UNPARSEABLE', (error as Error).message, { cause: error });
  }
}

function statusText(response: TimeStampResp): string {
  const { status, statusStrings } = response.status;
  const name = STATUS_NAMES[status] ?? `status ${status}`;
  const text = (statusStrings ?? []).map((s) => s.valueBlock.value).join('; ');
  return text ? `${name}: ${text}` : name;
}

/** The TSTInfo of a token, with its content types checked on the way. */
function tokenOf(contentInfo: ContentInfo): TimestampToken {
  const base = 'TimeStampResp.timeStampToken';
  if (contentInfo.contentType !== ID_SIGNED_DATA) throw new ParseError(`${base}.contentType`, 'INVALID_VALUE', `${contentInfo.contentType} is not id-signedData`);
  const signedData = read(`${base}.content`, () => new SignedData({ schema: contentInfo.content }));
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== ID_CT_TST_INFO) throw new ParseError(`${base}.content.encapContentInfo.eContentType`, 'INVALID_VALUE', `${encap.eContentType} is not id-ct-TSTInfo`);
  if (!encap.eContent) throw new ParseError(`${base}.content.encapContentInfo.eContent`, 'MISSING_FIELD');
  // RFC 3161 2.4.2: the token MUST NOT hold any signature but the TSA's.
  if (signedData.signerInfos.length !== 1) throw new ParseError(`${base}.content.signerInfos`, 'INVALID_VALUE', `${signedData.signerInfos.length} signers, a token has exactly one`);
  const tstField = `${base}.content.encapContentInfo.eContent (TSTInfo)`;
  const tst = read(tstField, () => new TSTInfo({ schema: parseDer(new Uint8Array(encap.eContent!.getValue()), tstField) }));
  if (Number.isNaN(tst.genTime.getTime())) throw new ParseError(`${tstField}.genTime`, 'INVALID_TIME');
  const certificates = (signedData.certificates ?? []).filter((c): c is Certificate => c instanceof Certificate);
  return {
    genTime: tst.genTime,
    imprint: { algorithm: tst.messageImprint.hashAlgorithm.algorithmId, digest: Buffer.from(tst.messageImprint.hashedMessage.getValue()) },
    ...(tst.nonce ? { nonce: tst.nonce.toBigInt() } : {}),
    signedData,
    certificates,
  };
}

/**
 * Reads a DER TimeStampResp (what a TSA answers and what trailproof stores as `<seal>.tsr`).
 *
 * @throws ParseError naming the field when the bytes are not a response of RFC 3161's shape, or a
 *   granted response carries no token.
 * @example const { status, token } = readTimestampResponse(await readFile('00000042.json.tsr'));
 */
export function readTimestampResponse(der: Uint8Array): TimestampResponse {
  if (der.byteLength === 0) throw new ParseError('TimeStampResp', 'EMPTY_INPUT');
  if (der.byteLength > MAX_RESPONSE_BYTES) throw new ParseError('TimeStampResp', 'TOO_LARGE', `${der.byteLength} bytes, at most ${MAX_RESPONSE_BYTES}`);
  const response = read('TimeStampResp', () => new TimeStampResp({ schema: parseDer(der, 'TimeStampResp') }));
  const status = response.status.status;
  const answer: TimestampResponse = { status, statusText: statusText(response) };
  if (!GRANTED.has(status)) return answer;
  if (!response.timeStampToken) throw new ParseError('TimeStampResp.timeStampToken', 'MISSING_FIELD', `the status is ${answer.statusText}`);
  return { ...answer, token: tokenOf(response.timeStampToken) };
}
