import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationCode } from '../../lib/evidence/verification-codes.ts';
import { runSealer } from '../../lib/seal/seal-pending.ts';
import { timestampKey } from '../../lib/store/layout.ts';
import { timestampAuthority } from '../../lib/timestamp/authority.ts';
import { requestTimestamp } from '../../lib/timestamp/tsa-client.ts';
import { floorHour } from '../../lib/util/time.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { TamperableStore, writeObject } from '../seal/helpers.ts';
import { hasOpenssl, startLocalTsa, type LocalTsa } from '../fixtures/tsa/local-tsa.ts';
import { codesByKey } from '../fixtures/verification.ts';

/**
 * The tamper catalog of time-stamp tokens: each way a token or its seal can be changed, forged or
 * misplaced, and the exact codes `verify --tsa-ca` gives (tokens from a loopback TSA on openssl).
 */

const HOUR = 3_600_000;
const keys = freshSigner();
const trust = { publicKeys: [keys.publicPem] };

/** A stamped store: one object in a closed hour, sealed at `sealedAt` (default now) with a token per seal. */
async function stampedStore(tsa: LocalTsa, sealedAt = new Date()): Promise<{ store: TamperableStore; seals: string[] }> {
  const store = new TamperableStore();
  await writeObject(store, keys.signer, new Date(floorHour(new Date(sealedAt.getTime() - 3 * HOUR)).getTime() + 600_000).toISOString(), 2);
  const run = await runSealer(store, keys.signer, { now: sealedAt, timestamps: { tsaUrl: tsa.url } });
  expect(run.timestamps!.missing).toBe(0);
  return { store, seals: run.sealed.map((s) => s.key) };
}

/** The offset of the TSTInfo genTime (GeneralizedTime `YYYYMMDDHHMMSSZ`, tag 0x18) in a DER response. */
function genTimeOffset(der: Buffer): number {
  for (let i = 0; i < der.length - 17; i++) if (der[i] === 0x18 && der[i + 1] === 0x0f && der[i + 16] === 0x5a) return i + 2;
  throw new Error('no GeneralizedTime in the token');
}

/** The bytes with one byte changed. */
function flipped(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! === 0x30 ? 0x31 : 0x30;
  return copy;
}

