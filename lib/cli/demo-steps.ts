import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKS } from '../checks/registry.ts';
import type { Signer } from '../evidence/types.ts';
import { emptySummary, type RunSummary } from '../pipeline/writer.ts';
import { runSweep } from '../pipeline/sweep.ts';
import { openStore } from './open-store.ts';
import { recordAttestation, recordException } from './ledger-store.ts';

/**
 * The demo's steps that are not events (lib/cli/demo/clinic/<step>/step.json): the daily sweeps
 * of two accounts, an exception and attestations, written through the same code as
 * `collect --sweep`, `trailproof except` and `trailproof attest`. Days are counted back from the
 * run's `now`, so the report always shows fresh, stale and silent evidence as the step says.
 */

const DAY_MS = 86_400_000;

/** A step.json: one of these, each optional. */
interface DemoStep {
  sweeps?: Array<{ responses: string; kinds: string[]; daysAgo: number[]; hour: number }>;
  exception?: { check: string; resource: string; kind: string; reason: string; approver: string; ticket?: string; effectiveFrom?: string; expiresInDays: number };
  attestations?: Array<{ citation: string; rule?: string; statement: string; by: string; file?: string; expiresInDays?: number }>;
}

/** What a step needs: where the store and key are, the engine factory (loaded by the demo), and the run's clock. */
export interface DemoStepContext {
  store: string;
  keyPath: string;
  signer: Signer;
  now: Date;
  localEngine: typeof import('./engine.ts').localEngine;
}

/** Adds one summary's result counts and outcomes into another. */
function merge(into: RunSummary, from: RunSummary): void {
  into.outcomes.push(...from.outcomes);
  into.records += from.records;
  into.written += from.written;
  into.duplicates += from.duplicates;
  into.objects += from.objects;
  into.runRecords = (into.runRecords ?? 0) + (from.runRecords ?? 0);
  for (const [check, counts] of Object.entries(from.byCheck)) {
    const total = (into.byCheck[check] ??= {});
    for (const [result, n] of Object.entries(counts)) total[result] = (total[result] ?? 0) + n;
  }
}

/**
 * Runs a step.json step; undefined when the folder has none (an events step).
 *
 * @returns the records the step's sweeps wrote, and a line saying what else it wrote.
 */
export async function runDemoStep(dir: string, context: DemoStepContext): Promise<{ summary: RunSummary; note: string } | undefined> {
  const text = await readFile(join(dir, 'step.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const step = JSON.parse(text) as DemoStep;
  const summary = emptySummary();
  const notes: string[] = [];
  const midnight = Math.floor(context.now.getTime() / DAY_MS) * DAY_MS;
  for (const sweep of step.sweeps ?? []) {
    const deps = await context.localEngine({ store: context.store, keyPath: context.keyPath, responses: join(dir, sweep.responses), functionName: 'demo-sweep' });
    // Every sweep check of the kinds the recorded account answers: new checks of those kinds join by themselves.
    const checkIds = CHECKS.filter((c) => c.metadata.triggers.sweep && sweep.kinds.includes(c.metadata.snapshotKind)).map((c) => c.metadata.id);
    for (const daysAgo of sweep.daysAgo) {
      const startedAt = new Date(midnight - daysAgo * DAY_MS + sweep.hour * 3_600_000);
      merge(summary, await runSweep(deps, { account: deps.account!, regions: [deps.region!], startedAt, checkIds }));
    }
  }
  if (summary.runRecords) notes.push(`${summary.runRecords} run records`);
  const store = await openStore(context.store);
  if (step.exception) {
    const { expiresInDays, effectiveFrom, ticket, ...rest } = step.exception;
    const expires = new Date(context.now.getTime() + expiresInDays * DAY_MS).toISOString();
    const known = new Set(CHECKS.map((c) => c.metadata.id));
    await recordException(store, context.signer, { ...rest, expires, ...(ticket ? { ticket } : {}), ...(effectiveFrom ? { effectiveFrom } : {}) }, (id) => known.has(id), context.now);
    notes.push(`an exception to ${rest.check} on ${rest.resource}`);
  }
  for (const attestation of step.attestations ?? []) {
    const { expiresInDays, file, rule, ...rest } = attestation;
    await recordAttestation(store, context.signer, {
      ...rest,
      ...(rule ? { rule } : {}),
      ...(file ? { file: join(dir, file) } : {}),
      ...(expiresInDays ? { expires: new Date(context.now.getTime() + expiresInDays * DAY_MS).toISOString() } : {}),
    }, context.now);
    notes.push(`an attestation of ${attestation.citation}`);
  }
  return { summary, note: notes.join(', ') };
}
