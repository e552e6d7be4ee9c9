// An organization's sweep hour: BENCH_ORG_ACCOUNTS (50) accounts of 17,000 resources each
// (bench/account-fakes.ts), swept into one store that counts S3 requests (PUT, LIST pages of 1,000
// keys, GET) and keeps only record keys (the sealer reads names, never record bytes), then the hour
// sealed as the seal function does it (key published, then the hour), 20 ms per request: requests
// per 1,000 records, the seal's size and sealing time. The sweep runs once (its counts are exact);
// sealing runs BENCH_RUNS times, each on a fresh chain, and the median run is reported.
import { performance } from 'node:perf_hooks';
import { CHECKS } from '../lib/checks/registry.ts';
import { SNAPSHOT_KINDS } from '../lib/collectors/kinds.ts';
import { generateKeyPair } from '../lib/evidence/keys.ts';
import { DEFAULT_SETTINGS } from '../lib/model/check.ts';
import { runSweep } from '../lib/pipeline/sweep.ts';
import { runSealer } from '../lib/seal/seal-pending.ts';
import { LocalKeySigner } from '../lib/signers/local.ts';
import { MemoryStore } from '../lib/store/memory.ts';
import type { EvidenceStore, ListOptions } from '../lib/store/types.ts';
import { accountClients } from './account-fakes.ts';

const ACCOUNTS = Number(process.env.BENCH_ORG_ACCOUNTS ?? 50);
const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 17_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HOUR = Date.UTC(2026, 10, 1, 2);
const PAGE = 1000;
const EMPTY = Buffer.alloc(0);

/** A store that counts requests as S3 would bill them, waits `latencyMs` per request, and drops record bytes. */
function countingStore(latencyMs = 0) {
  const inner = new MemoryStore();
  const counts = { PUT: 0, LIST: 0, GET: 0 };
  const wait = () => (latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, latencyMs)) : undefined);
  const sealBytes = new Map<string, number>();
  const store: EvidenceStore = {
    location: 'counting:',
    async put(key, body) {
      counts.PUT++;
      await wait();
      if (key.startsWith('seals/')) sealBytes.set(key, Buffer.byteLength(body));
      return inner.put(key, key.startsWith('records/') ? EMPTY : body);
    },
    async get(key) {
      counts.GET++;
      await wait();
      return inner.get(key);
    },
    async *list(prefix: string, options?: ListOptions) {
      let listed = 0;
      counts.LIST++;
      await wait();
      for await (const key of inner.list(prefix, options)) {
        if (listed > 0 && listed % PAGE === 0) {
          counts.LIST++;
          await wait();
        }
        listed++;
        yield key;
      }
    },
  };
  return { store, counts, sealBytes, inner };
}

const signer = LocalKeySigner.fromPem(generateKeyPair().privatePem);
const swept = countingStore();
let records = 0;
const sweepStart = performance.now();
for (let a = 0; a < ACCOUNTS; a++) {
  const account = String(100000000000 + a * 7919);
  const clients = accountClients(account, RESOURCES);
  const summary = await runSweep(
    { clientsFor: () => clients, settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: SNAPSHOT_KINDS, functionName: 'bench', store: swept.store, signer, now: () => new Date(HOUR + 600_000) },
    { account, regions: ['us-east-1'], startedAt: new Date(HOUR) },
  );
  records += summary.records;
}
const sweepSeconds = (performance.now() - sweepStart) / 1000;
const objects = swept.counts.PUT;
const recordKeys: string[] = [];
for await (const key of swept.inner.list('records/')) recordKeys.push(key);

/** Seals the sweep hour into a fresh store holding the same objects: time, requests and bytes. */
async function sealHour() {
  const fresh = countingStore(Number(process.env.BENCH_S3_LATENCY_MS ?? 20));
  for (const key of recordKeys) await fresh.inner.put(key, EMPTY);
  const start = performance.now();
  const run = await runSealer(fresh.store, signer, { now: new Date(HOUR + 2 * 3_600_000), maxHours: 1 });
  const seconds = (performance.now() - start) / 1000;
  const parts = run.sealed.filter((s) => s.window.start === new Date(HOUR).toISOString());
  const sizes = parts.map((s) => fresh.sealBytes.get(s.key)!);
  return { seconds, parts: parts.length, bytes: sizes.reduce((a, b) => a + b, 0), largestPart: Math.max(...sizes), counts: fresh.counts };
}
const seals = [];
for (let i = 0; i < RUNS; i++) seals.push(await sealHour());
seals.sort((a, b) => a.seconds - b.seconds);
const seal = seals[seals.length >> 1]!;
const requests = swept.counts.PUT + swept.counts.LIST + swept.counts.GET + seal.counts.PUT + seal.counts.LIST + seal.counts.GET;
process.stdout.write(`${JSON.stringify({
  bench: 'organization', accounts: ACCOUNTS, resources: RESOURCES, records, objects, sweepSeconds,
  sweepRequests: JSON.stringify(swept.counts), sealRequests: JSON.stringify(seal.counts), requests, requestsPer1000: (requests / records) * 1000,
  sealParts: seal.parts, sealBytes: seal.bytes, sealLargestPartBytes: seal.largestPart, sealSeconds: seal.seconds,
})}\n`);
