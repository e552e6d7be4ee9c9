import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import { timestampAuthority } from '../../lib/timestamp/authority.ts';
import { readTimestampResponse } from '../../lib/timestamp/token.ts';
import { requestTimestamp, TimestampAuthorityError } from '../../lib/timestamp/tsa-client.ts';
import { downTsaUrl, hasOpenssl, startLocalTsa, type LocalTsa, type TsaBehaviour } from '../fixtures/tsa/local-tsa.ts';

const seal = Buffer.from('{"schema":"trailproof/seal/v2","seq":0}\n');

/** The reason a request failed with, or 'granted'. */
async function outcome(tsa: { url: string }, timeoutMs?: number): Promise<string> {
  try {
    await requestTimestamp(timestampAuthority(tsa.url, timeoutMs), seal);
    return 'granted';
  } catch (error) {
    if (error instanceof TimestampAuthorityError) return error.reason;
    throw error;
  }
}

describe('timestampAuthority', () => {
  it.each(['ftp://tsa.example/tsr', 'file:///etc/passwd', 'tsa.example', ''])('refuses %j: a TSA URL is http(s)', (url) => {
    // Act + Assess
    expect(() => timestampAuthority(url)).toThrow(ConfigError);
  });

  it('accepts http and https', () => {
    // Act
    const tsa = timestampAuthority('https://tsa.example/tsr');
    // Assess
    expect(tsa).toEqual({ url: new URL('https://tsa.example/tsr'), timeoutMs: 10_000 });
    expect(timestampAuthority('http://127.0.0.1:1/').url.protocol).toBe('http:');
  });
});

describe.skipIf(!hasOpenssl)('requestTimestamp against a loopback TSA (openssl ts -reply)', () => {
  let tsa: LocalTsa;
  beforeAll(async () => {
    tsa = await startLocalTsa();
  });
  afterAll(() => tsa?.close());

  it('returns the whole DER TimeStampResp, granted, over the SHA-256 of the exact bytes, with our nonce', async () => {
    // Prepare
    tsa.behaviour = 'grant';
    // Act
    const der = await requestTimestamp(timestampAuthority(tsa.url), seal);
    // Assess
    const response = readTimestampResponse(der);
    expect(response.status).toBe(0);
    expect(response.token!.imprint.digest.toString('hex')).toBe(createHash('sha256').update(seal).digest('hex'));
    expect(response.token!.nonce).toBeTypeOf('bigint');
    expect(response.token!.certificates.length).toBeGreaterThanOrEqual(1);
    expect(Math.abs(response.token!.genTime.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it.each<[TsaBehaviour, string]>([
    ['http-error', 'HTTP_STATUS'],
    ['reject', 'REJECTED'],
    ['replay', 'INVALID_RESPONSE'],
    ['wrong-type', 'INVALID_RESPONSE'],
  ])('a TSA answering %s gives no token (%s): nothing unchecked is stored', async (behaviour, reason) => {
    // Prepare: a first granted reply, so `replay` has another query's token to send back
    tsa.behaviour = 'grant';
    await requestTimestamp(timestampAuthority(tsa.url), Buffer.from('another seal'));
    tsa.behaviour = behaviour;
    // Act
    const result = await outcome(tsa);
    // Assess
    expect(result).toBe(reason);
  });

  it('a TSA that does not answer times out within the bound', async () => {
    // Prepare
    tsa.behaviour = 'hang';
    const started = Date.now();
    // Act
    const result = await outcome(tsa, 300);
    // Assess
    expect(result).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('requestTimestamp against a TSA that is down', () => {
  it('reports UNREACHABLE (connection refused)', async () => {
    // Act
    const result = await outcome({ url: await downTsaUrl() });
    // Assess
    expect(result).toBe('UNREACHABLE');
  });
});
