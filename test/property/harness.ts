/**
 * One property case batch end to end: parse every input text, run the real pipeline (real checks,
 * real collectors against RandomAws, one local key, a memory store), then read the store back and
 * verify it. `assessBatch` holds the properties every batch must have, whatever it was made of.
 */
import { expect } from 'vitest';
import { CHECKS } from '../../lib/checks/registry.ts';
import { SNAPSHOT_KINDS } from '../../lib/collectors/kinds.ts';
import { PARSE_ERROR_TEXT, ParseError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/events/parse.ts';
import { routeTrigger } from '../../lib/events/route.ts';
import type { ParsedInput } from '../../lib/events/types.ts';
import { generateKeyPair } from '../../lib/evidence/keys.ts';
import type { EvidenceRecord } from '../../lib/evidence/types.ts';
import { DEFAULT_SETTINGS } from '../../lib/model/check.ts';
import { runPipeline, type RunSummary } from '../../lib/pipeline/run.ts';
import type { InputOutcome } from '../../lib/pipeline/writer.ts';
import { LocalKeySigner } from '../../lib/signers/local.ts';
import { MemoryStore } from '../../lib/store/memory.ts';
import { publishPublicKey } from '../../lib/store/publish-key.ts';
import { readRecords } from '../../lib/store/read-records.ts';
import { verifyStore } from '../../lib/verify/verify-store.ts';
import type { ExpectedOutcome, InputText } from './envelopes.ts';
import { RandomAws } from './random-aws.ts';
import { loadKinds } from '../../lib/collectors/lazy-kinds.ts';

const KINDS = await loadKinds(SNAPSHOT_KINDS);

/** What every batch of a test file shares: the random AWS and one signing key. */
export interface PropertyEnv {
  aws: RandomAws;
  signer: LocalKeySigner;
  publicPem: string;
}

export async function propertyEnv(): Promise<PropertyEnv> {
  const signer = LocalKeySigner.fromPem(generateKeyPair().privatePem);
  return { aws: new RandomAws(), signer, publicPem: await signer.publicKeyPem() };
}

/** One batch after the pipeline: each outcome with the unit it belongs to and what was expected of it. */
export interface BatchRun {
  parsed: ParsedInput[];
  expected: ExpectedOutcome[];
  summary: RunSummary;
  store: MemoryStore;
  /** Every stored record by id (a retried id keeps its first copy). */
  records: Map<string, EvidenceRecord>;
  /** Every stored line's record id, in store order. */
  storedIds: string[];
}

/** Parse each text (which must never throw) and run the pipeline over all their units at once. */
export async function runBatch(texts: readonly InputText[], env: PropertyEnv, seed: number): Promise<BatchRun> {
  env.aws.reseed(seed);
  const parsed: ParsedInput[] = [];
  const expected: ExpectedOutcome[] = [];
  for (const { source, text, outcomes } of texts) {
    const units = parseInput(text, source);
    expect(units.map((u) => u.ok), `${source} gives one outcome per unit`).toHaveLength(outcomes.length);
    parsed.push(...units);
    expected.push(...outcomes);
  }
  const store = new MemoryStore();
  await publishPublicKey(store, env.signer);
  const summary = await runPipeline(parsed, {
    clientsFor: () => env.aws.clients, settings: DEFAULT_SETTINGS, checks: CHECKS, kinds: SNAPSHOT_KINDS, functionName: 'property', store, signer: env.signer,
  });
  const records = new Map<string, EvidenceRecord>();
  const storedIds: string[] = [];
  // readRecords schema-checks every line against evidence-record v1 and throws on the first that fails.
  for await (const { record } of readRecords(store)) {
    storedIds.push(record.id);
    if (!records.has(record.id)) records.set(record.id, record);
  }
  return { parsed, expected, summary, store, records, storedIds };
}

const OUTCOME_CODES = new Set([...Object.keys(PARSE_ERROR_TEXT), 'SCHEMA_ERROR']);

/** One outcome against its unit's expectation; invalid always with a code, and a parse error naming its field. */
function assessOutcome(outcome: InputOutcome, input: ParsedInput, { expect: expectation }: ExpectedOutcome): void {
  const where = `${outcome.source}: ${outcome.status} ${outcome.code ?? ''} ${outcome.detail ?? ''}`.slice(0, 400);
  expect(['recorded', 'no-check', 'skipped', 'invalid'], where).toContain(outcome.status);
  expect(outcome.recordIds.length > 0, where).toBe(outcome.status === 'recorded');
  if (outcome.status === 'invalid') {
    expect(OUTCOME_CODES, where).toContain(outcome.code);
    if (input.ok === false) {
      expect(input.error, where).toBeInstanceOf(ParseError);
      expect(input.error.field, where).not.toBe('');
      expect(outcome.detail?.startsWith(`${input.error.field}: `), where).toBe(true);
    } else {
      expect(outcome.detail, where).toMatch(/^record of \S+ for .*, not signed: \S/s);
    }
  }
  if (expectation.kind === 'clean') expect(outcome.status, where).not.toBe('invalid');
  if (expectation.kind === 'invalid') expect(expectation.codes, where).toContain(outcome.code);
  if (expectation.kind === 'no-events') expect([outcome.status, outcome.code], where).toEqual(['skipped', 'NO_EVENTS']);
}

/**
 * An evaluated input's records are exactly its routed (check, resource) pairs: one record per pair
 * the router names (an event's or item's resource, a compliance change), any number for a check
 * whose resources are found by a read (a route table's subnets, a fan-out), none for another check.
 */
function assessRouting(outcome: InputOutcome, input: ParsedInput, records: Map<string, EvidenceRecord>): void {
  if (input.ok !== true || (outcome.status !== 'recorded' && outcome.status !== 'no-check')) return;
  const plan = routeTrigger(input.trigger, CHECKS, KINDS);
  const exact = new Map<string, number>();
  const open = new Set<string>();
  for (const evaluation of plan.evaluations) {
    const id = evaluation.check.metadata.id;
    if (evaluation.related || evaluation.fanOut) open.add(id);
    else exact.set(id, (exact.get(id) ?? 0) + 1);
  }
  for (const entry of plan.compliance) exact.set(entry.check.metadata.id, (exact.get(entry.check.metadata.id) ?? 0) + 1);
  const made = new Map<string, number>();
  for (const id of outcome.recordIds) {
    const record = records.get(id);
    expect(record, `${outcome.source}: record ${id} is stored`).toBeDefined();
    made.set(record!.check.id, (made.get(record!.check.id) ?? 0) + 1);
  }
  const where = `${outcome.source}: routed ${JSON.stringify([...exact])} open ${JSON.stringify([...open])}, recorded ${JSON.stringify([...made])}`;
  expect(new Set(outcome.recordIds).size, where).toBe(outcome.recordIds.length);
  for (const check of new Set([...exact.keys(), ...made.keys(), ...open])) {
    const count = made.get(check) ?? 0;
    if (open.has(check)) expect(count, where).toBeGreaterThanOrEqual(exact.get(check) ?? 0);
    else expect(count, where).toBe(exact.get(check) ?? 0);
  }
}

/** The properties of every batch: one outcome per unit, records = routed pairs, every record stored, valid and verified. */
export async function assessBatch(run: BatchRun, env: PropertyEnv): Promise<void> {
  const { parsed, expected, summary, records, storedIds } = run;
  expect(summary.outcomes).toHaveLength(parsed.length);
  summary.outcomes.forEach((outcome, i) => {
    assessOutcome(outcome, parsed[i]!, expected[i]!);
    assessRouting(outcome, parsed[i]!, records);
  });
  // Every record an outcome names is stored, and nothing else is: none lost, none orphaned.
  const named = summary.outcomes.flatMap((o) => o.recordIds).sort();
  expect([...storedIds].sort()).toEqual(named);
  expect([summary.records, summary.written, summary.duplicates]).toEqual([storedIds.length, storedIds.length, 0]);

  const report = await verifyStore(run.store, { publicKeys: [env.publicPem] });
  expect(report.failures).toEqual([]);
  expect([report.checked, report.ok, report.objects, report.duplicates]).toEqual([records.size, records.size, summary.objects, storedIds.length - records.size]);
  // A unit delivered twice is a retry, never a failure (two units with one event id may differ in verdict).
  for (const warning of report.warnings ?? []) expect(['RECORD_RETRIED', 'RECORD_RETRIED_RESULT_DIFFERS']).toContain(warning.code);
}
