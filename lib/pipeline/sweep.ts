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
 */
export async function runSweep(deps: EngineDeps & WriterDeps, options: SweepOptions): Promise<RunSummary> {
  const startedAt = (options.startedAt ?? deps.now?.() ?? new Date()).toISOString();
  const checks = deps.checks.filter((c) => c.metadata.triggers.sweep && (!options.checkIds || options.checkIds.includes(c.metadata.id)));
  const writer = new EvidenceWriter(deps);
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
      const outcome = { source: `${kind.kind}:${scope}`, status: 'recorded' as const, recordIds: [] };
      writer.summary.outcomes.push(outcome);
      await writer.add(outcome, kindChecks.map((check) => record(check, snapshot)));
    };
    const swept = (await loadKinds(deps.kinds, kindsOfChecks(checks)))
      .filter((kind) => !(kind.global && regionIndex > 0)) // global services (IAM) once, from the first region
      .map((kind) => ({ kind, kindChecks: checks.filter((c) => c.metadata.snapshotKind === kind.kind) }))
      .filter(({ kindChecks }) => kindChecks.length > 0);
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
  return writer.summary;
}
