// A sweep over a synthetic account (bench/account-fakes.ts: S3 buckets, security groups, IAM users
// in the ratio 10:5:2) through SDK clients with real pagination: time, records per second, peak memory.
import { performance } from 'node:perf_hooks';
import { CHECKS } from '../lib/checks/registry.ts';
import { DEFAULT_SETTINGS } from '../lib/model/check.ts';
import { SNAPSHOT_KINDS } from '../lib/collectors/kinds.ts';
import { generateKeyPair } from '../lib/evidence/keys.ts';
import { LocalKeySigner } from '../lib/signers/local.ts';
import { runSweep } from '../lib/pipeline/sweep.ts';
import { accountClients } from './account-fakes.ts';
import { discardingStore } from './fake-clients.ts';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 17_000);
const ACCOUNT = '111122223333';
const clients = accountClients(ACCOUNT, RESOURCES);
const store = discardingStore();
const signer = LocalKeySigner.fromPem(generateKeyPair().privatePem);
const start = performance.now();
const summary = await runSweep(
  { clientsFor: () => clients, settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: SNAPSHOT_KINDS, functionName: 'bench', store, signer },
  { account: ACCOUNT, regions: ['us-east-1'], startedAt: new Date('2026-11-01T00:00:00Z') },
);
const seconds = (performance.now() - start) / 1000;
const errors = Object.values(summary.byCheck).reduce((n, c) => n + (c.error ?? 0), 0);
process.stdout.write(`${JSON.stringify({ bench: 'sweep', resources: RESOURCES, records: summary.records, errorRecords: errors, objects: store.count, seconds, recordsPerSecond: summary.records / seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
