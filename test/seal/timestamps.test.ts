import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSealer } from '../../lib/seal/seal-pending.ts';
import { timestampKey } from '../../lib/store/layout.ts';
import { readTimestampResponse } from '../../lib/timestamp/token.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import { floorHour } from '../../lib/util/time.ts';
import { freshSigner } from '../evidence/helpers.ts';
import { downTsaUrl, hasOpenssl, startLocalTsa, type LocalTsa, type TsaBehaviour } from '../fixtures/tsa/local-tsa.ts';
import { codesByKey } from '../fixtures/verification.ts';
import { TamperableStore, writeObject } from './helpers.ts';

const HOUR = 3_600_000;
const keys = freshSigner();
const trust = { publicKeys: [keys.publicPem] };
/** Hours closed (grace included) whatever the minute now: tokens come from the TSA's real clock. */
const base = floorHour(new Date(Date.now() - 4 * HOUR));
const at = (hours: number, minutes = 10) => new Date(base.getTime() + hours * HOUR + minutes * 60_000).toISOString();

/** A store with objects in two hours, four seals between them once sealed. */
async function storeWithRecords(): Promise<TamperableStore> {
  const store = new TamperableStore();
  await writeObject(store, keys.signer, at(0), 3);
  await writeObject(store, keys.signer, at(2), 1);
  return store;
}

const tokenKeys = (store: TamperableStore) => store.keys('seals/').filter((k) => k.endsWith('.tsr'));
const sealKeys = (store: TamperableStore) => store.keys('seals/').filter((k) => k.endsWith('.json'));

describe.skipIf(!hasOpenssl)('seals with an RFC 3161 TSA (a loopback TSA on openssl ts -reply)', () => {
  let tsa: LocalTsa;
  let caPem: string;
  beforeAll(async () => {
    tsa = await startLocalTsa();
    caPem = readFileSync(tsa.pki.caFile, 'utf8');
  });
  afterAll(() => tsa?.close());
  const timestamps = (require = true) => ({ timestamps: { ca: [{ pem: caPem, source: 'ca.crt' }], require } });

  it('stores the whole TimeStampResp of each new seal beside it as <seal key>.tsr, over its exact bytes, and verify with the CA passes', async () => {
    // Prepare
    tsa.behaviour = 'grant';
    const store = await storeWithRecords();
    // Act
    const run = await runSealer(store, keys.signer, { timestamps: { tsaUrl: tsa.url } });
    const report = await verifyStore(store, trust, timestamps());
    // Assess
    expect(run.sealed.length).toBeGreaterThanOrEqual(3);
    expect(run.timestamps).toEqual({ added: run.sealed.map((s) => timestampKey(s.key)).reverse(), missing: 0 });
    expect(tokenKeys(store)).toEqual(sealKeys(store).map(timestampKey));
    const response = readTimestampResponse(store.objects.get(timestampKey(run.sealed[0]!.key))!);
    expect(response.status).toBe(0);
    expect(report).toMatchObject({ failures: [], seals: { failures: [] } });
    expect(report.seals!.ok).toBe(run.sealed.length);
  });

  it.each<[string, TsaBehaviour | 'down', number | undefined, string]>([
    ['connection refused', 'down', undefined, 'UNREACHABLE'],
    ['no answer in time', 'hang', 300, 'TIMEOUT'],
    ['HTTP 503', 'http-error', undefined, 'HTTP_STATUS'],
    ['a rejection status', 'reject', undefined, 'REJECTED'],
  ])('a TSA failing with %s delays the tokens, never the seals; the next run adds the missing tokens', async (_name, behaviour, timeoutMs, reason) => {
    // Prepare
    const store = await storeWithRecords();
    tsa.behaviour = behaviour === 'down' ? 'grant' : behaviour;
    const url = behaviour === 'down' ? await downTsaUrl() : tsa.url;
    // Act
    const failed = await runSealer(store, keys.signer, { timestamps: { tsaUrl: url, ...(timeoutMs ? { timeoutMs } : {}) } });
    const meanwhile = await verifyStore(store, trust, timestamps());
    tsa.behaviour = 'grant';
    const later = await runSealer(store, keys.signer, { timestamps: { tsaUrl: tsa.url } });
    const after = await verifyStore(store, trust, timestamps());
    // Assess: every seal written at once; one TSA failure ends the pass (a dead TSA is not asked once per seal)
    expect(failed.sealed.length).toBe(sealKeys(store).length);
    expect(failed.timestamps).toMatchObject({ added: [], failed: { sealKey: failed.head!.key, reason }, missing: failed.sealed.length });
    expect(Object.values(codesByKey(meanwhile.seals!.failures))).toEqual(failed.sealed.map(() => ['TIMESTAMP_MISSING']));
    expect(later.sealed).toEqual([]);
    expect(later.timestamps!.added).toHaveLength(failed.sealed.length);
    expect(tokenKeys(store)).toEqual(sealKeys(store).map(timestampKey));
    expect(after.seals!.failures).toEqual([]);
  });

  it('asks no token for a seal sealed longer ago than the grace, nor again for a seal that has one', async () => {
    // Prepare: sealed without a TSA, then a new hour of records
    const store = await storeWithRecords();
    const unstamped = await runSealer(store, keys.signer);
    await writeObject(store, keys.signer, at(3), 1);
    const requests = tsa.requests;
    tsa.behaviour = 'grant';
    // Act: the new hour is sealed and stamped, the young unstamped seals get theirs; two days on, only that day's new seals
    const stamped = await runSealer(store, keys.signer, { timestamps: { tsaUrl: tsa.url } });
    const again = await runSealer(store, keys.signer, { timestamps: { tsaUrl: tsa.url } });
    const twoDaysLater = await runSealer(store, keys.signer, { now: new Date(Date.now() + 48 * HOUR), timestamps: { tsaUrl: tsa.url } });
    // Assess
    expect(stamped.timestamps!.added).toHaveLength(unstamped.sealed.length + stamped.sealed.length);
    expect(again.timestamps).toEqual({ added: [], missing: 0 });
    expect(twoDaysLater.timestamps!.added).toHaveLength(twoDaysLater.sealed.length);
    expect(tsa.requests - requests).toBe(stamped.timestamps!.added.length + twoDaysLater.sealed.length);
  });

  it('a store sealed without tokens still verifies with --tsa-ca, unless tokens are required', async () => {
    // Prepare
    const store = await storeWithRecords();
    const run = await runSealer(store, keys.signer);
    // Act
    const plain = await verifyStore(store, trust);
    const checked = await verifyStore(store, trust, timestamps(false));
    const required = await verifyStore(store, trust, timestamps(true));
    // Assess
    expect(plain).toMatchObject({ failures: [], seals: { failures: [] } });
    expect(checked).toMatchObject({ failures: [], seals: { failures: [] } });
    expect(codesByKey(required.seals!.failures)).toEqual(Object.fromEntries(run.sealed.map((s) => [s.key, ['TIMESTAMP_MISSING']])));
  });

  it('a verify without --tsa-ca takes the tokens for what they are: no odd key names', async () => {
    // Prepare
    const store = await storeWithRecords();
    tsa.behaviour = 'grant';
    await runSealer(store, keys.signer, { timestamps: { tsaUrl: tsa.url } });
    // Act
    const report = await verifyStore(store, trust);
    // Assess
    expect(report).toMatchObject({ failures: [], seals: { failures: [] }, warnings: [] });
  });
});