describe.skipIf(!hasOpenssl)('verify --tsa-ca: the tamper catalog of time-stamp tokens', () => {
  let tsa: LocalTsa;
  let otherCa: LocalTsa;
  let ca: Array<{ pem: string; source: string }>;
  beforeAll(async () => {
    [tsa, otherCa] = await Promise.all([startLocalTsa(), startLocalTsa()]);
    ca = [{ pem: readFileSync(tsa.pki.caFile, 'utf8'), source: 'ca.crt' }];
  });
  afterAll(() => Promise.all([tsa?.close(), otherCa?.close()]));

  /** Token failures of a verification, by key (the seal chain's, where token problems are reported). */
  async function tokenFindings(store: TamperableStore, options: { require?: boolean; now?: Date } = {}): Promise<Record<string, VerificationCode[]>> {
    const report = await verifyStore(store, trust, { timestamps: { ca, require: options.require ?? true }, ...(options.now ? { now: options.now } : {}) });
    return codesByKey(report.seals!.failures);
  }

  it('an untouched stamped store verifies', async () => {
    // Prepare
    const { store } = await stampedStore(tsa);
    // Act + Assess
    expect(await tokenFindings(store)).toEqual({});
  });

  it.each<[string, (store: TamperableStore, seals: string[]) => Promise<void> | void, (seals: string[]) => Record<string, VerificationCode[]>]>([
    [
      "a digit of the token's genTime changed (the TSTInfo no longer matches its signed digest)",
      (store, [seal]) => {
        const token = store.objects.get(timestampKey(seal!))!;
        store.overwrite(timestampKey(seal!), flipped(token, genTimeOffset(token) + 13));
      },
      ([seal]) => ({ [timestampKey(seal!)]: ['TIMESTAMP_SIGNATURE_INVALID'] }),
    ],
    [
      "the token's signature value changed (its last byte)",
      (store, [seal]) => {
        const token = store.objects.get(timestampKey(seal!))!;
        store.overwrite(timestampKey(seal!), Buffer.concat([token.subarray(0, -1), Buffer.from([token.at(-1)! ^ 0x01])]));
      },
      ([seal]) => ({ [timestampKey(seal!)]: ['TIMESTAMP_SIGNATURE_INVALID'] }),
    ],
    [
      'the token truncated',
      (store, [seal]) => store.overwrite(timestampKey(seal!), store.objects.get(timestampKey(seal!))!.subarray(0, 200)),
      ([seal]) => ({ [timestampKey(seal!)]: ['TIMESTAMP_MALFORMED'] }),
    ],
    [
      'the token replaced by text',
      (store, [seal]) => store.overwrite(timestampKey(seal!), 'not a token\n'),
      ([seal]) => ({ [timestampKey(seal!)]: ['TIMESTAMP_MALFORMED'] }),
    ],
    [
      'the tokens of two seals swapped',
      (store, [first, second]) => {
        const [a, b] = [store.objects.get(timestampKey(first!))!, store.objects.get(timestampKey(second!))!];
        store.overwrite(timestampKey(first!), b);
        store.overwrite(timestampKey(second!), a);
      },
      ([first, second]) => ({ [timestampKey(first!)]: ['TIMESTAMP_IMPRINT_MISMATCH'], [timestampKey(second!)]: ['TIMESTAMP_IMPRINT_MISMATCH'] }),
    ],
    [
      'the newest seal changed where its signature does not reach (a space before its last line): only its token tells',
      (store, seals) => {
        const head = seals.at(-1)!;
        store.overwrite(head, store.objects.get(head)!.toString('utf8').replace(/\n}\n$/, ' \n}\n'));
      },
      (seals) => ({ [timestampKey(seals.at(-1)!)]: ['TIMESTAMP_IMPRINT_MISMATCH'] }),
    ],
    [
      'a token over the right bytes from a TSA of another CA',
      async (store, [seal]) => store.overwrite(timestampKey(seal!), await requestTimestamp(timestampAuthority(otherCa.url), store.objects.get(seal!)!)),
      ([seal]) => ({ [timestampKey(seal!)]: ['TIMESTAMP_UNTRUSTED'] }),
    ],
    [
      'a token deleted',
      (store, [seal]) => store.remove(timestampKey(seal!)),
      ([seal]) => ({ [seal!]: ['TIMESTAMP_MISSING'] }),
    ],
    [
      'a token for a seal the store does not hold',
      (store, seals) => store.overwrite(timestampKey(seals.at(-1)!.replace(/\d{8}\.json$/, '00000099.json')), store.objects.get(timestampKey(seals[0]!))!),
      (seals) => ({ [timestampKey(seals.at(-1)!.replace(/\d{8}\.json$/, '00000099.json'))]: ['TIMESTAMP_ORPHANED'] }),
    ],
  ])('%s', async (_name, tamper, expected) => {
    // Prepare
    const { store, seals } = await stampedStore(tsa);
    expect(seals.length).toBeGreaterThanOrEqual(2);
    // Act
    await tamper(store, seals);
    // Assess
    expect(await tokenFindings(store)).toEqual(expected(seals));
  });

  it("a token made more than the grace after its seal's sealedAt does not vouch for the seal's time", async () => {
    // Prepare: sealed (by the sealer's clock) two days before the TSA stamped it
    const { store, seals } = await stampedStore(tsa, new Date(Date.now() - 48 * HOUR));
    // Act
    const findings = await tokenFindings(store);
    // Assess
    expect(findings).toEqual(Object.fromEntries(seals.map((s) => [timestampKey(s), ['TIMESTAMP_TIME_OUTSIDE_WINDOW']])));
  });

  it("a token made before its seal's sealedAt (less the clock skew) cannot stamp that seal", async () => {
    // Prepare: a sealer clock an hour ahead of the TSA's; verified an hour later still
    const { store, seals } = await stampedStore(tsa, new Date(Date.now() + HOUR));
    // Act
    const findings = await tokenFindings(store, { now: new Date(Date.now() + 2 * HOUR) });
    // Assess
    expect(findings).toEqual(Object.fromEntries(seals.map((s) => [timestampKey(s), ['TIMESTAMP_TIME_OUTSIDE_WINDOW']])));
  });

  it('a seal whose token fails is checked but not counted as verified', async () => {
    // Prepare
    const { store, seals } = await stampedStore(tsa);
    store.overwrite(timestampKey(seals[0]!), 'not a token\n');
    // Act
    const report = await verifyStore(store, trust, { timestamps: { ca } });
    // Assess
    expect(report.seals).toMatchObject({ checked: seals.length, ok: seals.length - 1 });
  });

  it('with a lock policy, a token without Object Lock retention is reported under its key', async () => {
    // Prepare
    const { store, seals } = await stampedStore(tsa);
    store.withDescribe();
    store.facts.set(timestampKey(seals[0]!), { key: timestampKey(seals[0]!), versions: 1, deleteMarker: false });
    // Act
    const report = await verifyStore(store, trust, { timestamps: { ca }, lock: {} });
    // Assess
    expect(codesByKey(report.seals!.failures)).toEqual({ [timestampKey(seals[0]!)]: ['RETENTION_MISSING'] });
  });

  it('a CA file without a certificate is a configuration error, not a verdict', async () => {
    // Prepare
    const { store } = await stampedStore(tsa);
    // Act + Assess
    await expect(verifyStore(store, trust, { timestamps: { ca: [{ pem: 'not a certificate', source: 'ca.txt' }] } })).rejects.toThrow(/ca\.txt holds no PEM certificate/);
  });
});
