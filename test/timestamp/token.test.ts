import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { ContentInfo, PKIStatusInfo, SignedData, TimeStampResp } from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/errors.ts';
import { readTimestampResponse } from '../../lib/timestamp/token.ts';
import { createTsaPki, hasOpenssl, opensslReply, type TsaPki } from '../fixtures/tsa/local-tsa.ts';

/** The ParseError `read` throws: its field and code, or 'no error'. */
function parseFailure(read: () => unknown): { field: string; code: string } | 'no error' {
  try {
    read();
    return 'no error';
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return { field: error.field, code: error.code };
  }
}

const der = (...bytes: number[]) => Buffer.from(bytes);

describe('readTimestampResponse: what is not an RFC 3161 response fails naming the field', () => {
  it.each<[string, Buffer, { field: string; code: string }]>([
    ['no bytes', Buffer.alloc(0), { field: 'TimeStampResp', code: 'EMPTY_INPUT' }],
    ['text', Buffer.from('not a token\n'), { field: 'TimeStampResp', code: 'UNPARSEABLE' }],
    ['a SEQUENCE of the wrong shape', der(0x30, 0x03, 0x02, 0x01, 0x00), { field: 'TimeStampResp', code: 'UNPARSEABLE' }],
    ['a granted status with bytes after the response', der(0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02, 0x00), { field: 'TimeStampResp', code: 'INVALID_VALUE' }],
    ['a granted status without a token', der(0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x00), { field: 'TimeStampResp.timeStampToken', code: 'MISSING_FIELD' }],
    ['more than a response holds', Buffer.alloc(300 * 1024, 0x30), { field: 'TimeStampResp', code: 'TOO_LARGE' }],
  ])('%s', (_name, bytes, expected) => {
    // Act + Assess
    expect(parseFailure(() => readTimestampResponse(bytes))).toEqual(expected);
  });

  it('a token whose content is not SignedData names its contentType', () => {
    // Prepare: TimeStampResp { granted, ContentInfo { id-data, [0] OCTET STRING } }
    const token = new ContentInfo({ contentType: '1.2.840.113549.1.7.1', content: new asn1js.OctetString({ valueHex: new Uint8Array([1]) }) });
    const response = new TimeStampResp({ status: new PKIStatusInfo({ status: 0 }), timeStampToken: token });
    // Act + Assess
    expect(parseFailure(() => readTimestampResponse(new Uint8Array(response.toSchema().toBER())))).toEqual({ field: 'TimeStampResp.timeStampToken.contentType', code: 'INVALID_VALUE' });
  });

  it('a rejection is read as its status, with no token', () => {
    // Act
    const response = readTimestampResponse(der(0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02));
    // Assess
    expect(response).toEqual({ status: 2, statusText: 'rejection' });
  });
});

describe.skipIf(!hasOpenssl)('readTimestampResponse on openssl ts -reply answers', () => {
  let pki: TsaPki;
  let work: string;
  const data = Buffer.from('the exact bytes of a seal\n');
  beforeAll(async () => {
    pki = await createTsaPki();
    work = mkdtempSync(join(tmpdir(), 'tp-token-'));
  });
  afterAll(async () => {
    await pki?.remove();
    rmSync(work, { recursive: true, force: true });
  });

  /** openssl's reply to its own query over `data` (SHA-256, a nonce, the certificate asked for). */
  async function reply(): Promise<Buffer> {
    writeFileSync(join(work, 'data'), data);
    execFileSync('openssl', ['ts', '-query', '-data', 'data', '-sha256', '-cert', '-out', 'q.tsq'], { cwd: work, stdio: 'ignore' });
    return opensslReply(pki, readFileSync(join(work, 'q.tsq')));
  }

  /** The reply with its SignedData changed and encoded again (the signature no longer matters to parsing). */
  async function withSignedData(change: (signed: SignedData) => void): Promise<Uint8Array> {
    const response = TimeStampResp.fromBER(await reply());
    const signed = new SignedData({ schema: response.timeStampToken!.content });
    change(signed);
    response.timeStampToken = new ContentInfo({ contentType: ContentInfo.SIGNED_DATA, content: signed.toSchema(true) });
    return new Uint8Array(response.toSchema().toBER());
  }

  it('reads status, genTime, the SHA-256 imprint, the nonce and the carried certificates', async () => {
    // Act
    const response = readTimestampResponse(await reply());
    // Assess
    expect(response).toMatchObject({ status: 0, statusText: 'granted' });
    expect(response.token!.imprint).toEqual({ algorithm: '2.16.840.1.101.3.4.2.1', digest: createHash('sha256').update(data).digest() });
    expect(response.token!.nonce).toBeTypeOf('bigint');
    expect(response.token!.certificates).toHaveLength(2);
    expect(Math.abs(response.token!.genTime.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it.each<[string, (signed: SignedData) => void, string]>([
    ['content that is not TSTInfo', (s) => (s.encapContentInfo.eContentType = '1.2.840.113549.1.7.1'), 'TimeStampResp.timeStampToken.content.encapContentInfo.eContentType'],
    ['two signers', (s) => s.signerInfos.push(s.signerInfos[0]!), 'TimeStampResp.timeStampToken.content.signerInfos'],
    ['a TSTInfo that is not one', (s) => (s.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: new Uint8Array([0x30, 0x00]) })), 'TimeStampResp.timeStampToken.content.encapContentInfo.eContent (TSTInfo)'],
  ])('a token with %s names the field', async (_name, change, field) => {
    // Prepare
    const changed = await withSignedData(change);
    // Act + Assess
    expect(parseFailure(() => readTimestampResponse(changed))).toMatchObject({ field });
  });
});
