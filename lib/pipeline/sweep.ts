import { readsOfChecks, type Check, type Snapshot } from '../model/check.ts';
import { runCheck } from '../checks/run-check.ts';
import { toReadError } from '../collectors/read.ts';
import { RunMemo } from '../collectors/run-memo.ts';
import { kindsOfChecks, loadKinds } from '../collectors/lazy-kinds.ts';
import type { AwsClients, SnapshotKind } from '../collectors/types.ts';
import { buildRecord } from '../evidence/record.ts';
import type { UnsignedRecord } from '../evidence/types.ts';
import type { TriggerInfo } from '../model/trigger-info.ts';
import type { EngineDeps } from './evaluate.ts';
import { snapshotChunks } from './listing.ts';
import { StoreError } from '../errors.ts';
import { keyUnder, RUNS_PREFIX } from '../store/layout.ts';
import { signLedger } from './ledger-writer.ts';
import { RunTally } from './run-record.ts';
import { EvidenceWriter, fail, type InputOutcome, type RunSummary, type WriterDeps } from './writer.ts';

export interface SweepOptions {
  account: string;
  regions: string[];
  /** The baseline's observedAt; one sweep, one time. */
  startedAt?: Date;
  /** Only these checks (default: every check with triggers.sweep). */
  checkIds?: string[];
  /** Resources read at once per region (bounded so throttling and memory stay flat). */
  resourceConcurrency?: number;
}

/**
 * The daily baseline: for every region, enumerate each resource the sweep checks cover, read it
 * once (only what the checks of its kind declare in metadata `reads`), run every check of its
 * kind, and write one record per check and resource. Account-level facts (the account's S3 Block
 * Public Access) are read once per account and region for the whole sweep, not once per resource.
 * Streams in chunks, so memory grows with the chunk, not the account. A listing that fails is an
 * `error` record per check for that scope, never silence.
 *
 * Then one signed run record per region (evidence-schemas/run.v1, under runs/): the checks run,
 * the resources each judged by result, the inputs that could not be recorded, start and end. A
 * region without a run record on a day is what reports call silence.
 */
export async function runSweep(deps: EngineDeps & WriterDeps, options: SweepOptions): Promise<RunSummary> {
  const startedAt = (options.startedAt ?? deps.now?.() ?? new Date()).toISOString();
  const checks = deps.checks.filter((c) => c.metadata.triggers.sweep && (!options.checkIds || options.checkIds.includes(c.metadata.id)));
  const runs = new RunTally(options.account);
  // The tally needs a few facts per record: whole records wait in the writer only for a caller's onStored.
  const writer = new EvidenceWriter({
    ...deps,
    onStoredBrief: (record) => {
      runs.stored(record);
      deps.onStoredBrief?.(record);
    },
  });
  const memo = new RunMemo();
  for (const [regionIndex, region] of options.regions.entries()) {
    const trigger: TriggerInfo = { source: 'sweep', eventId: `sweep:${options.account}:${region}:${startedAt}` };
    const record = (check: Check, snapshot: Snapshot): UnsignedRecord => {
      const finding = runCheck(check, snapshot, deps.settings, new Date(startedAt));
      return buildRecord({ metadata: check.metadata, finding, snapshot, trigger, observedAt: startedAt, collectorFunction: deps.functionName });
    };
    const scope = `${options.account}:${region}`;
    /** Every check of a kind says `error` for the whole scope: what could not be listed is never silence. */
    const scopeError = async (kind: SnapshotKind, kindChecks: Check[], operation: string, error: unknown): Promise<void> => {
      const snapshot: Snapshot = { kind: kind.kind, resource: { type: kind.resourceType, id: scope }, account: options.account, region, error: toReadError(operation, error), source: 'api' };
      const outcome: InputOutcome = { source: `${kind.kind}:${scope}`, status: 'recorded', recordIds: [] };
      writer.summary.outcomes.push(outcome);
      runs.outcome(region, outcome);
      await writer.add(outcome, kindChecks.map((check) => record(check, snapshot)));
    };
    const swept = (await loadKinds(deps.kinds, kindsOfChecks(checks)))
      .filter((kind) => !(kind.global && regionIndex > 0)) // global services (IAM) once, from the first region
      .map((kind) => ({ kind, kindChecks: checks.filter((c) => c.metadata.snapshotKind === kind.kind) }))
      .filter(({ kindChecks }) => kindChecks.length > 0);
    runs.ran(region, swept.flatMap(({ kindChecks }) => kindChecks.map((c) => c.metadata.id)));
    let clients: AwsClients;
    try {
      clients = await deps.clientsFor(options.account, region);
    } catch (error) {
      // e.g. the member account's read-only role is missing: every check says so for this scope.
      for (const { kind, kindChecks } of swept) await scopeError(kind, kindChecks, 'sts:AssumeRole', error);
      continue;
    }
    for (const { kind, kindChecks } of swept) {
      const ctx = { clients, account: options.account, region, reads: readsOfChecks(kindChecks), memo };
      try {
        for await (const snapshots of snapshotChunks(kind, ctx, options.resourceConcurrency ?? 8)) {
          for (const snapshot of snapshots) {
            const outcome: InputOutcome = { source: `${kind.kind}:${snapshot.resource.id}`, status: 'recorded', recordIds: [] };
            writer.summary.outcomes.push(outcome);
            runs.outcome(region, outcome);
            // One resource AWS describes with a value no record can hold fails alone, not its scope or batch.
            let records: UnsignedRecord[];
            try {
              records = kindChecks.map((check) => record(check, snapshot));
            } catch (error) {
              fail(outcome, `no record made: ${(error as Error).message}`);
              continue;
            }
            await writer.add(outcome, records);
          }
        }
      } catch (error) {
        await scopeError(kind, kindChecks, `${kind.kind}.enumerate`, error);
      }
    }
  }
  await writer.flush();
  await writeRunRecords(deps, runs, startedAt, writer.summary);
  return writer.summary;
}

/**
 * The sweep's run records, one per region, as one signed object (`summary.runRecords` counts them).
 * One that cannot be written is a failed outcome of the sweep, so the Lambda retries it.
 */
async function writeRunRecords(deps: EngineDeps & WriterDeps, runs: RunTally, startedAt: string, summary: RunSummary): Promise<void> {
  try {
    const endedAt = deps.now?.() ?? new Date();
    const documents = runs.documents(startedAt, endedAt.toISOString(), deps.functionName);
    if (documents.length === 0) return;
    const object = await signLedger(documents, deps.signer, endedAt);
    // Named by its SHA-256: the same bytes again are a retry, other bytes under the name never ours.
    const { conflict } = await deps.store.put(keyUnder(RUNS_PREFIX, object.key), object.bytes);
    if (conflict) throw new StoreError(`${object.key} already holds other bytes than its name says`);
    summary.runRecords = documents.length;
  } catch (error) {
    const outcome: InputOutcome = { source: `run-records:${runs.account}`, status: 'recorded', recordIds: [] };
    summary.outcomes.push(outcome);
    fail(outcome, `run records not written: ${(error as Error).message}`);
  }
}
