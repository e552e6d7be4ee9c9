import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import type { Certificate } from 'pkijs';
import type { TimestampToken } from './token.ts';

/**
 * The CMS signature of a time-stamp token (RFC 5652 5.6) over the stamped bytes, and the ESS
 * signing-certificate attribute (RFC 2634 / RFC 5035) that binds the signature to ONE certificate,
 * so a token cannot be re-attributed to another certificate with the same key. Both as
 * `openssl ts -verify` checks them.
 */

/** Why a signature does not hold, or the certificate that made it. */
export type SignatureVerdict = { signer: Certificate } | { invalid: string } | { noSigner: string };

const SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
const SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
/** Hash algorithms an ESSCertIDv2 may name; SHA-256 is its default (RFC 5035 4). */
const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** pkijs reports why a SignedData did not verify by number: these mean no certificate names the signer. */
const NO_SIGNER_CODES = new Set([2, 3]);

/** A copy of exactly these bytes (a Buffer is often a view into a larger pool, which `.buffer` would hand over whole). */
const arrayBufferOf = (bytes: Uint8Array): ArrayBuffer => new Uint8Array(bytes).buffer;

/** The first ESSCertID(v2) of the signed attributes: the hash algorithm and the certificate hash it names. */
function essCertId(token: TimestampToken): { algorithm: string; hash: Buffer } | string {
  const attributes = token.signedData.signerInfos[0]?.signedAttrs?.attributes ?? [];
  const attribute = attributes.find((a) => a.type === SIGNING_CERTIFICATE_V2) ?? attributes.find((a) => a.type === SIGNING_CERTIFICATE);
  if (!attribute) return 'no ESS signing-certificate attribute binds the signature to a certificate';
  // SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies OPTIONAL }
  const certs = (attribute.values[0] as asn1js.Sequence | undefined)?.valueBlock.value?.[0] as asn1js.Sequence | undefined;
  const first = certs?.valueBlock.value?.[0] as asn1js.Sequence | undefined;
  const parts = first?.valueBlock.value ?? [];
  // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT sha256, certHash OCTET STRING, ... }; ESSCertID has SHA-1 and no algorithm.
  const algorithmId = parts[0] instanceof asn1js.Sequence ? (parts[0].valueBlock.value[0] as asn1js.ObjectIdentifier | undefined)?.getValue() : undefined;
  const hash = parts.find((p): p is asn1js.OctetString => p instanceof asn1js.OctetString);
  if (!hash) return 'the ESS signing-certificate attribute names no certificate hash';
  const algorithm = attribute.type === SIGNING_CERTIFICATE ? 'sha1' : algorithmId === undefined ? 'sha256' : HASHES[algorithmId];
  if (!algorithm) return `the ESS signing-certificate attribute uses hash ${algorithmId}, which is not SHA-256/384/512`;
  return { algorithm, hash: Buffer.from(hash.getValue()) };
}

/**
 * Does the token's CMS signature verify over its TSTInfo, the TSTInfo's imprint match `data`, and
 * the signed ESS attribute name the certificate that signed? Never throws for bad content.
 */
export async function verifyTokenSignature(token: TimestampToken, data: Uint8Array): Promise<SignatureVerdict> {
  let signer: Certificate;
  try {
    const result = await token.signedData.verify({ signer: 0, data: arrayBufferOf(data), extendedMode: true, checkChain: false });
    if (!result.signatureVerified || !result.signerCertificate) return { invalid: 'the signature does not verify with the signer certificate' };
    signer = result.signerCertificate;
  } catch (error) {
    const { code, message } = error as { code?: number; message?: string };
    if (code !== undefined && NO_SIGNER_CODES.has(code)) return { noSigner: message ?? 'the token carries no signer certificate' };
    return { invalid: message ?? String(error) };
  }
  const named = essCertId(token);
  if (typeof named === 'string') return { invalid: named };
  const actual = createHash(named.algorithm).update(new Uint8Array(signer.toSchema().toBER())).digest();
  if (!actual.equals(named.hash)) return { invalid: 'the ESS signing-certificate attribute names another certificate than the one that signed' };
  return { signer };
}
